// One training step (forward + backward + Adam) of the 784-512-20 VAE at batch 128, timed per step:
// median and quartiles of wall time and of process CPU time (user + system, all threads), so numbers stay
// readable on a shared, loaded machine. With --prof it also times each backend kernel by name.
//
//   node bench/vae-step-profile.mjs [--backend native|wasm|js] [--steps 200] [--prof] [--json]
//   AEKIT_DIST=build/vmath-ts node bench/vae-step-profile.mjs     (a build other than dist/)
//   node --cpu-prof bench/vae-step-profile.mjs                      (a V8 profile of the same loop)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: process.env.B ?? 'native' },
    steps: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '30' },
    prof: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, process.env.AEKIT_DIST ?? 'dist');
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const ae = await load('index.js');
const { useBackend } = await load('backend/select.js');
const { backend } = await load('backend/registry.js');
const { defaultConfig, buildModel } = await load('models/registry.js');

await useBackend(args.backend);
const be = backend();

/** Wraps every kernel of the backend with a timer: per-kernel totals (ms) and call counts. */
function instrument(target) {
  const totals = new Map();
  const proto = Object.getPrototypeOf(target);
  for (const name of Object.getOwnPropertyNames(proto)) {
    const fn = target[name];
    if (name === 'constructor' || typeof fn !== 'function') continue;
    target[name] = function timed(...a) {
      const key = name === 'unary' || name === 'binary' || name === 'reduce' ? `${name}:${a[0]}` : name;
      const t0 = performance.now();
      const r = fn.apply(target, a);
      const e = totals.get(key) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls++;
      totals.set(key, e);
      return r;
    };
  }
  return totals;
}

const model = buildModel(defaultConfig('vae', { inputShape: [784], latentDim: 20, overrides: { hidden: [512] } }), new ae.Generator(1));
const opt = new ae.optim.Adam(model.parameters(), { lr: 1e-3 });
const x = ae.uniform(new ae.Generator(2), [128, 784]);
const step = (i) => {
  opt.zeroGrad();
  const loss = model.loss({ x, labels: null }, new ae.Generator(i)).total;
  ae.backward(loss);
  opt.step();
};

const warmup = Number(args.warmup), steps = Number(args.steps);
for (let i = 0; i < warmup; i++) step(i);
const totals = args.prof ? instrument(be) : null;
const wall = [], cpu = [];
for (let i = 0; i < steps; i++) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  step(warmup + i);
  const t1 = performance.now(), c1 = process.cpuUsage(c0);
  wall.push(t1 - t0);
  cpu.push((c1.user + c1.system) / 1000);
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const summary = (xs) => ({ median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75), min: Math.min(...xs) });
const result = { backend: be.name, threads: be.threads, steps, wallMs: summary(wall), cpuMs: summary(cpu) };

if (args.json) {
  if (totals) result.kernels = Object.fromEntries([...totals].map(([k, v]) => [k, { msPerStep: v.ms / steps, calls: v.calls / steps }]));
  console.log(JSON.stringify(result));
} else {
  const f = (s) => `${s.median.toFixed(2)} (p25 ${s.p25.toFixed(2)}, p75 ${s.p75.toFixed(2)}, min ${s.min.toFixed(2)})`;
  console.log(`VAE 784-512-20, batch 128, ${be.name} backend, ${be.threads} threads, ${steps} steps`);
  console.log(`  wall ms/step  ${f(result.wallMs)}`);
  console.log(`  cpu  ms/step  ${f(result.cpuMs)}`);
  if (totals) {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
    const all = rows.reduce((s, [, v]) => s + v.ms, 0) / steps;
    console.log(`  kernels (ms per step, wall, incl. call overhead; ${all.toFixed(2)} ms in kernels of ${result.wallMs.median.toFixed(2)}):`);
    for (const [k, v] of rows.slice(0, 25)) console.log(`    ${k.padEnd(22)} ${(v.ms / steps).toFixed(3).padStart(7)}  ×${(v.calls / steps).toFixed(0)}`);
  }
}
process.exit(0);
