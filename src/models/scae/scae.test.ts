import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Linear } from '../../nn/linear.js';
import { Module } from '../../nn/module.js';
import { assertModuleGradients } from '../../nn/module-gradcheck.js';
import { add, mul } from '../../ops/binary.js';
import { mean, sum } from '../../ops/reduce.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { contractivePenaltyClosedForm } from '../blocks/contractive.js';
import { buildFor, fixtureBatch, lossValues, modelSuite, train } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import type { StochasticContractiveAE } from './scae.model.js';

const weights = (c: Readonly<Record<string, unknown>>) => ({ penalty: c['contractiveWeight'] as number });

modelSuite({ name: 'scae', inputShape: [20], latentDim: 4, partWeights: weights });
modelSuite({ name: 'scae', inputShape: [12], latentDim: 3, overrides: { hidden: [8], activation: 'tanh', corruption: 'masking', corruptionAmount: 0.3, corruptionCopies: 2 }, partWeights: weights });

const scae = (overrides: Record<string, unknown>, inputShape = [7], latentDim = 4) =>
  buildFor({ name: 'scae', inputShape, latentDim, overrides }) as StochasticContractiveAE;

test('scae: for small Gaussian noise E‖h(x) − h(x̃)‖² ≈ σ²‖J_h(x)‖²_F, the contractive penalty (first-order Taylor)', () => {
  const sigma = 3e-3;
  const model = scae({ corruptionAmount: sigma, corruptionCopies: 400 });
  const { x } = fixtureBatch([7], 4);
  noGrad(() => {
    const stochastic = model.penaltyPerSample(x, model.encode(x), new Generator(2));
    const jacobian = contractivePenaltyClosedForm(model.encoder.dense.at(0) as Linear, 'sigmoid', x);
    for (let i = 0; i < 4; i++) {
      const ratio = stochastic.data[i]! / (sigma ** 2 * jacobian.data[i]!);
      assert.ok(Math.abs(ratio - 1) < 0.1, `sample ${i}: E‖Δh‖²/(σ²‖J‖²) = ${ratio}`);
    }
  });
});

test('scae: without noise the penalty is 0; the same generator state gives the same corrupted copies', () => {
  const b = fixtureBatch([7], 5);
  assert.equal(lossValues(scae({ corruptionAmount: 0 }), b)['penalty'], 0);
  const model = scae({});
  assert.deepEqual(lossValues(model, b, 3), lossValues(model, b, 3));
  assert.notDeepEqual(lossValues(model, b, 3), lossValues(model, b, 4));
});

/**
 * The batch-mean penalty on a fixed batch and fixed corruption draws, as a function of the weights only: x̃ is a
 * drawn copy (like the denoising AE's), so gradients reach the weights through h(x) and h(x̃), not x through x̃.
 */
class PenaltyOf extends Module {
  constructor(readonly model: StochasticContractiveAE, readonly x: Tensor) {
    super();
    this.registerModule('model', model);
  }

  forward(unused: Tensor): Tensor {
    return add(mean(this.model.penaltyPerSample(this.x, this.model.encode(this.x), new Generator(8))), mul(sum(unused), 0));
  }
}

test('scae: the penalty\'s gradient w.r.t. the weights matches finite differences (through both h(x) and h(x̃))', () => {
  const model = scae({ hidden: [5], activation: 'tanh', corruptionAmount: 0.3 }, [4], 3);
  const { x } = fixtureBatch([4], 3);
  assertModuleGradients(new PenaltyOf(model, x), x, { rtol: 2e-2, atol: 2e-3 });
});

test('scae: a larger λ contracts the encoder more (smaller ‖J_h‖²_F after training)', () => {
  const b = fixtureBatch([7], 16);
  const jacobianAfter = (contractiveWeight: number) => {
    const model = scae({ contractiveWeight });
    train(model, b, 40, 1e-2);
    return noGrad(() => mean(contractivePenaltyClosedForm(model.encoder.dense.at(0) as Linear, 'sigmoid', b.x)).item());
  };
  assert.ok(jacobianAfter(200) < jacobianAfter(0));
});

test('scae: a masking probability above 1 is refused', () => {
  assert.throws(() => defaultConfig('scae', { inputShape: [4], overrides: { corruption: 'masking', corruptionAmount: 2 } }), /probability/);
});
