// `npm run bench [-- --json] [-- --quick] [-- --repeats N]`: aekit against its peers, all in one run on this
// machine, every comparison a ratio of medians over interleaved repeats (each repeat measures every contender once,
// so a machine that slows down slows all of them alike; GEMMs also report the ratio of each side's best repeat):
//   - GEMM on every shape the benchmark models use, per native code path (AEKIT_NATIVE_ISA) against OpenBLAS's kernel
//     for the same ISA (OPENBLAS_CORETYPE), and the wasm backend against native;
//   - one training step (forward + backward + Adam, batch 128) of the MLP VAE, the conv VAE and the AAE per backend,
//     against its own GEMMs run alone (`stepOverGemm`) and with a breakdown of where the rest goes;
//   - PyTorch CPU (Debian's python3-torch) on the MLP and conv VAE steps and an MNIST epoch; TF.js on the MLP VAE step;
//   - the MLP VAE step in headless Chromium against the same step on Node's wasm backend.
// Options: --quick (2 repeats, no epochs, no scalar ISA), --repeats N, --epochs N (default min(3, repeats)),
// --no-pytorch, --no-browser, --no-tfjs, --no-epochs, --no-iwae (the IW NLL evaluation line of issue #8), --save FILE (the JSON object, in either mode). Peers that are not installed are skipped with a note that says how to install them.
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { breakdown } from './breakdown.mjs';
import { browserPeer } from './browser.mjs';
import { openblasPeer, pytorchPeer } from './peers.mjs';
import { loadTfjs, makeTfjsVaeStep } from './tfjs-vae.mjs';
import { medianMs } from './timing.mjs';
import { ae, backend, BATCH, batchOf, makeStep, recordGemms, useBackend, WORKLOADS } from './workloads.mjs';

const { values: opt } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    'no-pytorch': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'no-tfjs': { type: 'boolean', default: false },
    'no-epochs': { type: 'boolean', default: false },
    'no-iwae': { type: 'boolean', default: false },
    epochs: { type: 'string' },
    save: { type: 'string' },
  },
});
const quick = opt.quick;
const REPEATS = Number(opt.repeats ?? (quick ? 2 : 5));
const log = (m = '') => { if (!opt.json) process.stdout.write(`${m}\n`); };
const note = (m) => process.stderr.write(`${m}\n`);
// TF.js prints a banner recommending tfjs-node on first use; keep the output clean.
console.log = () => {};
console.warn = () => {};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 3) => (Number.isFinite(x) ? +x.toFixed(d) : null);
const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 2, n = 8) => (Number.isFinite(x) ? x.toFixed(d) : '—').padStart(n);

/** Median ms per call of fn over `reps` calls after `warmup`. */
function timeReps(fn, reps, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn();
  const ms = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); ms.push(performance.now() - t0); }
  return median(ms);
}

function cpuModel() {
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  return cpus()[0]?.model ?? 'unknown CPU';
}

// ---------------------------------------------------------------- setup

const nat = await import('../dist/backend/native-backend.js');
const { setBackend } = await import('../dist/backend/registry.js');
const backends = {};
for (const name of ['native', 'wasm', 'js']) {
  try {
    backends[name] = await useBackend(name);
  } catch (err) {
    note(`aekit-${name}: not available (${err.message})`);
  }
}
const fastest = ['native', 'wasm', 'js'].find((n) => backends[n]);
setBackend(backends[fastest]);
const threads = backends[fastest].threads;
const isas = backends.native ? nat.availableIsas().filter((i) => !(quick && i === 'scalar')) : [];
const machine = {
  cpu: cpuModel(), cores: cpus().length, threads, node: process.version,
  features: nat.cpuFeatures(), nativeIsa: backends.native?.isa ?? null, isas,
};
const result = {
  backend: fastest, threads, machine, repeats: REPEATS,
  gemm: [], vaeStepMs: {}, epochSeconds: {}, ratios: {},
  convVaeStepMs: {}, aaeStepMs: {}, stepOverGemm: {}, gemmMs: {}, breakdown: {},
  fractionOfOpenblasByShape: {}, openblas: {}, pytorch: null, browser: null,
};
log(`aekit bench: ${machine.cpu}, ${machine.cores} cores, ${threads} threads; ${machine.features.join(' ') || 'no x86 SIMD'}; ` +
  `native ISA ${machine.nativeIsa ?? '—'}; backends: ${Object.keys(backends).join(', ')}; ${REPEATS} interleaved repeats`);

