// `npm run bench [-- --json] [-- --quick]`: GEMM throughput per aekit backend, and one full training step
// (forward + backward + Adam) of the 784-512-20 VAE at batch 128 for each aekit backend and for TensorFlow.js
// `cpu` and `wasm`, all in this one process, with the ratios between them. Also one real MNIST epoch for the
// fast backends. Everything is timed here on the same machine, in the same run.
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import * as ae from '../dist/index.js';
import { useBackend } from '../dist/backend/select.js';
import { defaultConfig, buildModel } from '../dist/models/registry.js';
import { loadMnist } from '../dist/data/mnist.js';
import { loadTfjs, makeTfjsVaeStep } from './tfjs-vae.mjs';
import { medianMs } from './timing.mjs';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const quick = args.has('--quick');
/** Median ms of `fn`: 5 warm-up calls, then at least 10 calls and the time budget (at most 200 calls). */
const time = (fn, { warmup = 5, minReps = 10, budgetMs = quick ? 300 : 2000 } = {}) =>
  medianMs(fn, { warmupReps: warmup, minReps, minMs: budgetMs, maxReps: Math.max(200, minReps) });

const log = (m) => { if (!asJson) process.stdout.write(`${m}\n`); };
// TF.js prints a banner recommending tfjs-node (which cannot install here) on first use; keep output clean.
console.log = () => {};
console.warn = () => {};
const note = (m) => process.stderr.write(`${m}\n`);


const GEMM_SHAPES = [
  // name, transA, transB, m, n, k — the 784-512-20 VAE's first layer at batch 128, forward and backward
  ['fwd 128x784 . 784x512', false, false, 128, 512, 784],
  ['dW 784x128^T . 128x512', true, false, 784, 512, 128],
  ['dX 128x512 . 512x784^T', false, true, 128, 784, 512],
  ['fwd 128x512 . 512x40', false, false, 128, 40, 512],
  ['1024^3', false, false, 1024, 1024, 1024],
];

function gemmGflops(be, [, tA, tB, m, n, k]) {
  const a = be.alloc(m * k);
  const b = be.alloc(k * n);
  const c = be.alloc(m * n);
  const gen = new ae.Generator(1);
  gen.fillUniform(a, -1, 1);
  gen.fillUniform(b, -1, 1);
  const slow = be.name === 'js';
  const ms = time(() => be.gemm(tA, tB, m, n, k, 1, a, b, 0, c), slow ? { warmup: 1, minReps: 1, budgetMs: 0 } : {});
  return (2 * m * n * k) / (ms * 1e6);
}

/**
 * OpenBLAS's cblas_sgemm on the same shapes, where it is installed (Debian: libopenblas-dev), built and run as
 * a child process. OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are unset for it: they pin old kernels that are slower.
 */
function openblasGflops(threads) {
  try {
    const exe = join(mkdtempSync(join(tmpdir(), 'aekit-oblas-')), 'openblas-gemm');
    execFileSync('cc', ['-O2', '-o', exe, join(dirname(fileURLToPath(import.meta.url)), 'openblas-gemm.c'), '-lopenblas'], { stdio: 'ignore' });
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const argv = GEMM_SHAPES.flatMap(([, tA, tB, m, n, k]) => [tA ? 1 : 0, tB ? 1 : 0, m, n, k].map(String));
    return JSON.parse(execFileSync(exe, argv, { env, encoding: 'utf8' }));
  } catch {
    return null;
  }
}

function vaeModel(seed = 1) {
  const config = defaultConfig('vae', { inputShape: [784], latentDim: 20, overrides: { hidden: [512] } });
  return buildModel(config, new ae.Generator(seed));
}

function makeAekitVaeStep() {
  const model = vaeModel();
  const opt = new ae.optim.Adam(model.parameters(), { lr: 1e-3 });
  let step = 0;
  return (x) => {
    opt.zeroGrad();
    const loss = model.loss({ x, labels: null }, new ae.Generator(1000 + step++)).total;
    ae.backward(loss);
    opt.step();
    return loss.item();
  };
}

function batchOf(images, start, size) {
  return ae.tensor(images.subarray(start * 784, (start + size) * 784), [size, 784]);
}

