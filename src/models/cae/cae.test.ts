import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Linear } from '../../nn/linear.js';
import { Module } from '../../nn/module.js';
import { assertModuleGradients } from '../../nn/module-gradcheck.js';
import { mean } from '../../ops/reduce.js';
import { Tensor } from '../../tensor/tensor.js';
import { assertClose } from '../../testing/tensors.js';
import { buildFor, fixtureBatch, lossValues, modelSuite, train } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import { ContractiveAE } from './cae.model.js';

const weights = (c: Readonly<Record<string, unknown>>) => ({ penalty: c['contractiveWeight'] as number });

modelSuite({ name: 'cae', inputShape: [20], latentDim: 4, partWeights: weights });
modelSuite({ name: 'cae', inputShape: [12], latentDim: 3, overrides: { hidden: [8], activation: 'tanh', contractiveWeight: 0.5 }, partWeights: weights });
modelSuite({ name: 'cae', inputShape: [1, 6, 6], latentDim: 2, overrides: { arch: 'conv', convChannels: [3], activation: 'softplus' }, partWeights: weights, steps: 10 });

const cae = (overrides: Record<string, unknown>, inputShape = [7], latentDim = 4) =>
  buildFor({ name: 'cae', inputShape, latentDim, overrides }) as ContractiveAE;

for (const codeActivation of ['sigmoid', 'tanh', 'relu', 'elu', 'softplus', 'leakyRelu', 'identity']) {
  test(`cae: closed form Σ_j h′_j² Σ_i W_ji² equals the autodiff ‖J‖²_F on a one-layer ${codeActivation} encoder`, () => {
    const model = cae({ codeActivation });
    const { x } = fixtureBatch([7], 5);
    const closed = noGrad(() => model.jacobianNormSq(x, 'closed-form'));
    const auto = noGrad(() => model.jacobianNormSq(x, 'autodiff'));
    assert.deepEqual(closed.shape, [5]);
    assertClose(auto, closed, { atol: 1e-6, rtol: 1e-5 });
  });
}

test('cae: the closed form matches a hand computation of J = diag(σ′(a)) W', () => {
  const model = cae({});
  const { x } = fixtureBatch([7], 2);
  const layer = model.encoder.dense.at(0) as Linear;
  const W = layer.weight.data;
  const b = layer.bias!.data;
  const got = noGrad(() => model.jacobianNormSq(x, 'closed-form'));
  for (let n = 0; n < 2; n++) {
    let norm = 0;
    for (let j = 0; j < 4; j++) {
      let a = b[j]!;
      for (let i = 0; i < 7; i++) a += W[j * 7 + i]! * x.data[n * 7 + i]!;
      const s = 1 / (1 + Math.exp(-a));
      for (let i = 0; i < 7; i++) norm += (s * (1 - s) * W[j * 7 + i]!) ** 2;
    }
    assert.ok(Math.abs(got.data[n]! - norm) < 1e-5 * norm, `${got.data[n]} vs ${norm}`);
  }
});

/** The batch-mean penalty as a module of x, so the module gradient checker can perturb the encoder's weights. */
class PenaltyOf extends Module {
  constructor(readonly model: ContractiveAE, readonly method: 'closed-form' | 'autodiff') {
    super();
    this.registerModule('model', model);
  }

  forward(x: Tensor): Tensor {
    return mean(this.model.jacobianNormSq(x, this.method));
  }
}

for (const method of ['autodiff', 'closed-form'] as const) {
  test(`cae: the ${method} penalty's gradient w.r.t. the weights and the input matches finite differences`, () => {
    const model = cae({ hidden: method === 'autodiff' ? [5] : [], activation: 'tanh' }, [4], 3);
    const { x } = fixtureBatch([4], 3);
    assertModuleGradients(new PenaltyOf(model, method), x, { rtol: 2e-2, atol: 2e-3 });
  });
}

test('cae: the autodiff and closed-form losses and their gradients agree on a one-layer encoder', () => {
  const closed = cae({ contractiveMethod: 'closed-form' });
  const auto = cae({ contractiveMethod: 'autodiff' });
  assert.equal(closed.penaltyMethod, 'closed-form');
  assert.equal(auto.penaltyMethod, 'autodiff');
  const b = fixtureBatch([7], 4);
  const [lc, la] = [lossValues(closed, b), lossValues(auto, b)];
  assertClose([la['penalty']!, la['total']!], [lc['penalty']!, lc['total']!], { rtol: 1e-5 });
});

test("cae: 'auto' picks autodiff for deeper encoders; 'closed-form' on one is rejected", () => {
  assert.equal(cae({ hidden: [5] }).penaltyMethod, 'autodiff');
  assert.throws(() => defaultConfig('cae', { inputShape: [7], overrides: { hidden: [5], contractiveMethod: 'closed-form' } }), /contractiveMethod/);
});

test('cae: a larger λ contracts the encoder more', () => {
  const b = fixtureBatch([7], 16);
  const penaltyAfter = (contractiveWeight: number) => {
    const model = cae({ contractiveWeight });
    train(model, b, 40, 1e-2);
    return lossValues(model, b)['penalty']!;
  };
  assert.ok(penaltyAfter(5) < penaltyAfter(0));
});
