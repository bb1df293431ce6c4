import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  add, assertGradients, exp, Generator, grad, gradients, log, matmul, mul, scalar, ShapeError, sigmoid, softplus, sum, tanh,
  tensor, valueAndGrad, type Tensor,
} from '../index.js';
import { assertClose, randomTensor } from '../testing/tensors.js';

describe('grad and valueAndGrad', () => {
  it('grad(f) is ∂f/∂x; valueAndGrad also returns f(x)', () => {
    const f = (x: Tensor): Tensor => sum(x.mul(x));
    assertClose(grad(f)(tensor([1, -2])), [2, -4]);
    const [value, [g]] = valueAndGrad(f)(tensor([3]));
    assert.equal(value.item(), 9);
    assertClose(g!, [6]);
  });

  it('argnums picks the arguments; a list gives a list', () => {
    const f = (a: Tensor, b: Tensor): Tensor => sum(a.mul(b.square()));
    const [ga, gb] = grad(f, { argnums: [0, 1] })(tensor([2]), tensor([3]));
    assertClose(ga!, [9]);
    assertClose(gb!, [12]);
    assertClose(grad(f, { argnums: 1 })(tensor([2]), tensor([3])), [12]);
  });

  it('does not touch the caller\'s tensors, and gives zeros where f does not depend on x', () => {
    const x = tensor([1, 2]);
    grad((t: Tensor) => sum(t.exp()))(x);
    assert.equal(x.requiresGrad, false);
    assert.equal(x.grad, null);
    assertClose(grad((_t: Tensor, u: Tensor) => sum(u))(x, tensor([1])), [0, 0]);
  });

  it('f must return a single value: otherwise a ShapeError naming the shape', () => {
    assert.throws(() => grad((t: Tensor) => t.mul(2))(tensor([1, 2])), (e: unknown) => e instanceof ShapeError && e.message.includes('[2]'));
  });
});