async function main() {
  const mnist = loadMnist({ split: 'train' });
  const fixedBatch = () => batchOf(mnist.images, 0, 128);
  const result = { backend: null, threads: null, gemm: [], vaeStepMs: {}, epochSeconds: {} };
  const available = [];
  for (const name of ['native', 'wasm', 'js']) {
    try {
      await useBackend(name);
      available.push(name);
    } catch (err) {
      note(`aekit-${name}: not available (${err.message})`);
    }
  }
  const fastest = available[0];
  await useBackend(fastest);
  result.backend = fastest;
  result.threads = ae.backend().threads;
  log(`aekit bench on ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; backends: ${available.join(', ')}; threads: ${result.threads}`);

  log('GEMM GFLOP/s');
  for (const name of available) {
    const be = await useBackend(name);
    for (const shape of GEMM_SHAPES) {
      if (name === 'js' && quick && shape[0] === '1024^3') continue;
      const gflops = gemmGflops(be, shape);
      result.gemm.push({ shape: shape[0], backend: name, gflops: +gflops.toFixed(2) });
      log(`  ${name.padEnd(7)} ${shape[0].padEnd(24)} ${gflops.toFixed(1).padStart(7)}`);
    }
  }

  const oblas = openblasGflops(result.threads);
  if (oblas === null) note('openblas: not installed (apt-get install libopenblas-dev to compare)');
  else {
    GEMM_SHAPES.forEach((shape, i) => {
      result.gemm.push({ shape: shape[0], backend: 'openblas', gflops: oblas[i] });
      const mine = result.gemm.find((g) => g.shape === shape[0] && g.backend === fastest);
      log(`  openblas ${shape[0].padEnd(24)} ${oblas[i].toFixed(1).padStart(7)}   (aekit-${fastest}: ${(100 * mine.gflops / oblas[i]).toFixed(0)} %)`);
    });
    const vaeShapes = GEMM_SHAPES.slice(0, 4).map((sh) => sh[0]);
    const sumTime = (b) => vaeShapes.reduce((t, name, i) => t + (2 * GEMM_SHAPES[i][3] * GEMM_SHAPES[i][4] * GEMM_SHAPES[i][5]) / result.gemm.find((g) => g.shape === name && g.backend === b).gflops, 0);
    result.fractionOfOpenblas = +(sumTime('openblas') / sumTime(fastest)).toFixed(3);
    log(`  aekit-${fastest} reaches ${(100 * result.fractionOfOpenblas).toFixed(0)} % of OpenBLAS's throughput on the VAE shapes (time-weighted)`);
  }

  log('\nVAE 784-512-20, batch 128: one training step (forward + backward + Adam)');
  for (const name of available) {
    await useBackend(name);
    const step = makeAekitVaeStep();
    const x = fixedBatch();
    const ms = time(() => step(x), name === 'js' ? { warmup: 1, minReps: 2, budgetMs: 0 } : {});
    result.vaeStepMs[`aekit-${name}`] = +ms.toFixed(3);
    log(`  aekit-${name.padEnd(7)} ${ms.toFixed(2).padStart(9)} ms`);
  }
  for (const name of ['wasm', 'cpu']) {
    const { tf, reason } = await loadTfjs(name);
    if (tf === null) { note(`tfjs-${name}: ${reason}`); continue; }
    const step = makeTfjsVaeStep(tf);
    const x = tf.tensor2d(mnist.images.subarray(0, 128 * 784), [128, 784]);
    const ms = time(() => step(x), name === 'cpu' ? { warmup: 1, minReps: 2, budgetMs: 0 } : { warmup: 2, minReps: 3, budgetMs: quick ? 500 : 3000 });
    result.vaeStepMs[`tfjs-${name}`] = +ms.toFixed(3);
    log(`  tfjs-${name.padEnd(8)} ${ms.toFixed(2).padStart(9)} ms`);
    x.dispose();
  }
  const ratio = (a, b) => (result.vaeStepMs[a] && result.vaeStepMs[b] ? result.vaeStepMs[b] / result.vaeStepMs[a] : null);
  result.ratios = {};
  for (const mine of available.map((n) => `aekit-${n}`)) {
    for (const peer of ['tfjs-wasm', 'tfjs-cpu']) {
      const r = ratio(mine, peer);
      if (r !== null) {
        result.ratios[`${mine} vs ${peer}`] = +r.toFixed(1);
        log(`  ${mine} is ${r.toFixed(1)}x faster than ${peer}`);
      }
    }
  }

  if (!quick) {
    log('\nOne MNIST epoch (60,000 images, 469 steps of 128), all ops');
    for (const name of available.filter((n) => n !== 'js')) {
      await useBackend(name);
      const step = makeAekitVaeStep();
      const batches = new ae.MiniBatches(mnist.count, 128, { gen: new ae.Generator(0) });
      const data = ae.tensor(mnist.images, [mnist.count, 784]);
      const t0 = performance.now();
      for (const idx of batches.batches(0)) step(ae.takeRows(data, idx));
      const s = (performance.now() - t0) / 1000;
      result.epochSeconds[`aekit-${name}`] = +s.toFixed(2);
      log(`  aekit-${name.padEnd(7)} ${s.toFixed(2)} s`);
    }
  }
  if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
process.exit(0);
