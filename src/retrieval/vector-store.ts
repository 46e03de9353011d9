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
/**
 * Up to this many vectors the store searches exactly (hnswlib's brute-force index): at 128 dimensions a search
 * over 100,000 vectors takes about 2 ms on this 2-core machine, and over 250,000 about 5 ms, well inside the
 * retrieval budget, while an HNSW graph of 50,000 costs seconds of CPU to build and is only approximate.
 * Above it, an HNSW graph (search cost grows with the log of the size).
 */
export const EXACT_MAX_VECTORS = 250_000;
/** From this many vectors on, `builder` builds a graph on a worker thread (below, a thread costs more than it saves). */
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

/** How a store searches: every vector (exact), or an HNSW graph (approximate). */
export type VectorSearch = 'exact' | 'graph';

type Index = InstanceType<typeof hnswlib.HierarchicalNSW> | InstanceType<typeof hnswlib.BruteforceSearch>;

function newIndex(search: VectorSearch, dimensions: number, capacity: number): Index {
  if (search === 'exact') {
    const index = new hnswlib.BruteforceSearch('cosine', dimensions);
    index.initIndex(Math.max(1, capacity));
    return index;
  }
  const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
  index.initIndex(Math.max(1, capacity), M, EF_CONSTRUCTION, SEED);
  return index;
}

/** The search a store of `capacity` vectors uses unless told otherwise. */
export function searchFor(capacity: number): VectorSearch {
  return capacity <= EXACT_MAX_VECTORS ? 'exact' : 'graph';
}

/**
 * Nearest-neighbour search over passage vectors, on hnswlib-node (cosine space): exact up to
 * `EXACT_MAX_VECTORS`, an HNSW graph above. Passage i of the index has label i.
 *
 * @example
 * const store = VectorStore.build(vectors);
 * store.search(queryVector, 10) // [{ doc: 3, similarity: 0.82 }, …]
 */
export class VectorStore {
  private constructor(
    private readonly index: Index,
    readonly dimensions: number,
    private count: number,
    /** Exact (brute force) or approximate (HNSW graph). */
    readonly kind: VectorSearch,
  ) {}

  /** Number of vectors in the graph. */
  get size(): number {
    return this.count;
  }


  /** A store over `vectors` (all of one dimension). A graph has M=16, efConstruction=100: good recall at 100k. */
  static build(vectors: ArrayLike<number>[], dimensions = vectors[0]?.length ?? 1, search = searchFor(vectors.length)): VectorStore {
    const store = VectorStore.create(dimensions, vectors.length, search);
    vectors.forEach((v, i) => {
      if (v.length !== dimensions) throw new Error(`vector ${i} has ${v.length} dimensions, expected ${dimensions}`);
      store.add(v);
    });
    return store;
  }

  /**
   * An empty store for `capacity` vectors, filled with `add`: a large corpus can be embedded batch by batch
   * without holding all its vectors in JavaScript memory as well as in the index.
   */
  static create(dimensions: number, capacity: number, search = searchFor(capacity)): VectorStore {
    return new VectorStore(newIndex(search, dimensions, capacity), dimensions, 0, search);
  }

  /**
   * A builder for a store of at most `capacity` vectors. A small store is filled in place. A large one
   * (`WORKER_MIN_VECTORS`, or `worker: true`), exact or a graph, is built on a worker thread as the
   * vectors come, so that on a machine with two cores the index build's other work (tagging, analysing, the
   * lexical index) runs beside it; the worker writes the store to a temporary file that `finish` loads. The
   * store is the same either way (same order, same seed).
   */
  static builder(dimensions: number, capacity: number, options: { worker?: boolean; search?: VectorSearch } = {}): VectorStoreBuilder {
    const search = options.search ?? searchFor(capacity);
    if (!(options.worker ?? capacity >= WORKER_MIN_VECTORS)) {
      const store = VectorStore.create(dimensions, capacity, search);
      return {
        add: (v) => {
          if (store.size >= capacity) throw new Error(`the store holds at most ${capacity} vectors`);
          store.add(v);
        },
        finish: async () => store,
        abort: async () => undefined,
      };
    }
    const path = join(tmpdir(), `vectors-${process.pid}-${randomUUID()}.hnsw`);
    const worker = new Worker(new URL('./vector-worker.mjs', import.meta.url), {
      workerData: { search, dimensions, capacity, m: M, efConstruction: EF_CONSTRUCTION, seed: SEED, path },
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
          return VectorStore.load(path, dimensions, count, search);
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

  /** Loads a store written by `save` (of the kind it was written as). */
  static load(path: string, dimensions: number, size: number, search: VectorSearch): VectorStore {
    const index = search === 'exact' ? new hnswlib.BruteforceSearch('cosine', dimensions) : new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(path);
    if (index.getCurrentCount() !== size) throw new Error(`vector index holds ${index.getCurrentCount()} vectors, expected ${size}`);
    return new VectorStore(index, dimensions, size, search);
  }

  /** Writes the store to `path`. */
  save(path: string): void {
    this.index.writeIndexSync(path);
  }

  /** The k passages nearest to `vector`, nearest first. */
  search(vector: number[], k: number): Neighbour[] {
    if (this.size === 0) return [];
    const n = Math.min(k, this.size);
    if (this.index instanceof hnswlib.HierarchicalNSW) this.index.setEf(Math.max(64, n * 2));
    const { neighbors, distances } = this.index.searchKnn(vector, n);
    return neighbors.map((doc, i) => ({ doc, similarity: 1 - distances[i]! }));
  }
}
