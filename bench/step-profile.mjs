// One training step of a benchmark workload, timed alone: wall and process CPU time per step (median and
// quartiles, readable on a loaded machine), the step over its own GEMMs run alone through the backend, and the
// breakdown by kernel category (GEMMs, elementwise, reductions, Adam, allocation + GC, JavaScript).
//
//   node bench/step-profile.mjs [--model mlp-vae|conv-vae|aae] [--backend native|wasm|js] [--threads N]
//                               [--steps 100] [--json]
//   AEKIT_DIST=build/other node bench/step-profile.mjs     (a build other than dist/)
//   node --cpu-prof bench/step-profile.mjs                 (a V8 profile of the same loop)
import { parseArgs } from 'node:util';
import { breakdown, CATEGORIES } from './breakdown.mjs';
import { ae, backend, BATCH, makeStep, recordGemms, useBackend, WORKLOADS } from './workloads.mjs';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp-vae' },
    backend: { type: 'string', default: 'native' },
    threads: { type: 'string' },
    steps: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
if (!(args.model in WORKLOADS)) throw new Error(`--model must be one of ${Object.keys(WORKLOADS).join(', ')}`);

await useBackend(args.backend, args.threads === undefined ? {} : { threads: Number(args.threads) });
const be = backend();
const { step, inputShape } = makeStep(args.model);
const x = ae.uniform(new ae.Generator(2), [BATCH, ...inputShape]);
const run = () => step(x);
const warmup = Number(args.warmup), steps = Number(args.steps);
for (let i = 0; i < warmup; i++) run();
const gemms = recordGemms(run);

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const summary = (xs) => ({ median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75), min: Math.min(...xs) });
// Steps and GEMM replays interleaved, so both see the same machine.
const wall = [], cpu = [], gemmWall = [];
for (let i = 0; i < steps; i++) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  run();
  const t1 = performance.now(), c1 = process.cpuUsage(c0);
  wall.push(t1 - t0);
  cpu.push((c1.user + c1.system) / 1000);
  const g0 = performance.now();
  gemms.replay();
  gemmWall.push(performance.now() - g0);
}
const parts = await breakdown(be, run, Math.max(10, steps >> 1));
const result = {
  model: args.model, backend: be.name, threads: be.threads, steps, wallMs: summary(wall), cpuMs: summary(cpu),
  gemmMs: summary(gemmWall), gemms: gemms.calls.length, gemmGflop: +(gemms.flop / 1e9).toFixed(3),
  stepOverGemm: +(summary(wall).median / summary(gemmWall).median).toFixed(3), breakdown: parts,
};

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  const f = (s) => `${s.median.toFixed(2)} (p25 ${s.p25.toFixed(2)}, p75 ${s.p75.toFixed(2)}, min ${s.min.toFixed(2)})`;
  console.log(`${WORKLOADS[args.model].label}, batch ${BATCH}, ${be.name} backend, ${be.threads} threads, ${steps} steps`);
  console.log(`  wall ms/step   ${f(result.wallMs)}`);
  console.log(`  cpu  ms/step   ${f(result.cpuMs)}`);
  console.log(`  its ${result.gemms} GEMMs alone (${result.gemmGflop} GFLOP): ${f(result.gemmMs)}  → step/GEMMs ${result.stepOverGemm}`);
  console.log(`  breakdown (instrumented, ${parts.stepMs.toFixed(2)} ms/step, ${parts.callsPerStep} kernel calls):`);
  for (const c of CATEGORIES) console.log(`    ${c.padEnd(12)} ${parts.ms[c].toFixed(3).padStart(8)} ms`);
  console.log('  kernels:');
  for (const [k, v] of Object.entries(parts.kernels).slice(0, 16)) console.log(`    ${k.padEnd(24)} ${v.ms.toFixed(3).padStart(7)} ms ×${v.calls}`);
}
process.exit(0);
