// GEMM throughput of the wasm backend (1 and 2 threads) against the js reference on the shapes of one
// training step of the 784-512-20 VAE at batch 128, and on 1024³. Run after `npm run build`:
//   node bench/wasm-gemm.mjs [--json] [--threads 1,2] [--quick]
// Where the engine has relaxed SIMD (Node >= 22; Node 20 with --experimental-wasm-relaxed-simd) the relaxed
// build is measured as well.
import { JsBackend } from '../dist/backend/js-backend.js';
import { createWasmBackend, relaxedSimdSupported } from '../dist/backend/wasm-backend.js';
import { medianMs } from './timing.mjs';

/** Median ms of fn over at least minMs, after a warm-up long enough for V8 to tier the wasm up from Liftoff. */
const time = (fn, minMs) => medianMs(fn, { warmupReps: 10, warmupMs: 300, minReps: 5, minMs });


const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const threadsArg = args.indexOf('--threads');
const threadList = threadsArg >= 0 ? args[threadsArg + 1].split(',').map(Number) : [1, 2];

// C[M×N] = op(A)[M×K]·op(B)[K×N]; the layer shapes are in→out of the VAE (encoder 784→512→(μ, logvar) 2×20,
// decoder 20→512→784); each layer has a forward Y = X·W, dW = Xᵀ·dY (transA) and dX = dY·Wᵀ (transB).
const SHAPES = [
  { name: 'fwd 128x784*784x512', M: 128, N: 512, K: 784, tA: false, tB: false },
  { name: 'dW 784x128^T*128x512', M: 784, N: 512, K: 128, tA: true, tB: false },
  { name: 'dX 128x512*512x784^T', M: 128, N: 784, K: 512, tA: false, tB: true },
  { name: 'fwd 128x512*512x40', M: 128, N: 40, K: 512, tA: false, tB: false },
  { name: 'dW 512x128^T*128x40', M: 512, N: 40, K: 128, tA: true, tB: false },
  { name: 'dX 128x40*40x512^T', M: 128, N: 512, K: 40, tA: false, tB: true },
  { name: 'fwd 128x20*20x512', M: 128, N: 512, K: 20, tA: false, tB: false },
  { name: 'sq 1024^3', M: 1024, N: 1024, K: 1024, tA: false, tB: false, big: true },
];
const LAYERS = [[784, 512], [512, 40], [20, 512], [512, 784]];
const STEP = LAYERS.flatMap(([i, o]) => [
  { M: 128, N: o, K: i, tA: false, tB: false },
  { M: i, N: o, K: 128, tA: true, tB: false },
  { M: 128, N: i, K: o, tA: false, tB: true },
]);
const flops = (s) => 2 * s.M * s.N * s.K;

function fillRandom(a, seed) {
  let x = seed >>> 0 || 1;
  for (let i = 0; i < a.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; a[i] = (x >>> 0) / 4294967296 - 0.5; }
}


function operands(be, s, seed) {
  const a = be.alloc(s.M * s.K), b = be.alloc(s.K * s.N), c = be.alloc(s.M * s.N);
  fillRandom(a, seed); fillRandom(b, seed + 1);
  return { a, b, c };
}

const results = [];
function record(backend, threads, shape, ms, flop) {
  const gflops = flop / ms / 1e6;
  results.push({ shape, backend, threads, ms, gflops });
  if (!json) console.log(`${backend.padEnd(13)} ${String(threads).padStart(2)}t  ${shape.padEnd(26)} ${ms.toFixed(3).padStart(9)} ms ${gflops.toFixed(1).padStart(7)} GFLOP/s`);
}

function run(be, label, threads) {
  for (const s of SHAPES) {
    if (s.big && label === 'js' && quick) continue;
    const { a, b, c } = operands(be, s, 7);
    const ms = time(() => be.gemm(s.tA, s.tB, s.M, s.N, s.K, 1, a, b, 0, c), quick ? 150 : s.big ? 2000 : 700);
    record(label, threads, s.name, ms, flops(s));
  }
  const ops = STEP.map((s, i) => ({ s, ...operands(be, s, 11 + i) }));
  const stepFlop = STEP.reduce((t, s) => t + flops(s), 0);
  const ms = time(() => { for (const { s, a, b, c } of ops) be.gemm(s.tA, s.tB, s.M, s.N, s.K, 1, a, b, 0, c); }, quick ? 200 : 1500);
  record(label, threads, 'VAE step (12 GEMMs)', ms, stepFlop);
  // The same step as the sum of each product's median: steadier on a shared, loaded machine, where one
  // preemption inside a 12-product step spoils the whole sample.
  const parts = ops.map(({ s, a, b, c }) => time(() => be.gemm(s.tA, s.tB, s.M, s.N, s.K, 1, a, b, 0, c), quick ? 50 : 200));
  record(label, threads, 'VAE step (sum of medians)', parts.reduce((t, x) => t + x, 0), stepFlop);
}

run(new JsBackend(), 'js', 1);
for (const relaxedSimd of relaxedSimdSupported() ? [false, true] : [false]) {
  for (const t of threadList) {
    const be = await createWasmBackend({ threads: t, relaxedSimd });
    run(be, relaxedSimd ? 'wasm-relaxed' : 'wasm', be.threads);
  }
}
if (json) console.log(JSON.stringify({ gemm: results }));
