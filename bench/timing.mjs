// The one timer every benchmark script uses: the median wall time of `fn` in milliseconds, after a warm-up.
import { performance } from 'node:perf_hooks';

/**
 * Warms up for `warmupReps` calls and at least `warmupMs` (long enough for V8 to tier wasm up from Liftoff),
 * then times calls until both `minReps` calls and `minMs` have passed, or `maxReps` calls; returns the median.
 */
export function medianMs(fn, { warmupReps = 3, warmupMs = 0, minReps = 5, minMs = 0, maxReps = 5000 } = {}) {
  const w0 = performance.now();
  for (let i = 0; i < warmupReps || performance.now() - w0 < warmupMs; i++) fn();
  const samples = [];
  const t0 = performance.now();
  while ((samples.length < minReps || performance.now() - t0 < minMs) && samples.length < maxReps) {
    const s = performance.now();
    fn();
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}
