import hnswlib from 'hnswlib-node';

/** A nearest neighbour: the passage number and its cosine similarity to the query. */
export interface Neighbour {
  doc: number;
  similarity: number;
}

/**
 * Approximate nearest-neighbour search over passage vectors, on hnswlib-node (HNSW graph, cosine space).
 * Passage i of the index has label i.
 *
 * @example
 * const store = VectorStore.build(vectors);
 * store.search(queryVector, 10) // [{ doc: 3, similarity: 0.82 }, …]
 */
export class VectorStore {
  private constructor(
    private readonly index: InstanceType<typeof hnswlib.HierarchicalNSW>,
    readonly dimensions: number,
    private count: number,
  ) {}

  /** Number of vectors in the graph. */
  get size(): number {
    return this.count;
  }


  /** Builds the graph over `vectors` (all of one dimension). M=16, efConstruction=100: good recall at 100k. */
  static build(vectors: ArrayLike<number>[], dimensions = vectors[0]?.length ?? 1): VectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, vectors.length), 16, 100, 42);
    vectors.forEach((v, i) => {
      if (v.length !== dimensions) throw new Error(`vector ${i} has ${v.length} dimensions, expected ${dimensions}`);
      index.addPoint(Array.from(v), i);
    });
    return new VectorStore(index, dimensions, vectors.length);
  }

  /**
   * An empty graph for `capacity` vectors, filled with `add`: a large corpus can be embedded batch by batch
   * without holding all its vectors in JavaScript memory as well as in the graph.
   */
  static create(dimensions: number, capacity: number): VectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), 16, 100, 42);
    return new VectorStore(index, dimensions, 0);
  }

  /** Adds the vector of the next passage (labels are given in order: 0, 1, 2, …). */
  add(vector: ArrayLike<number>): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, expected ${this.dimensions}`);
    this.index.addPoint(Array.from(vector), this.count);
    this.count++;
  }

  /** Loads a graph written by `save`. */
  static load(path: string, dimensions: number, size: number): VectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(path);
    if (index.getCurrentCount() !== size) throw new Error(`vector index holds ${index.getCurrentCount()} vectors, expected ${size}`);
    return new VectorStore(index, dimensions, size);
  }

  /** Writes the graph to `path`. */
  save(path: string): void {
    this.index.writeIndexSync(path);
  }

  /** The k passages nearest to `vector`, nearest first. */
  search(vector: number[], k: number): Neighbour[] {
    if (this.size === 0) return [];
    const n = Math.min(k, this.size);
    this.index.setEf(Math.max(64, n * 2));
    const { neighbors, distances } = this.index.searchKnn(vector, n);
    return neighbors.map((doc, i) => ({ doc, similarity: 1 - distances[i]! }));
  }
}
