import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { ModelConfigError } from './blocks/config-fields.js';
import { buildModel, defaultConfig, describeModelOptions, MODEL_NAMES, parseModelOption, validateModelConfig } from './registry.js';

const FAMILY = ['ae', 'stacked-ae', 'dae', 'cae', 'sparse-ae', 'vae', 'beta-vae', 'cvae', 'aae', 'iwae', 'hvae', 'm2', 'sdae', 'scae'];

test('registry: every model of the family is registered', () => {
  assert.deepEqual([...MODEL_NAMES].sort(), [...FAMILY].sort());
});

test('registry: every default config builds, validates as stored, and survives a JSON round trip', () => {
  for (const name of MODEL_NAMES) {
    const config = defaultConfig(name, { inputShape: [1, 8, 8], latentDim: 2, numClasses: 3, overrides: name === 'aae' ? { hidden: [8], discriminatorHidden: [8] } : { hidden: [8] } });
    assert.equal(config.model, name);
    const again = validateModelConfig(JSON.parse(JSON.stringify(config)));
    assert.deepEqual(again, config);
    assert.ok(buildModel(config, new Generator(0)).numParameters() > 0, name);
  }
});

test('registry: defaults come from each config; the data decide inputShape and numClasses', () => {
  const vae = defaultConfig('vae', { inputShape: [784] }) as unknown as Record<string, unknown>;
  assert.deepEqual(vae, {
    model: 'vae', inputShape: [784], latentDim: 2, arch: 'mlp', hidden: [512], activation: 'relu', convChannels: [32, 64],
    decoder: 'bernoulli', decoderVariance: 'fixed', decoderSigma: 1, beta: 1, klWarmupEpochs: 0,
  });
  assert.equal((defaultConfig('beta-vae', { inputShape: [4] }) as unknown as { beta: number }).beta, 4);
  assert.equal((defaultConfig('cvae', { inputShape: [4], numClasses: 10 }) as unknown as { numClasses: number }).numClasses, 10);
  // A model without labels ignores numClasses.
  assert.ok(!('numClasses' in defaultConfig('ae', { inputShape: [4], numClasses: 10 })));
});

