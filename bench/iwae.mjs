// `npm run bench:iwae [-- --json] [-- --inputs N] [-- --samples K] [-- --chunk-rows R] [-- --breakdown]`: the importance-weighted NLL evaluation
// (`aekit eval --iw-samples 5000`) on the 784-512-20 VAE, timed against the GEMM rate this same run measures on
// the decoder's two products (K·rows × 20 · 20 × 512 and K·rows × 512 · 512 × 784, weights transposed as
// nn.Linear stores them). The fraction is (decoder GEMM flops of the evaluation / its time) / that GEMM rate, the
// median over the images (see below): 100 % would mean every non-GEMM step (sampling ε, bias, ReLU, BCE,
// log-mean-exp) were free. The warm-up runs
// the same evaluation once with other ε, so the timed one runs as the thousands of images of a real evaluation do:
// the first ~10 passes of a process write into fresh memory-arena pages (page faults; up to several times slower
// GEMMs) until the arena's first collection hands blocks back. `--breakdown` then runs the evaluation once more
// with every kernel timed (bench/breakdown.mjs) and prints where the time goes.
import { useBackend } from '../dist/backend/select.js';
import { backend } from '../dist/backend/registry.js';
import { defaultConfig, buildModel } from '../dist/models/registry.js';
import { loadMnist } from '../dist/data/mnist.js';
import { binarizeFixed } from '../dist/data/binarize.js';
import { importanceWeightedNll, DEFAULT_CHUNK_ROWS } from '../dist/eval/importance-weighted.js';
import { Generator } from '../dist/tensor/random.js';
import { Tensor } from '../dist/tensor/tensor.js';
import { breakdown } from './breakdown.mjs';
import { medianMs } from './timing.mjs';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const withBreakdown = args.includes('--breakdown');
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const inputs = flag('--inputs', 8);
const K = flag('--samples', 5000);
const chunkRows = flag('--chunk-rows', DEFAULT_CHUNK_ROWS);
const L = 20;
const H = 512;
const D = 784;

const be = await useBackend();
const model = buildModel(defaultConfig('vae', { inputShape: [D], latentDim: L, overrides: { hidden: [H] } }), new Generator(1));
const test = binarizeFixed(loadMnist({ split: 'test', limit: inputs }), { method: 'sample', seed: 1 });
const x = new Tensor(test.images, [inputs, D]);

// GEMM rate on the decoder's shapes for one pass of `rows` decoder rows.
const rows = Math.min(K, chunkRows) * Math.max(1, Math.floor(chunkRows / Math.min(K, chunkRows)));
const gen = new Generator(3);
const buf = (n) => gen.fillUniform(be.alloc(n), -1, 1);
const [z, w1, h, w2] = [buf(rows * L), buf(H * L), buf(rows * H), buf(D * H)];
const [o1, o2] = [be.alloc(rows * H), be.alloc(rows * D)];
const passFlops = 2 * rows * (L * H + H * D);
const gemmPass = () => {
  backend().gemm(false, true, rows, H, L, 1, z, w1, 0, o1);
  backend().gemm(false, true, rows, D, H, 1, h, w2, 0, o2);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// The evaluation itself: decoder GEMM flops per input are K·2·(L·H + H·D); the encoder runs once per input. It
// runs one pass group at a time (one image for K ≥ chunkRows, the inputs of one pass otherwise: the same passes
// as one call over all inputs, and the same ε, as each input has its own stream), each timed right after the
// GEMM rate, so that on a shared machine each ratio compares two moments of the same load; the fraction is
// their median.
medianMs(gemmPass, { warmupReps: 2, minReps: 5, minMs: 300 });
importanceWeightedNll(model, x, null, { samples: K, seed: 1, chunkRows }); // warm-up: the same work, other ε
const perPass = Math.max(1, Math.floor(chunkRows / Math.min(K, chunkRows)));
const flopsPerInput = K * 2 * (L * H + H * D);
const nll = [];
const ratios = [];
const gemmRates = [];
let seconds = 0;
for (let s = 0; s < inputs; s += perPass) {
  const count = Math.min(perPass, inputs - s);
  const gemmRate = passFlops / medianMs(gemmPass, { warmupReps: 1, minReps: 3 }) / 1e6;
  const t0 = performance.now();
  nll.push(...importanceWeightedNll(model, new Tensor(x.data.subarray(s * D, (s + count) * D), [count, D]), null,
    { samples: K, seed: 0, chunkRows, firstIndex: s }));
  const dt = (performance.now() - t0) / 1000;
  seconds += dt;
  ratios.push(count * flopsPerInput / dt / 1e9 / gemmRate);
  gemmRates.push(gemmRate);
}
const evalFlops = inputs * flopsPerInput;
const evalGflops = evalFlops / seconds / 1e9;
const gemmGflops = median(gemmRates);
const result = {
  backend: be.name, threads: be.threads, model: '784-512-20 VAE (Bernoulli decoder)', samples: K, inputs, chunkRows,
  secondsPerInput: +(seconds / inputs).toFixed(4), evalGflops: +evalGflops.toFixed(2), gemmGflops: +gemmGflops.toFixed(2),
  fractionOfGemm: +median(ratios).toFixed(3), fractionRange: [+Math.min(...ratios).toFixed(3), +Math.max(...ratios).toFixed(3)],
  meanNll: +(nll.reduce((a, b) => a + b, 0) / inputs).toFixed(2),
};
if (withBreakdown) {
  const b = await breakdown(be, () => importanceWeightedNll(model, x, null, { samples: K, seed: 0, chunkRows }), 1);
  const gemmFraction = evalFlops / (b.ms.gemm / 1000) / 1e9 / gemmGflops;
  result.breakdown = { ...b, gemmRateInEval: +gemmFraction.toFixed(3) };
}
if (asJson) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  console.log(`IW NLL evaluation, K = ${K}, ${result.model}, ${inputs} test images, ${be.name} backend, ${be.threads} threads`);
  console.log(`  ${result.secondsPerInput} s per image; decoder GEMM work at ${result.evalGflops} GFLOP/s`);
  console.log(`  GEMM rate on the same shapes (${rows} rows), median of the ${ratios.length} timings: ${result.gemmGflops} GFLOP/s`);
  const [lo, hi] = result.fractionRange.map((f) => (100 * f).toFixed(1));
  console.log(`  fraction of the GEMM rate: ${(100 * result.fractionOfGemm).toFixed(1)} % (median of ${ratios.length}; ${lo}–${hi} %)`);
  if (withBreakdown) {
    const b = result.breakdown;
    console.log(`  breakdown of one more run (${b.stepMs.toFixed(0)} ms, every kernel timed): ` +
      Object.entries(b.ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms (${(100 * v / b.stepMs).toFixed(1)} %)`).join(', '));
    console.log(`  the GEMMs inside the evaluation ran at ${(100 * b.gemmRateInEval).toFixed(1)} % of the GEMM rate above`);
    for (const [k, v] of Object.entries(b.kernels)) console.log(`    ${k}: ${v.ms.toFixed(1)} ms in ${v.calls} calls`);
  }
}
