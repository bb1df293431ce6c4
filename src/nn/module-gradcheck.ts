/**
 * Gradient checking for a whole module: ∂/∂input and ∂/∂every trainable parameter against central finite
 * differences. It mirrors gradCheck in src/autograd/gradcheck.ts (same random projection of the output,
 * float64 accumulation, defaults eps 1e-2, atol 1e-3, rtol 1e-2 — see the float32 NOTE there), but perturbs
 * the module's own parameters in place, which gradCheck cannot reach because it differentiates a function's
 * arguments.
 */
import { gradients } from '../autograd/backward.js';
import type { GradCheckMismatch, GradCheckOptions } from '../autograd/gradcheck.js';
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

export interface ModuleGradMismatch extends GradCheckMismatch {
  /** 'input' or the parameter's dotted name. */
  name: string;
}

export function moduleGradCheck(module: Module<[Tensor], Tensor>, input: Tensor, options: GradCheckOptions = {}): ModuleGradMismatch[] {
  const eps = options.eps ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const gen = new Generator(options.seed ?? 1234);
  const x = input.detach().requiresGrad_();
  const named: [string, Tensor][] = [['input', x], ...module.namedParameters().filter(([, p]) => p.requiresGrad)];
  const y = enableGrad(() => module.forward(x));
  const r = new Tensor(new Float32Array(y.size), y.shape);
  for (let i = 0; i < r.size; i++) r.data[i] = gen.nextNormal();
  const analytic = gradients(y, named.map(([, t]) => t), { gradOutput: r });
  const projected = (): number => {
    const out = noGrad(() => module.forward(x));
    let s = 0;
    for (let i = 0; i < out.size; i++) s += r.data[i]! * out.data[i]!;
    return s;
  };
  const mismatches: ModuleGradMismatch[] = [];
  named.forEach(([name, t], k) => {
    for (let i = 0; i < t.size; i++) {
      const orig = t.data[i]!;
      t.data[i] = orig + eps;
      const plus = projected();
      t.data[i] = orig - eps;
      const minus = projected();
      t.data[i] = orig;
      const numeric = (plus - minus) / (Math.fround(orig + eps) - Math.fround(orig - eps));
      const a = analytic[k]!.data[i]!;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) mismatches.push({ name, input: k, index: i, analytic: a, numeric });
    }
  });
  return mismatches;
}

/** Throws with the first mismatches listed when any partial derivative of the module disagrees. */
export function assertModuleGradients(module: Module<[Tensor], Tensor>, input: Tensor, options: GradCheckOptions = {}): void {
  const bad = moduleGradCheck(module, input, options);
  if (bad.length > 0) {
    const lines = bad.slice(0, 5).map((m) => `${m.name}[${m.index}]: analytic ${m.analytic} vs numeric ${m.numeric}`);
    throw new Error(`module gradient check failed at ${bad.length} entries:\n  ${lines.join('\n  ')}`);
  }
}