const mnist = (await import('../dist/data/mnist.js')).loadMnist({ split: 'train' });

// The workloads per fast backend: a model and optimizer made while that backend is active, a batch, its GEMMs.
const stepBackends = ['native', 'wasm'].filter((n) => backends[n]);
const workloads = {};
const WARMUP_MS = 3000;
for (const b of stepBackends) {
  setBackend(backends[b]);
  for (const w of Object.keys(WORKLOADS)) {
    const { step, inputShape } = makeStep(w);
    const x = batchOf(mnist.images, 0, BATCH, inputShape);
    // Steady state before anything is timed: V8 tiers the ops' JavaScript up over the first few dozen steps and
    // the arena grows its slabs and sets its collection interval; a step of the first ~40 ran 1.5–5× slower than
    // later ones (measured, MLP VAE on the native backend), and --quick times only ~22 steps per workload.
    const w0 = performance.now();
    for (let i = 0; i < 200 && (i < 5 || performance.now() - w0 < WARMUP_MS); i++) step(x);
    const gemms = recordGemms(() => step(x));
    workloads[`${b}/${w}`] = { backend: b, workload: w, run: () => step(x), gemms, stepMs: [], gemmMs: [] };
  }
}

// Every GEMM shape the workloads use (on the native backend), and 1024³.
const shapes = new Map();
for (const wl of Object.values(workloads).filter((w) => w.backend === (backends.native ? 'native' : 'wasm'))) {
  for (const c of wl.gemms.calls) {
    const key = `${c[0] ? 1 : 0}${c[1] ? 1 : 0} ${c[2]}×${c[3]}×${c[4]}`;
    const e = shapes.get(key) ?? { call: c, workloads: new Set() };
    e.workloads.add(wl.workload);
    shapes.set(key, e);
  }
}
shapes.set('00 1024×1024×1024', { call: [false, false, 1024, 1024, 1024, 0], workloads: new Set(['square']) });
const shapeName = (key) => {
  const [flags, dims] = key.split(' ');
  const [m, n, k] = dims.split('×').map(Number);
  return `${flags[0] === '1' ? `(${k}x${m})ᵀ` : `${m}x${k}`}·${flags[1] === '1' ? `(${n}x${k})ᵀ` : `${k}x${n}`}`;
};

// ---------------------------------------------------------------- peers

const peers = { openblas: {}, pytorch: null, browser: null };
// OpenBLAS's kernel for each of aekit's code paths: its own choice for this CPU (AVX-512 here), Haswell (AVX2 + FMA),
// Prescott (SSE3, the oldest x86-64 kernels; aekit's 'scalar' path is portable C that compilers vectorise to SSE2).
const CORE_FOR_ISA = { avx512: null, avx2: 'Haswell', scalar: 'Prescott' };
for (const isa of isas) {
  const { peer, reason } = await openblasPeer(CORE_FOR_ISA[isa], threads);
  if (peer) peers.openblas[isa] = peer;
  else note(`openblas: ${reason}`);
}
result.openblas = Object.fromEntries(Object.entries(peers.openblas).map(([isa, p]) => [isa, p.core]));
if (!opt['no-pytorch']) {
  const { peer, reason } = await pytorchPeer(mnist.images, mnist.count, threads);
  if (peer) peers.pytorch = peer;
  else note(`pytorch: ${reason}`);
}
if (!opt['no-browser'] && backends.wasm) {
  const { peer, reason } = await browserPeer(backends.wasm.threads);
  if (peer) peers.browser = peer;
  else note(`browser: ${reason}`);
}

// ---------------------------------------------------------------- interleaved repeats

const gemmRounds = {}; // isa -> key -> [{ aekit, openblas }]
const wasmGemm = {}; // key -> [{ wasm, native }]
const torchMs = { 'mlp-vae': [], 'conv-vae': [] };
const browserMs = { 'aekit.wasm': [], 'aekit-relaxed.wasm': [] };

/** Operands for a GEMM on the active backend, kept per backend and shape. */
const operands = new Map();
function gemmRunner(be, call) {
  const id = `${be.name} ${call.join(',')}`;
  if (!operands.has(id)) {
    const [, , m, n, k] = call;
    const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n);
    const gen = new ae.Generator(5);
    gen.fillUniform(a, -1, 1);
    gen.fillUniform(b, -1, 1);
    operands.set(id, () => be.gemm(call[0], call[1], m, n, k, 1, a, b, 0, c));
  }
  return operands.get(id);
}
/** Calls that take about 30 ms in all, at least 3 and at most 30, for a product of `flop` at `gflops`. */
const repsFor = (flop, gflops) => Math.max(3, Math.min(30, Math.round(30 / (flop / (gflops * 1e6)))));

