import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitLikelihood, LIKELIHOOD_DEFAULTS } from './likelihood.js';

describe('lab likelihood', () => {
  const config = { ...LIKELIHOOD_DEFAULTS, samples: 800, steps: 300 };

  it('a Gaussian output recovers the mean and the input-dependent noise level', () => {
    const run = fitLikelihood('gaussian', config);
    assert.ok(run.nllEnd < run.nllStart - 0.5, `NLL ${run.nllStart} → ${run.nllEnd}`);
    assert.ok(run.parameterError.mean! < 0.15, `mean error ${run.parameterError.mean}`);
    assert.ok(run.parameterError.std! < 0.1, `std error ${run.parameterError.std}`);
    assert.equal(run.samples.length, config.gridPoints);
    // Samples are continuous draws, not the mean itself.
    assert.ok(run.samples.some((s, i) => Math.abs(s - run.grid.fitted.mean![i]!) > 1e-3));
  });

  it('a Bernoulli output recovers p(y = 1 | x) and samples 0/1 outcomes', () => {
    const run = fitLikelihood('bernoulli', config);
    assert.ok(run.nllEnd < run.nllStart, `NLL ${run.nllStart} → ${run.nllEnd}`);
    assert.ok(run.parameterError.prob! < 0.12, `probability error ${run.parameterError.prob}`);
    assert.ok(run.samples.every((s) => s === 0 || s === 1));
    assert.ok(run.samples.includes(0) && run.samples.includes(1));
  });
});
