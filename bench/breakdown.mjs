// Where a training step's time goes: every kernel of the active backend timed by category (GEMMs, elementwise,
// reductions, Adam, allocation), garbage-collection pauses from V8's own 'gc' performance entries, and what is
// left, the JavaScript of the ops, autograd and optimizer themselves.
import { PerformanceObserver, performance } from 'node:perf_hooks';

const CATEGORY = {
  gemm: 'gemm',
  unary: 'elementwise', binary: 'elementwise', where: 'elementwise', copyStrided: 'elementwise', fill: 'elementwise',
  biasAct: 'elementwise', biasActBackward: 'elementwise', bceWithLogitsRows: 'elementwise', reparameterize: 'elementwise',
  im2col: 'elementwise', col2im: 'elementwise',
  reduce: 'reduction', argReduce: 'reduction',
  adamUpdate: 'adam',
  alloc: 'alloc',
};
export const CATEGORIES = ['gemm', 'elementwise', 'reduction', 'adam', 'allocGc', 'js'];

/**
 * Times `steps` calls of `step()` with every kernel of `be` wrapped in a timer. Returns milliseconds per step
 * by category, the kernel calls per step, and the step's wall time under instrumentation (~0.1 µs per call of
 * timer overhead included in `js`).
 */
export async function breakdown(be, step, steps) {
  const kernels = Object.keys(CATEGORY).filter((k) => typeof be[k] === 'function');
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const perKernel = new Map();
  let calls = 0;
  for (const name of kernels) {
    const fn = be[name];
    be[name] = function timed(...args) {
      const t0 = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        const dt = performance.now() - t0;
        const category = CATEGORY[name] === 'alloc' ? 'allocGc' : CATEGORY[name];
        totals[category] += dt;
        const key = name === 'unary' || name === 'binary' || name === 'reduce' ? `${name}:${args[0]}` : name;
        const e = perKernel.get(key) ?? { ms: 0, calls: 0 };
        e.ms += dt;
        e.calls++;
        perKernel.set(key, e);
        calls++;
      }
    };
  }
  // GC pauses: those that happen inside alloc are already in allocGc; the others are taken from the JS share.
  const gcIntervals = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcIntervals.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const allocIntervals = [];
  const alloc = be.alloc;
  be.alloc = function timedAlloc(n) {
    const t0 = performance.now();
    const r = alloc.call(this, n);
    allocIntervals.push([t0, performance.now()]);
    return r;
  };
  let wall = 0;
  try {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    wall = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 20)); // let the gc entries arrive
  } finally {
    observer.disconnect();
    for (const name of [...kernels, 'alloc']) delete be[name];
  }
  let gcOutsideAlloc = 0;
  for (const [s, e] of gcIntervals) {
    let inside = 0;
    for (const [as, ae] of allocIntervals) inside += Math.max(0, Math.min(e, ae) - Math.max(s, as));
    gcOutsideAlloc += Math.max(0, e - s - inside);
  }
  totals.allocGc += gcOutsideAlloc;
  const kernelMs = CATEGORIES.filter((c) => c !== 'js').reduce((s, c) => s + totals[c], 0);
  totals.js = Math.max(0, wall - kernelMs);
  const per = (x) => +(x / steps).toFixed(3);
  return {
    stepMs: per(wall),
    ms: Object.fromEntries(CATEGORIES.map((c) => [c, per(totals[c])])),
    callsPerStep: +(calls / steps).toFixed(1),
    kernels: Object.fromEntries([...perKernel].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { ms: per(v.ms), calls: +(v.calls / steps).toFixed(1) }])),
  };
}