for (let r = 0; r < REPEATS; r++) {
  if (!opt.json) process.stderr.write(`repeat ${r + 1}/${REPEATS}\r`);
  // GEMMs per ISA against OpenBLAS, and wasm against native.
  for (const isa of isas) {
    nat.setIsa(isa);
    for (const [key, { call }] of shapes) {
      const flop = 2 * call[2] * call[3] * call[4];
      const reps = repsFor(flop, isa === 'scalar' ? 10 : 80);
      const aekitMs = timeReps(gemmRunner(backends.native, call), reps, 2);
      const peer = peers.openblas[isa];
      const oblas = peer ? (await peer.gemm(call, reps)).median : NaN;
      ((gemmRounds[isa] ??= {})[key] ??= []).push({ aekit: aekitMs, openblas: oblas });
    }
  }
  if (backends.native) nat.setIsa('auto');
  if (backends.wasm) {
    for (const [key, { call, workloads: ws }] of shapes) {
      if (!ws.has('mlp-vae') && !ws.has('square')) continue;
      const flop = 2 * call[2] * call[3] * call[4];
      const reps = repsFor(flop, 40);
      const w = timeReps(gemmRunner(backends.wasm, call), reps, 2);
      const n = backends.native ? timeReps(gemmRunner(backends.native, call), reps, 2) : NaN;
      (wasmGemm[key] ??= []).push({ wasm: w, native: n });
    }
  }
  // Training steps and their own GEMMs, alternating.
  for (const wl of Object.values(workloads)) {
    setBackend(backends[wl.backend]);
    const reps = wl.workload === 'mlp-vae' ? 10 : quick ? 3 : 5;
    // Three untimed steps first: the GEMM loops just before leave the arena and caches in another state.
    wl.stepMs.push(timeReps(wl.run, reps, 3));
    wl.gemmMs.push(timeReps(wl.gemms.replay, reps, 1));
  }
  if (peers.pytorch) {
    torchMs['mlp-vae'].push(median(await peers.pytorch.step('mlp-vae', 10)));
    torchMs['conv-vae'].push(median(await peers.pytorch.step('conv-vae', quick ? 3 : 5)));
  }
  if (peers.browser) {
    for (const file of Object.keys(browserMs)) {
      if (peers.browser.modules[file]?.error) continue;
      browserMs[file].push(median(await peers.browser.time(file, r === 0 ? 10 : 2, 10)));
    }
  }
}
if (!opt.json) process.stderr.write('\n');

// ---------------------------------------------------------------- GEMM report

