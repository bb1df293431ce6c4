/**
 * The registry's types: `defaultConfig(name, { overrides })` checks overrides against that model's config and
 * `buildModel` returns the model's class. The `@ts-expect-error` lines are the assertions of the compiler half
 * (the build fails if one of them stops being an error); the run-time half checks the same values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { AdversarialAE } from './aae/aae.model.js';
import { buildModel, defaultConfig, type ConfigOf, type ModelClasses } from './registry.js';
import { VAE } from './vae/vae.model.js';

test('typed registry: overrides are typed per model, buildModel returns the model class', () => {
  const vae: ConfigOf<'vae'> = defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { beta: 2, hidden: [4] } });
  const model: VAE = buildModel(vae, new Generator(0));
  assert.ok(model instanceof VAE);
  assert.equal(model.config.beta, 2);
  const aae: ModelClasses['aae'] = buildModel(defaultConfig('aae', { inputShape: [6], overrides: { prior: 'mixture10', hidden: [4] } }), new Generator(0));
  assert.ok(aae instanceof AdversarialAE);
  // @ts-expect-error: a VAE has no option 'noise'
  assert.throws(() => defaultConfig('vae', { inputShape: [6], overrides: { noise: 0.1 } }), /unknown option 'noise'/);
  // @ts-expect-error: beta is a number
  assert.throws(() => defaultConfig('vae', { inputShape: [6], overrides: { beta: 'big' } }), /beta/);
  // @ts-expect-error: the data's shape is set by inputShape, not among the overrides
  assert.deepEqual(defaultConfig('vae', { inputShape: [6], overrides: { inputShape: [3] } }).inputShape, [3]);
  // A name known only at run time (the CLI's --model) still works, as the base config type.
  const name: string = 'dae';
  assert.equal(defaultConfig(name, { inputShape: [6], overrides: { corruptionAmount: 0.2 } }).model, 'dae');
});
