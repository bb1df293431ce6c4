import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abs, assertGradients, clamp, elu, exp, expm1, gradients, leakyRelu, log, log1p, logSigmoid, neg,
  reciprocal, relu, rsqrt, sigmoid, softplus, sqrt, square, sum, tanh, tensor, type Tensor, Generator,
} from '../index.js';
import { affine, powScalar } from './unary.js';
import { assertClose, awayFromZero } from '../testing/tensors.js';

interface UnaryCase {
  name: string;
  f: (x: Tensor) => Tensor;
  /** The float64 reference. */
  ref: (x: number) => number;
  /** Inputs in the op's smooth domain. */
  domain: 'any' | 'positive' | 'aboveMinusOne' | 'awayFromZero';
  /** Whether the second derivative is non-trivial and should be checked too. */
  smooth: boolean;
}

const sigmoid64 = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus64 = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

const cases: UnaryCase[] = [
  { name: 'neg', f: neg, ref: (x) => -x, domain: 'any', smooth: false },
  { name: 'exp', f: exp, ref: Math.exp, domain: 'any', smooth: true },
  { name: 'log', f: log, ref: Math.log, domain: 'positive', smooth: true },
  { name: 'log1p', f: log1p, ref: Math.log1p, domain: 'aboveMinusOne', smooth: true },
  { name: 'expm1', f: expm1, ref: Math.expm1, domain: 'any', smooth: true },
  { name: 'sqrt', f: sqrt, ref: Math.sqrt, domain: 'positive', smooth: true },
  { name: 'rsqrt', f: rsqrt, ref: (x) => 1 / Math.sqrt(x), domain: 'positive', smooth: true },
  { name: 'abs', f: abs, ref: Math.abs, domain: 'awayFromZero', smooth: false },
  { name: 'square', f: square, ref: (x) => x * x, domain: 'any', smooth: true },
  { name: 'reciprocal', f: reciprocal, ref: (x) => 1 / x, domain: 'awayFromZero', smooth: true },
  { name: 'sigmoid', f: sigmoid, ref: sigmoid64, domain: 'any', smooth: true },
  { name: 'tanh', f: tanh, ref: Math.tanh, domain: 'any', smooth: true },
  { name: 'relu', f: relu, ref: (x) => Math.max(x, 0), domain: 'awayFromZero', smooth: false },
  { name: 'softplus', f: softplus, ref: softplus64, domain: 'any', smooth: true },
  { name: 'logSigmoid', f: logSigmoid, ref: (x) => -softplus64(-x), domain: 'any', smooth: true },
  { name: 'leakyRelu(0.2)', f: (x) => leakyRelu(x, 0.2), ref: (x) => (x > 0 ? x : 0.2 * x), domain: 'awayFromZero', smooth: false },
  { name: 'elu(1.5)', f: (x) => elu(x, 1.5), ref: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)), domain: 'awayFromZero', smooth: true },
  { name: 'clamp(-0.5, 1)', f: (x) => clamp(x, -0.5, 1), ref: (x) => Math.min(Math.max(x, -0.5), 1), domain: 'any', smooth: false },
  { name: 'affine(3, -1)', f: (x) => affine(x, 3, -1), ref: (x) => 3 * x - 1, domain: 'any', smooth: false },
  { name: 'powScalar(3)', f: (x) => powScalar(x, 3), ref: (x) => x ** 3, domain: 'any', smooth: true },
  { name: 'powScalar(1.5)', f: (x) => powScalar(x, 1.5), ref: (x) => x ** 1.5, domain: 'positive', smooth: true },
  { name: 'powScalar(-2)', f: (x) => powScalar(x, -2), ref: (x) => x ** -2, domain: 'awayFromZero', smooth: true },
];

function inputFor(domain: UnaryCase['domain'], gen: Generator, shape: number[]): Tensor {
  const x = awayFromZero(gen, shape, 0.2, 2);
  if (domain === 'positive') for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]!);
  if (domain === 'aboveMinusOne') for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]!) - 0.7;
  if (domain === 'any') for (let i = 0; i < x.size; i++) x.data[i] = x.data[i]! * 1.3;
  return x;
}

