// `node bench/dimred-speed.mjs METHOD N`: wall and CPU seconds of one manifold-learning library on the first N MNIST
// training images (784-D), for choosing the baselines' libraries. METHOD: umap-js, druid-umap, druid-tsne,
// druid-isomap, druid-lle, aekit-lle (ours, src/eval/baselines/lle.ts). Prints one JSON line.
import { UMAP } from 'umap-js';
import * as druid from '@saehrimnir/druidjs';
import { useBackend } from '../dist/backend/select.js';
import { loadMnist } from '../dist/data/mnist.js';
import { LocallyLinearEmbedding } from '../dist/eval/baselines/lle.js';
import { Tensor } from '../dist/tensor/tensor.js';

const [which, count] = process.argv.slice(2);
const n = Number(count);
if (!which || !Number.isInteger(n) || n < 20) throw new Error('usage: node bench/dimred-speed.mjs METHOD N');
if (which === 'aekit-lle') await useBackend();
const train = loadMnist({ split: 'train', limit: n });
const rows = Array.from({ length: n }, (_, i) => Float64Array.from(train.images.subarray(i * 784, (i + 1) * 784)));
let s = 0x1234;
const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const run = {
  'umap-js': () => new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random }).fit(rows),
  'druid-umap': () => new druid.UMAP(rows, { d: 2, n_neighbors: 15, min_dist: 0.1, seed: 1 }).transform(),
  'druid-tsne': () => new druid.TSNE(rows, { d: 2, perplexity: 30, seed: 1 }).transform(500),
  'druid-isomap': () => new druid.ISOMAP(rows, { d: 2, neighbors: 10, seed: 1 }).transform(),
  'druid-lle': () => new druid.LLE(rows, { d: 2, neighbors: 10, seed: 1 }).transform(),
  'aekit-lle': () => new LocallyLinearEmbedding({ latentDim: 2, neighbors: 10 }).fit(new Tensor(train.images, [n, 784])),
}[which];
if (run === undefined) throw new Error(`unknown method ${which}`);
run();
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ method: which, points: n, wallSeconds: +((performance.now() - t0) / 1000).toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2) }));
