// The worker thread of VectorStore.builder: builds the store (an HNSW graph, or an exact one) from vectors sent in
// batches, in label order, while the main thread goes on with the lexical index; then writes it to the file it was given.
// Plain JavaScript, so that it runs under node, tsx and vitest alike.
import { parentPort, workerData } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

const { search, dimensions, capacity, m, efConstruction, seed, path } = workerData;
// An exact store (brute force) or an HNSW graph, as VectorStore's newIndex makes them.
const index = search === 'exact' ? new hnswlib.BruteforceSearch('cosine', dimensions) : new hnswlib.HierarchicalNSW('cosine', dimensions);
if (search === 'exact') index.initIndex(Math.max(1, capacity));
else index.initIndex(Math.max(1, capacity), m, efConstruction, seed);
let count = 0;
parentPort.on('message', (message) => {
  if (message.type === 'add') {
    const data = new Float32Array(message.buffer, 0, message.count * dimensions);
    for (let i = 0; i < message.count; i++) index.addPoint(Array.from(data.subarray(i * dimensions, (i + 1) * dimensions)), count++);
  } else if (message.type === 'finish') {
    index.writeIndexSync(path);
    parentPort.postMessage({ type: 'done', count });
  }
});