log('\nGEMM: aekit native against OpenBLAS, per code path (GFLOP/s aekit, OpenBLAS, medians; fraction = OpenBLAS time / aekit time)');
const bestFractions = {};
for (const isa of isas) {
  const core = peers.openblas[isa]?.core ?? 'not available';
  log(`  ${isa} (OpenBLAS ${core})`);
  const fractions = {};
  for (const [key, { call, workloads: ws }] of shapes) {
    const rows = gemmRounds[isa][key];
    const flop = 2 * call[2] * call[3] * call[4];
    const a = median(rows.map((x) => x.aekit)), o = median(rows.map((x) => x.openblas));
    const fraction = o / a;
    // The repeats least disturbed by other work on the machine: each side's fastest.
    const best = Math.min(...rows.map((x) => x.openblas)) / Math.min(...rows.map((x) => x.aekit));
    fractions[shapeName(key)] = round(fraction);
    (bestFractions[isa] ??= {})[shapeName(key)] = round(best);
    log(`    ${pad(shapeName(key), 28)} ${pad([...ws].join(','), 22)} ${num(flop / (a * 1e6), 1)} ${num(flop / (o * 1e6), 1)}  ${num(100 * fraction, 0, 5)} %  (best ${num(100 * best, 0, 4)} %)`);
    if (isa === (machine.nativeIsa ?? isa)) {
      result.gemm.push({ shape: shapeName(key), backend: 'native', gflops: round(flop / (a * 1e6), 2), workloads: [...ws] });
      if (Number.isFinite(o)) result.gemm.push({ shape: shapeName(key), backend: 'openblas', gflops: round(flop / (o * 1e6), 2), workloads: [...ws] });
    }
  }
  result.fractionOfOpenblasByShape[isa] = fractions;
  result.bestRunFractionOfOpenblasByShape = bestFractions;
  const worst = Object.entries(fractions).filter(([, f]) => f !== null).sort((x, y) => x[1] - y[1])[0];
  if (worst) log(`    lowest: ${(100 * worst[1]).toFixed(0)} % (${worst[0]})`);
}
if (backends.native && peers.openblas[machine.nativeIsa]) {
  // Time-weighted over the MLP VAE's GEMMs (the earlier bench's single figure).
  let t = 0, to = 0;
  for (const [key, { workloads: ws }] of shapes) {
    if (!ws.has('mlp-vae')) continue;
    const rows = gemmRounds[machine.nativeIsa][key];
    t += median(rows.map((x) => x.aekit));
    to += median(rows.map((x) => x.openblas));
  }
  result.fractionOfOpenblas = round(to / t);
  log(`  over the MLP VAE's GEMMs (time-weighted), aekit-${machine.nativeIsa} reaches ${(100 * result.fractionOfOpenblas).toFixed(0)} % of OpenBLAS`);
}
if (backends.wasm && backends.native) {
  log('\nGEMM: wasm against native, same shapes (GFLOP/s)');
  let tw = 0, tn = 0;
  const byShape = {};
  for (const [key, rows] of Object.entries(wasmGemm)) {
    const { call } = shapes.get(key);
    const flop = 2 * call[2] * call[3] * call[4];
    const w = median(rows.map((x) => x.wasm)), n = median(rows.map((x) => x.native));
    if (key !== '00 1024×1024×1024') { tw += w; tn += n; }
    byShape[shapeName(key)] = round(n / w);
    result.gemm.push({ shape: shapeName(key), backend: 'wasm', gflops: round(flop / (w * 1e6), 2) });
    log(`    ${pad(shapeName(key), 28)} wasm ${num(flop / (w * 1e6), 1)}  native ${num(flop / (n * 1e6), 1)}  ${num(100 * byShape[shapeName(key)], 0, 5)} %`);
  }
  result.wasmOverNativeGemm = { mlpVae: round(tn / tw), byShape };
  log(`  wasm reaches ${(100 * tn / tw).toFixed(0)} % of native on the MLP VAE's GEMMs (time-weighted)`);
}

// ---------------------------------------------------------------- steps

log('\nTraining steps, batch 128 (ms, medians): the step, its own GEMMs run alone, and the ratio');
for (const wl of Object.values(workloads)) {
  const s = median(wl.stepMs), g = median(wl.gemmMs);
  const ratio = s / g;
  const key = `aekit-${wl.backend}`;
  (result.stepOverGemm[key] ??= {})[wl.workload] = round(ratio);
  (result.gemmMs[key] ??= {})[wl.workload] = round(g);
  if (wl.workload === 'mlp-vae') result.vaeStepMs[key] = round(s);
  if (wl.workload === 'conv-vae') result.convVaeStepMs[key] = round(s);
  if (wl.workload === 'aae') result.aaeStepMs[key] = round(s);
  log(`  ${pad(key, 12)} ${pad(WORKLOADS[wl.workload].label, 34)} ${num(s)}  GEMMs ${num(g)} (${(wl.gemms.flop / 1e9).toFixed(2)} GFLOP, ${wl.gemms.calls.length} calls)  step/GEMMs ${num(ratio, 2, 5)}`);
}
if (backends.js) {
  setBackend(backends.js);
  const { step } = makeStep('mlp-vae');
  const x = batchOf(mnist.images, 0, BATCH, [784]);
  result.vaeStepMs['aekit-js'] = round(timeReps(() => step(x), quick ? 1 : 2, 1));
  log(`  aekit-js     ${pad(WORKLOADS['mlp-vae'].label, 34)} ${num(result.vaeStepMs['aekit-js'])}`);
}

// Where the time of each fast backend's MLP VAE step goes (instrumented, so a little slower than above).
log('\nBreakdown of the MLP VAE step (ms per step, instrumented)');
for (const b of stepBackends) {
  setBackend(backends[b]);
  const wl = workloads[`${b}/mlp-vae`];
  const parts = await breakdown(backends[b], wl.run, quick ? 10 : 30);
  result.breakdown[`aekit-${b}`] = parts;
  log(`  aekit-${pad(b, 7)} ${Object.entries(parts.ms).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; step ${parts.stepMs.toFixed(2)}`);
}

// ---------------------------------------------------------------- peers: PyTorch, TF.js, browser