test('registry: overrides are validated: unknown keys and wrong types name the key', () => {
  const make = (overrides: Record<string, unknown>, name = 'vae') => () => defaultConfig(name, { inputShape: [784], overrides });
  assert.throws(make({ hiden: [5] }), (e: Error) => e instanceof ModelConfigError && /unknown option 'hiden'/.test(e.message) && /hidden/.test(e.message));
  assert.throws(make({ beta: '2' }), /option 'beta' must be a finite number ≥ 0, got "2"/);
  assert.throws(make({ beta: -1 }), /'beta'/);
  assert.throws(make({ hidden: [512, 0] }), /'hidden'/);
  assert.throws(make({ hidden: 512 }), /'hidden'/);
  assert.throws(make({ decoder: 'poisson' }), /'decoder' must be one of 'bernoulli', 'gaussian'/);
  assert.throws(make({ arch: 'conv' }), /\[C, H, W\]/);
  assert.throws(make({ model: 'ae' }), /'model' cannot be overridden/);
  assert.throws(make(JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>), /unknown option '__proto__'/);
  assert.throws(() => defaultConfig('vae', { inputShape: [784], latentDim: 0 }), /latentDim/);
  assert.throws(() => defaultConfig('vae', { inputShape: [] }), /inputShape/);
  assert.throws(() => defaultConfig('transformer', { inputShape: [4] }), /unknown model "transformer" \(known: ae/);
});

test('registry: stored configs must name a known model and have exactly its fields', () => {
  const good = JSON.parse(JSON.stringify(defaultConfig('ae', { inputShape: [4] }))) as Record<string, unknown>;
  assert.throws(() => validateModelConfig({ ...good, model: 'evil' }), /unknown model "evil"/);
  assert.throws(() => validateModelConfig({ ...good, model: 7 }), /unknown model 7/);
  const { model: _m, ...noModel } = good;
  assert.throws(() => validateModelConfig(noModel), /no 'model' field/);
  const { hidden: _h, ...missing } = good;
  assert.throws(() => validateModelConfig(missing), /missing 'hidden'/);
  assert.throws(() => validateModelConfig({ ...good, extra: 1 }), /unknown option 'extra'/);
  assert.throws(() => validateModelConfig({ ...good, latentDim: 2.5 }), /'latentDim' must be an integer/);
  assert.throws(() => validateModelConfig({ ...good, inputShape: ['4'] }), /'inputShape'/);
  assert.throws(() => validateModelConfig([good]), /JSON object/);
  assert.throws(() => validateModelConfig(null), /JSON object/);
  assert.throws(() => buildModel({ ...good, hidden: 'x' } as never, new Generator(0)), /'hidden'/);
});

test('registry: describeModelOptions lists the settable options with types, defaults and help', () => {
  for (const name of MODEL_NAMES) {
    const options = describeModelOptions(name);
    const keys = options.map((o) => o.key);
    assert.ok(keys.includes('latentDim') && !keys.includes('inputShape') && !keys.includes('numClasses') && !keys.includes('model'), name);
    for (const o of options) {
      assert.ok(['number', 'string', 'boolean', 'number[]'].includes(o.type), `${name}.${o.key}`);
      assert.ok(o.help.length > 10, `${name}.${o.key} has help`);
      // Every default is a valid value of its own option.
      assert.doesNotThrow(() => defaultConfig(name, { inputShape: [1, 8, 8], numClasses: 3, overrides: { [o.key]: o.default } }), `${name}.${o.key}`);
    }
  }
  const beta = describeModelOptions('vae').find((o) => o.key === 'beta')!;
  assert.deepEqual(beta, { key: 'beta', type: 'number', default: 1, help: beta.help });
  assert.deepEqual(describeModelOptions('vae').find((o) => o.key === 'decoder')!.choices, ['bernoulli', 'gaussian']);
});

test('registry: parseModelOption turns --set strings into typed, checked values', () => {
  assert.equal(parseModelOption('vae', 'beta', '0.5'), 0.5);
  assert.deepEqual(parseModelOption('vae', 'hidden', '512,256'), [512, 256]);
  assert.deepEqual(parseModelOption('vae', 'hidden', '[500, 500]'), [500, 500]);
  assert.deepEqual(parseModelOption('vae', 'hidden', ''), []);
  assert.equal(parseModelOption('aae', 'labelConditioned', 'true'), true);
  assert.equal(parseModelOption('vae', 'arch', 'conv'), 'conv');
  assert.throws(() => parseModelOption('vae', 'beta', 'abc'), /'beta'/);
  assert.throws(() => parseModelOption('vae', 'beta', ''), /'beta'/);
  assert.throws(() => parseModelOption('vae', 'hidden', '512,,3'), /'hidden'/);
  assert.throws(() => parseModelOption('aae', 'labelConditioned', 'yes'), /true or false/);
  assert.throws(() => parseModelOption('vae', 'nope', '1'), /unknown option 'nope'/);
});

test('registry: each model declares what it can do, and implements what it declares', () => {
  const expected: Record<string, { variational: boolean; generative: boolean; conditional: boolean; corruptsInput: boolean; semiSupervised?: boolean }> = {
    ae: { variational: false, generative: false, conditional: false, corruptsInput: false },
    'stacked-ae': { variational: false, generative: false, conditional: false, corruptsInput: false },
    sdae: { variational: false, generative: false, conditional: false, corruptsInput: true },
    dae: { variational: false, generative: false, conditional: false, corruptsInput: true },
    cae: { variational: false, generative: false, conditional: false, corruptsInput: false },
    scae: { variational: false, generative: false, conditional: false, corruptsInput: false },
    'sparse-ae': { variational: false, generative: false, conditional: false, corruptsInput: false },
    vae: { variational: true, generative: true, conditional: false, corruptsInput: false },
    'beta-vae': { variational: true, generative: true, conditional: false, corruptsInput: false },
    cvae: { variational: true, generative: true, conditional: true, corruptsInput: false },
    aae: { variational: false, generative: true, conditional: false, corruptsInput: false },
    iwae: { variational: true, generative: true, conditional: false, corruptsInput: false },
    hvae: { variational: true, generative: true, conditional: false, corruptsInput: false },
    m2: { variational: true, generative: true, conditional: true, corruptsInput: false, semiSupervised: true },
  };
  for (const name of MODEL_NAMES) {
    const model = buildModel(defaultConfig(name, { inputShape: [6], latentDim: 2, numClasses: 3, overrides: { hidden: [4] } }), new Generator(0));
    const { numClasses, ...flags } = model.capabilities;
    assert.deepEqual(flags, { semiSupervised: false, ...expected[name] }, name);
    assert.equal(numClasses, flags.conditional ? 3 : 0, name);
    const m = model as unknown as Record<string, unknown>;
    for (const [flag, methods] of [['variational', ['posterior', 'priorLogProb', 'klPerSample']], ['generative', ['samplePrior', 'sample']], ['corruptsInput', ['corrupt']], ['semiSupervised', ['classLogits']]] as const) {
      if (flags[flag]) for (const method of methods) assert.equal(typeof m[method], 'function', `${name}.${method}`);
    }
  }
  // A label-conditioned AAE uses labels for its prior only: numClasses without being conditional.
  const aae = buildModel(defaultConfig('aae', { inputShape: [6], latentDim: 2, numClasses: 3, overrides: { hidden: [4], labelConditioned: true, prior: 'mixture10' } }), new Generator(0));
  assert.deepEqual([aae.capabilities.conditional, aae.capabilities.numClasses], [false, 3]);
});