describe('second and higher derivatives', () => {
  it('grad(grad(x³)) = 6x and a third grad gives 6', () => {
    const cube = (x: Tensor): Tensor => x.pow(3);
    const d1 = grad(cube);
    const d2 = grad(d1);
    const d3 = grad(d2);
    assertClose(d1(scalar(2)), [12]);
    assertClose(d2(scalar(2)), [12]);
    assertClose(d2(scalar(-0.5)), [-3]);
    assertClose(d3(scalar(2)), [6]);
  });

  it('closed-form second derivatives of tanh, sigmoid, exp, log and softplus', () => {
    const s = (v: number): number => 1 / (1 + Math.exp(-v));
    const cases: [string, (x: Tensor) => Tensor, (v: number) => number][] = [
      ['tanh', tanh, (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
      ['sigmoid', sigmoid, (v) => s(v) * (1 - s(v)) * (1 - 2 * s(v))],
      ['exp', exp, Math.exp],
      ['log', log, (v) => -1 / (v * v)],
      ['softplus', softplus, (v) => s(v) * (1 - s(v))],
      ['tanh∘sigmoid∘exp', (x) => tanh(sigmoid(exp(x))), (v) => {
        // d²/dv² tanh(σ(eᵛ)) by the chain rule in float64.
        const e = Math.exp(v), q = s(e), t = Math.tanh(q);
        const dq = q * (1 - q) * e;
        const d2q = q * (1 - q) * (1 - 2 * q) * e * e + q * (1 - q) * e;
        return -2 * t * (1 - t * t) * dq * dq + (1 - t * t) * d2q;
      }],
    ];
    for (const [name, f, second] of cases) {
      for (const v of [0.3, 1.7]) {
        const d2 = grad(grad((x: Tensor) => sum(f(x))));
        assertClose(d2(tensor([v])), [second(v)], { atol: 1e-5, rtol: 1e-4, message: name });
      }
    }
  });

  it('a Hessian-vector product of a small MLP matches finite differences of its gradient', () => {
    const gen = new Generator(91);
    const x = randomTensor(gen, [5, 3]);
    const y = randomTensor(gen, [5, 2]);
    const w2 = randomTensor(gen, [4, 2], 0.5);
    const b1 = randomTensor(gen, [4], 0.1);
    const loss = (w1: Tensor): Tensor => sum(matmul(tanh(add(matmul(x, w1), b1)), w2).sub(y).square());
    const gradAt = (w1: Tensor): Tensor => gradients(loss(w1), [w1])[0]!;
    const w1 = randomTensor(gen, [3, 4], 0.5).requiresGrad_();
    const v = randomTensor(gen, [3, 4]);
    // Hv = ∇(∇L · v), one backward through the recorded backward pass.
    const [g] = gradients(loss(w1), [w1], { createGraph: true });
    const [hv] = gradients(sum(mul(g!, v)), [w1]);
    const h = 1e-2;
    const shifted = (sign: number): Tensor => w1.detach().add(v.mul(sign * h)).requiresGrad_();
    const plus = gradAt(shifted(1));
    const minus = gradAt(shifted(-1));
    const numeric = Array.from(plus.data, (p, i) => (p - minus.data[i]!) / (2 * h));
    // NOTE: float32 gradients differenced over h = 1e-2: rounding error ≈ 6e-8·|∇L|/h, hence atol 2e-3.
    assertClose(hv!, numeric, { atol: 2e-3, rtol: 1e-2 });
  });
});

describe('contractive autoencoder Jacobian penalty', () => {
  // h = σ(x Wᵀ + b) for a batch of inputs; ‖∂h/∂x‖²_F by one VJP per hidden unit, summed over the batch.
  const jacobianPenalty = (x: Tensor, w: Tensor, b: Tensor): Tensor => {
    const h = sigmoid(add(matmul(x, w, { transposeB: true }), b));
    const units = w.shape[0]!;
    let total: Tensor | null = null;
    for (let j = 0; j < units; j++) {
      const pick = new Float32Array(units);
      pick[j] = 1;
      const e = tensor(pick, [1, units]).broadcastTo(h.shape);
      const [row] = gradients(h, [x], { gradOutput: e, createGraph: true });
      const term = sum(row!.square());
      total = total === null ? term : add(total, term);
    }
    return total!;
  };
  // Σ_batch Σ_j (h_j(1 − h_j))² Σ_i W_ji²
  const closedForm = (x: Tensor, w: Tensor, b: Tensor): Tensor => {
    const h = sigmoid(add(matmul(x, w, { transposeB: true }), b));
    return sum(h.mul(h.neg().add(1)).square().mul(sum(w.square(), 1)));
  };
  const gen = new Generator(92);
  const x = randomTensor(gen, [3, 4]);
  const w = randomTensor(gen, [5, 4], 0.7);
  const b = randomTensor(gen, [5], 0.3);

  it('‖J‖²_F from VJPs equals the closed form', () => {
    const xl = x.detach().requiresGrad_();
    assertClose(jacobianPenalty(xl, w, b), closedForm(x, w, b), { rtol: 1e-5 });
  });

  it('its gradient w.r.t. W and b (a second-order gradient) matches finite differences and the closed form\'s gradient', () => {
    const penalty = (ws: Tensor, bs: Tensor): Tensor => jacobianPenalty(x.detach().requiresGrad_(), ws, bs);
    assertGradients(penalty, [w, b]);
    const wl = w.detach().requiresGrad_();
    const bl = b.detach().requiresGrad_();
    const [gw, gb] = gradients(jacobianPenalty(x.detach().requiresGrad_(), wl, bl), [wl, bl]);
    const [cw, cb] = gradients(closedForm(x, wl, bl), [wl, bl]);
    assertClose(gw!, cw!, { atol: 1e-6, rtol: 1e-4 });
    assertClose(gb!, cb!, { atol: 1e-6, rtol: 1e-4 });
  });
});