if (peers.pytorch) {
  const p = peers.pytorch;
  result.pytorch = { version: p.info.torch, threads: p.info.threads, stepMs: round(median(torchMs['mlp-vae'])), convStepMs: round(median(torchMs['conv-vae'])) };
  result.vaeStepMs.pytorch = result.pytorch.stepMs;
  result.convVaeStepMs.pytorch = result.pytorch.convStepMs;
  log(`\nPyTorch ${p.info.torch} CPU, ${p.info.threads} threads (same repeats): MLP VAE step ${num(result.pytorch.stepMs)} ms, conv VAE step ${num(result.pytorch.convStepMs)} ms`);
  for (const b of stepBackends) {
    const mine = workloads[`${b}/mlp-vae`], conv = workloads[`${b}/conv-vae`];
    const r1 = median(torchMs['mlp-vae']) / median(mine.stepMs);
    const r2 = median(torchMs['conv-vae']) / median(conv.stepMs);
    result.ratios[`aekit-${b} vs pytorch (mlp-vae step)`] = round(r1, 2);
    result.ratios[`aekit-${b} vs pytorch (conv-vae step)`] = round(r2, 2);
    log(`  aekit-${b} is ${r1.toFixed(2)}× faster on the MLP VAE step, ${r2.toFixed(2)}× on the conv VAE step`);
  }
}

if (!opt['no-tfjs']) {
  log('\nTF.js, MLP VAE step (one measurement each; aekit is tens of times faster)');
  for (const name of ['wasm', 'cpu']) {
    const { tf, reason } = await loadTfjs(name);
    if (tf === null) { note(`tfjs-${name}: ${reason}`); continue; }
    const step = makeTfjsVaeStep(tf);
    const x = tf.tensor2d(mnist.images.subarray(0, 128 * 784), [128, 784]);
    const ms = medianMs(() => step(x), name === 'cpu' ? { warmupReps: 1, minReps: 2 } : { warmupReps: 2, minReps: 3, minMs: quick ? 300 : 2000 });
    result.vaeStepMs[`tfjs-${name}`] = round(ms);
    x.dispose();
    for (const b of Object.keys(result.vaeStepMs).filter((k) => k.startsWith('aekit-'))) {
      result.ratios[`${b} vs tfjs-${name}`] = round(ms / result.vaeStepMs[b], 1);
    }
    log(`  tfjs-${pad(name, 5)} ${num(ms)} ms`);
  }
}

if (peers.browser) {
  // The page runs the module Node's wasm backend uses (relaxed SIMD or not), and the other one for comparison.
  const nodeWasm = workloads['wasm/mlp-vae'];
  const same = backends.wasm.isa === 'wasm-relaxed-simd' ? 'aekit-relaxed.wasm' : 'aekit.wasm';
  const other = same === 'aekit.wasm' ? 'aekit-relaxed.wasm' : 'aekit.wasm';
  const b = median(browserMs[same]);
  const ratio = b / median(nodeWasm.stepMs);
  result.browser = {
    chromium: peers.browser.version, module: same, stepMs: round(b), nodeWasmStepMs: round(median(nodeWasm.stepMs)),
    overNodeWasm: round(ratio), otherModule: other, otherModuleStepMs: round(median(browserMs[other])),
    threads: peers.browser.modules[same]?.threads ?? null, errors: peers.browser.errors,
  };
  log(`\nHeadless Chromium (${result.browser.chromium}), MLP VAE step on ${same} (as Node's wasm backend) with ` +
    `${result.browser.threads} threads: ${num(b)} ms, ${ratio.toFixed(2)}× Node's (${num(median(nodeWasm.stepMs))} ms); ` +
    `${other}: ${num(result.browser.otherModuleStepMs)} ms`);
}

// ---------------------------------------------------------------- epochs

