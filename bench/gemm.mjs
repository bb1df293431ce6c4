// GEMM throughput of the native backend (1 and 2 threads, per ISA) against the TypeScript reference,
// on the VAE's products (batch 128, 784-512-20 MLP) and 1024³. Needs a build: npm run build, then
// node-gyp rebuild --directory=native.  Usage: node bench/gemm.mjs [--isa=all|avx512|avx2|scalar] [--no-js]
import { existsSync } from 'node:fs';
import { medianMs } from './timing.mjs';

const here = new URL('.', import.meta.url);
const distDir = ['../dist/backend/', '../build/native-ts/backend/'].map((p) => new URL(p, here))
  .find((u) => existsSync(new URL('native-backend.js', u)));
if (distDir === undefined) throw new Error('bench/gemm.mjs: build first (npm run build)');
const { JsBackend } = await import(new URL('js-backend.js', distDir).href);
const nat = await import(new URL('native-backend.js', distDir).href);

const args = process.argv.slice(2);
const isaArg = (args.find((a) => a.startsWith('--isa=')) ?? '--isa=auto').slice(6);
const withJs = !args.includes('--no-js');

// C[M×N] = op(A)·op(B); the VAE layers are 784→512, 512→40 (μ and log σ²), 20→512, 512→784.
const SHAPES = [
  { name: 'fwd  128x784 * 784x512', M: 128, N: 512, K: 784, tA: false, tB: false },
  { name: 'dW   784x128^T * 128x512', M: 784, N: 512, K: 128, tA: true, tB: false },
  { name: 'dX   128x512 * 512x784^T', M: 128, N: 784, K: 512, tA: false, tB: true },
  { name: 'fwd  128x512 * 512x40', M: 128, N: 40, K: 512, tA: false, tB: false },
  { name: 'dW   512x128^T * 128x40', M: 512, N: 40, K: 128, tA: true, tB: false },
  { name: 'dX   128x40 * 40x512^T', M: 128, N: 512, K: 40, tA: false, tB: true },
  { name: 'fwd  128x20 * 20x512', M: 128, N: 512, K: 20, tA: false, tB: false },
  { name: 'dW   20x128^T * 128x512', M: 20, N: 512, K: 128, tA: true, tB: false },
  { name: 'dX   128x512 * 512x20^T', M: 128, N: 20, K: 512, tA: false, tB: true },
  { name: 'sq   1024^3', M: 1024, N: 1024, K: 1024, tA: false, tB: false },
];
const LAYERS = [[784, 512], [512, 40], [20, 512], [512, 784]];
const STEP = LAYERS.flatMap(([i, o]) => [
  { M: 128, N: o, K: i, tA: false, tB: false }, { M: i, N: o, K: 128, tA: true, tB: false }, { M: 128, N: i, K: o, tA: false, tB: true },
]);
const flops = (s) => 2 * s.M * s.N * s.K;

function random(n, seed) {
  const a = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; a[i] = (x >>> 0) / 4294967296 - 0.5; }
  return a;
}


/** Median milliseconds of fn after 3 warm-up calls, over at least minMs and 5 runs. */
const time = (fn, minMs) => medianMs(fn, { warmupReps: 3, minReps: 5, minMs, maxReps: 100000 });

const operands = (s, seed) => ({ A: random(s.M * s.K, seed), B: random(s.K * s.N, seed + 1), C: new Float32Array(s.M * s.N) });

function gflops(be, s, minMs) {
  const { A, B, C } = operands(s, 7);
  return flops(s) / time(() => be.gemm(s.tA, s.tB, s.M, s.N, s.K, 1, A, B, 0, C), minMs) / 1e6;
}

function stepGflops(be, minMs) {
  const ops = STEP.map((s, i) => ({ s, ...operands(s, 10 + 2 * i) }));
  const total = STEP.reduce((a, s) => a + flops(s), 0);
  return total / time(() => { for (const { s, A, B, C } of ops) be.gemm(s.tA, s.tB, s.M, s.N, s.K, 1, A, B, 0, C); }, minMs) / 1e6;
}

const native = nat.loadNativeBackend();
if (native === null) { console.log(`native backend unavailable: ${nat.nativeUnavailableReason()}`); process.exit(1); }
const isas = isaArg === 'all' ? nat.availableIsas() : [isaArg === 'auto' ? native.isa : isaArg];
const columns = [];
for (const isa of isas) for (const threads of [1, 2]) columns.push({ label: `${isa} ${threads}t`, isa, threads });

console.log(`cpu features: ${nat.cpuFeatures().join(' ')}; cores default ${native.threads}; GFLOP/s (median)`);
const head = ['shape'.padEnd(28), ...(withJs ? ['js'.padStart(8)] : []), ...columns.map((c) => c.label.padStart(12))];
console.log(head.join(' '));
const js = new JsBackend();
const rows = [...SHAPES.map((s) => ({ name: s.name, run: (be, ms) => gflops(be, s, ms), big: s.M * s.N * s.K > 1e8 })),
  { name: 'VAE step, 12 GEMMs', run: (be, ms) => stepGflops(be, ms), big: false }];
for (const row of rows) {
  const cells = [row.name.padEnd(28)];
  if (withJs) cells.push(row.run(js, row.big ? 1 : 200).toFixed(1).padStart(8));
  for (const c of columns) {
    nat.setIsa(c.isa);
    nat.setThreads(c.threads);
    cells.push(row.run(native, row.big ? 1500 : 700).toFixed(1).padStart(12));
  }
  console.log(cells.join(' '));
}
nat.setIsa('auto');
