import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

/** Graph parameters: M=16, efConstruction=100, a fixed seed (the same vectors always give the same graph). */
const M = 16;
const EF_CONSTRUCTION = 100;
const SEED = 42;
/** From this many vectors on, `builder` builds the graph on a worker thread (below, a thread costs more than it saves). */
export const WORKER_MIN_VECTORS = 4096;
/** Vectors sent to the worker per message. */
const WORKER_BATCH = 1024;

/** Fills a graph vector by vector, in label order; `finish` gives the store. */
export interface VectorStoreBuilder {
  add(vector: ArrayLike<number>): void;
  finish(): Promise<VectorStore>;
  /** Gives up (the build failed elsewhere): stops the worker, if any, and removes its file. */
  abort(): Promise<void>;
}

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
    index.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION, SEED);
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
    index.initIndex(Math.max(1, capacity), M, EF_CONSTRUCTION, SEED);
    return new VectorStore(index, dimensions, 0);
  }

  /**
   * A builder for a graph of at most `capacity` vectors. For large graphs (`WORKER_MIN_VECTORS`, or
   * `worker: true`) the graph is built on a worker thread as the vectors come, so that on a machine with two
   * cores the index build's other work (tagging, analysing, the lexical index) runs beside it; the worker
   * writes the graph to a temporary file that `finish` loads. The graph is the same either way (same order,
   * same seed).
   */
  static builder(dimensions: number, capacity: number, options: { worker?: boolean } = {}): VectorStoreBuilder {
    if (!(options.worker ?? capacity >= WORKER_MIN_VECTORS)) {
      const store = VectorStore.create(dimensions, capacity);
      return { add: (v) => store.add(v), finish: async () => store, abort: async () => undefined };
    }
    const path = join(tmpdir(), `vectors-${process.pid}-${randomUUID()}.hnsw`);
    const worker = new Worker(new URL('./vector-worker.mjs', import.meta.url), {
      workerData: { dimensions, capacity, m: M, efConstruction: EF_CONSTRUCTION, seed: SEED, path },
      // The worker is plain JavaScript: no TypeScript loader needed (nor wanted: it would slow its start).
      execArgv: [],
    });
    let failure: Error | null = null;
    const done = new Promise<number>((resolve, reject) => {
      worker.on('message', (m: { type: string; count: number }) => m.type === 'done' && resolve(m.count));
      worker.on('error', (e) => reject((failure = e)));
      worker.on('exit', (code) => reject((failure ??= new Error(`the vector graph worker stopped (exit code ${code})`))));
    });
    done.catch(() => undefined);
    let batch = new Float32Array(WORKER_BATCH * dimensions);
    let inBatch = 0;
    let sent = 0;
    const flush = () => {
      if (!inBatch) return;
      worker.postMessage({ type: 'add', buffer: batch.buffer, count: inBatch }, [batch.buffer]);
      sent += inBatch;
      batch = new Float32Array(WORKER_BATCH * dimensions);
      inBatch = 0;
    };
    return {
      add: (vector) => {
        if (failure) throw failure;
        if (vector.length !== dimensions) throw new Error(`vector has ${vector.length} dimensions, expected ${dimensions}`);
        if (sent + inBatch >= capacity) throw new Error(`the graph holds at most ${capacity} vectors`);
        batch.set(vector, inBatch * dimensions);
        if (++inBatch === WORKER_BATCH) flush();
      },
      finish: async () => {
        flush();
        worker.postMessage({ type: 'finish' });
        try {
          const count = await done;
          return VectorStore.load(path, dimensions, count);
        } finally {
          await worker.terminate();
          await rm(path, { force: true });
        }
      },
      abort: async () => {
        await worker.terminate();
        await rm(path, { force: true });
      },
    };
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