describe('unary ops', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('matches the float64 reference', () => {
        const x = inputFor(c.domain, new Generator(1), [3, 4]);
        assertClose(c.f(x), Array.from(x.data, c.ref), { atol: 1e-6, rtol: 2e-6 });
      });

      it('has the gradient of central finite differences', () => {
        assertGradients(c.f, [inputFor(c.domain, new Generator(2), [2, 3])]);
      });

      if (c.smooth) {
        it('has the second derivative of central finite differences', () => {
          const firstDerivative = (x: Tensor): Tensor => gradients(sum(c.f(x)), [x], { createGraph: true })[0]!;
          assertGradients(firstDerivative, [inputFor(c.domain, new Generator(3), [5])]);
        });
      }

      it('propagates NaN', () => {
        const y = c.f(tensor([NaN, 1]));
        assert.ok(Number.isNaN(y.data[0]), `${c.name}(NaN) = ${y.data[0]}`);
      });
    });
  }

  it('abs and relu give gradient 0 and 1 on either side of the kink', () => {
    const x = tensor([-0.5, 0.5]).requiresGrad_();
    sum(relu(x)).backward();
    assert.deepEqual(Array.from(x.grad!.data), [0, 1]);
    const z = tensor([-0.5, 0.5]).requiresGrad_();
    sum(abs(z)).backward();
    assert.deepEqual(Array.from(z.grad!.data), [-1, 1]);
  });

  it('clamp passes the gradient only inside the interval', () => {
    const x = tensor([-2, 0.3, 4]).requiresGrad_();
    sum(clamp(x, -1, 1)).backward();
    assert.deepEqual(Array.from(x.grad!.data), [0, 1, 0]);
  });
});

describe('unary ops at extreme inputs', () => {
  const valueAndGrad = (f: (x: Tensor) => Tensor, values: number[]): [number[], number[]] => {
    const x = tensor(values).requiresGrad_();
    const y = f(x);
    sum(y).backward();
    return [Array.from(y.data), Array.from(x.grad!.data)];
  };

  it('sigmoid(±100) saturates to 1 and (a float32 denormal of) 0 with finite gradients', () => {
    const [y, g] = valueAndGrad(sigmoid, [100, -100]);
    assert.equal(y[0], 1);
    // NOTE: σ(−100) ≈ 3.7e-44 is a float32 denormal, not exactly 0 (PyTorch gives the same value).
    assert.ok(y[1]! >= 0 && y[1]! < 1e-40, `sigmoid(-100) = ${y[1]}`);
    assert.ok(g.every(Number.isFinite) && g.every((v) => v >= 0 && v < 1e-40), `gradients ${g}`);
  });

  it('softplus(±100) is 100 and ~0 with gradients 1 and ~0', () => {
    const [y, g] = valueAndGrad(softplus, [100, -100]);
    assert.equal(y[0], 100);
    assert.ok(y[1]! >= 0 && y[1]! < 1e-40);
    assertClose(g, [1, 0], { atol: 1e-30, rtol: 0 });
  });

  it('logSigmoid(−100) ≈ −100 with gradient 1; logSigmoid(100) ≈ 0', () => {
    const [y, g] = valueAndGrad(logSigmoid, [-100, 100]);
    assertClose(y, [-100, 0], { atol: 1e-30, rtol: 1e-7 });
    assertClose(g, [1, 0], { atol: 1e-30, rtol: 0 });
  });

  it('log(0) = −∞, exp(100) = ∞, exp(−200) = 0, tanh(±50) = ±1', () => {
    assert.equal(log(tensor([0])).data[0], -Infinity);
    assert.equal(exp(tensor([100])).data[0], Infinity);
    assert.equal(exp(tensor([-200])).data[0], 0);
    assert.deepEqual(Array.from(tanh(tensor([50, -50])).data), [1, -1]);
  });

  it('elu and leakyRelu keep large negative inputs finite', () => {
    assertClose(elu(tensor([-100])), [-1]);
    assertClose(leakyRelu(tensor([-1e30])), [-1e28], { rtol: 1e-6 });
  });
});