if (!quick && !opt['no-epochs']) {
  const EPOCHS = Number(opt.epochs ?? Math.min(3, REPEATS));
  log(`\nOne MNIST epoch of the MLP VAE (60,000 images, 469 steps of 128), all ops; ${EPOCHS} interleaved repeats`);
  const seconds = {};
  for (let r = 0; r < EPOCHS; r++) {
    for (const b of stepBackends) {
      setBackend(backends[b]);
      const { step } = makeStep('mlp-vae', 7);
      const batches = new ae.MiniBatches(mnist.count, BATCH, { gen: new ae.Generator(r) });
      const data = ae.tensor(mnist.images, [mnist.count, 784]);
      const t0 = performance.now();
      for (const idx of batches.batches(0)) step(ae.takeRows(data, idx));
      (seconds[`aekit-${b}`] ??= []).push((performance.now() - t0) / 1000);
    }
    if (peers.pytorch) (seconds.pytorch ??= []).push(await peers.pytorch.epoch('mlp-vae'));
  }
  for (const [k, v] of Object.entries(seconds)) {
    result.epochSeconds[k] = round(median(v), 2);
    log(`  ${pad(k, 12)} ${num(median(v))} s`);
  }
  if (seconds.pytorch) {
    result.pytorch.epochSeconds = result.epochSeconds.pytorch;
    for (const b of stepBackends) {
      const r = median(seconds.pytorch) / median(seconds[`aekit-${b}`]);
      result.ratios[`aekit-${b} vs pytorch (mlp-vae epoch)`] = round(r, 2);
      log(`  aekit-${b} is ${r.toFixed(2)}× faster than PyTorch over the epoch`);
    }
  }
}

// ---------------------------------------------------------------- IW NLL evaluation (issue #8)

if (!opt['no-iwae']) {
  // Its own process (bench/iwae.mjs, also `npm run bench:iwae`): the evaluation on the default backend, timed
  // against the GEMM rate that process measures on the decoder's shapes.
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, [new URL('./iwae.mjs', import.meta.url).pathname, '--json', '--inputs', quick ? '2' : '8'], { encoding: 'utf8' });
  result.iwae = JSON.parse(out.trim().split('\n').at(-1));
  log(`\nIW NLL evaluation (aekit eval --iw-samples 5000), 784-512-20 VAE, ${result.iwae.inputs} test images, ${result.iwae.backend}: ` +
    `${result.iwae.secondsPerInput} s per image, ${result.iwae.evalGflops} GFLOP/s of decoder GEMM work against ${result.iwae.gemmGflops} ` +
    `GFLOP/s for its GEMMs alone: ${(100 * result.iwae.fractionOfGemm).toFixed(1)} %`);
}

// ---------------------------------------------------------------- the targets of issues #13 and #8

const targets = [];
const target = (name, value, ok, unit = '') => targets.push({ name, value, met: value === null || value === undefined ? null : ok(value), unit });
target('native MLP VAE step / its GEMMs ≤ 1.25', result.stepOverGemm['aekit-native']?.['mlp-vae'], (v) => v <= 1.25, '×');
for (const isa of isas) {
  const fr = Object.values(result.fractionOfOpenblasByShape[isa] ?? {}).filter((v) => v !== null);
  target(`GEMM ≥ 90 % of OpenBLAS on every shape (${isa}, lowest)`, fr.length ? Math.min(...fr) : null, (v) => v >= 0.9);
}
target('native conv VAE step / its GEMMs ≤ 1.5', result.stepOverGemm['aekit-native']?.['conv-vae'], (v) => v <= 1.5, '×');
target('native AAE step / its GEMMs ≤ 1.3', result.stepOverGemm['aekit-native']?.aae, (v) => v <= 1.3, '×');
target('wasm GEMM ≥ 45 % of native (MLP VAE shapes)', result.wasmOverNativeGemm?.mlpVae, (v) => v >= 0.45);
target('MLP VAE epoch ≥ 4× faster than PyTorch (native)', result.ratios['aekit-native vs pytorch (mlp-vae epoch)'], (v) => v >= 4, '×');
target('conv VAE step ≥ 4× faster than PyTorch (native)', result.ratios['aekit-native vs pytorch (conv-vae step)'], (v) => v >= 4, '×');
target('browser step ≤ 1.3× Node wasm', result.browser?.overNodeWasm, (v) => v <= 1.3, '×');
target('IW NLL (K = 5000) ≥ 60 % of the GEMM rate (issue #8)', result.iwae?.fractionOfGemm, (v) => v >= 0.6);
result.targets = targets;
log('\nTargets (issue #13; the last one issue #8)');
for (const t of targets) log(`  ${t.met === null ? '  —' : t.met ? ' met' : 'MISS'}  ${pad(t.name, 52)} ${t.value ?? 'not measured'}`);

for (const p of Object.values(peers.openblas)) p.close();
peers.pytorch?.close();
await peers.browser?.close();
if (opt.json) process.stdout.write(`${JSON.stringify(result)}\n`);
if (opt.save) (await import('node:fs')).writeFileSync(opt.save, `${JSON.stringify(result, null, 1)}\n`);
process.exit(0);
