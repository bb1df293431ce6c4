/**
 * Gradient checking against central finite differences. The function's output is reduced to a scalar with a
 * fixed random projection r (L = Σ r·f(x)), accumulated in float64, so non-scalar functions are checked in
 * every direction at once.
 *
 * NOTE: kernels compute in float32, so the finite-difference step trades truncation error O(h²·f''') against
 * rounding error O(ε₃₂·|f|/h), ε₃₂ ≈ 6e-8; h = 1e-2 keeps both near 1e-4 relative for the smooth ops tested,
 * which is why the default tolerances are atol 1e-3, rtol 1e-2 rather than float64's 1e-6.
 */
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { gradients } from './backward.js';
import { enableGrad } from './grad-mode.js';

export interface GradCheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

export interface GradCheckMismatch {
  input: number;
  index: number;
  analytic: number;
  numeric: number;
}

function projected(f: () => Tensor, r: Float64Array): number {
  // Recording stays on: f may itself take gradients (a second-order check), which needs the graph.
  const y = enableGrad(f);
  let s = 0;
  for (let i = 0; i < y.size; i++) s += r[i]! * y.data[i]!;
  return s;
}

/** Returns the mismatches (empty when every partial derivative agrees). */
export function gradCheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): GradCheckMismatch[] {
  const eps = options.eps ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const gen = new Generator(options.seed ?? 1234);
  const leaves = inputs.map((x) => x.detach().requiresGrad_());
  const y = enableGrad(() => f(...leaves));
  const r = new Float64Array(y.size);
  for (let i = 0; i < r.length; i++) r[i] = gen.nextNormal();
  const rTensor = new Tensor(Float32Array.from(r), y.shape);
  // Values of r are rounded to float32 for the analytic side; use the same values for the numeric side.
  for (let i = 0; i < r.length; i++) r[i] = rTensor.data[i]!;
  const analytic = y.requiresGrad ? gradients(y, leaves, { gradOutput: rTensor }) : leaves.map((x) => Tensor.empty(x.shape));
  const mismatches: GradCheckMismatch[] = [];
  leaves.forEach((x, k) => {
    for (let i = 0; i < x.size; i++) {
      const orig = x.data[i]!;
      x.data[i] = orig + eps;
      const plus = projected(() => f(...leaves), r);
      x.data[i] = orig - eps;
      const minus = projected(() => f(...leaves), r);
      x.data[i] = orig;
      // Use the step actually taken after float32 rounding.
      const h = Math.fround(orig + eps) - Math.fround(orig - eps);
      const numeric = (plus - minus) / h;
      const a = analytic[k]!.data[i]!;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) mismatches.push({ input: k, index: i, analytic: a, numeric });
    }
  });
  return mismatches;
}

/** Throws with the first mismatches listed when any partial derivative disagrees. */
export function assertGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): void {
  const bad = gradCheck(f, inputs, options);
  if (bad.length > 0) {
    const lines = bad.slice(0, 5).map((m) => `input ${m.input}[${m.index}]: analytic ${m.analytic} vs numeric ${m.numeric}`);
    throw new Error(`gradient check failed at ${bad.length} entries:\n  ${lines.join('\n  ')}`);
  }
}
