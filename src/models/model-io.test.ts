import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { saveModelFileSync } from '../io/model-file.node.js';
import { ModelFileError } from '../io/model-file-error.js';
import { Generator } from '../tensor/random.js';
import { loadModel as loadModelFromBytes, modelToBytes } from './model-io.js';
import { loadModel, saveModel, saveModelSync } from './model-io.node.js';
import { buildModel, defaultConfig } from './registry.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-model-io-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = () => JSON.parse(JSON.stringify(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [4] } }))) as Record<string, unknown>;
const model = () => buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [4] } }), new Generator(1));
const weights = () => model().stateDict();

test('model-io: saveModel and saveModelSync write files loadModel reads back, weight for weight', async () => {
  const m = model();
  const a = join(dir, 'a.safetensors');
  const b = join(dir, 'b.safetensors');
  await saveModel(a, m);
  saveModelSync(b, m);
  for (const path of [a, b]) {
    const loaded = loadModel(path);
    assert.deepEqual(loaded.config, m.config);
    const ls = loaded.stateDict();
    for (const [k, t] of m.stateDict()) assert.deepEqual(Array.from(ls.get(k)!.data), Array.from(t.data), k);
  }
});

test('model-io: modelToBytes and loadModel(bytes) round-trip, and the bytes are the file saveModel writes', async () => {
  const m = model();
  const bytes = modelToBytes(m);
  const path = join(dir, 'bytes.safetensors');
  await saveModel(path, m);
  assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
  for (const loaded of [loadModelFromBytes(bytes), loadModelFromBytes(bytes.slice().buffer), loadModel(bytes)]) {
    assert.deepEqual(loaded.config, m.config);
    for (const [k, t] of m.stateDict()) assert.deepEqual(Array.from(loaded.stateDict().get(k)!.data), Array.from(t.data), k);
  }
  bytes[8] = 0x5b; // the header's '{' becomes '['
  assert.throws(() => loadModelFromBytes(bytes, 'upload.safetensors'), (e: Error) => e instanceof ModelFileError && e.message.includes('upload.safetensors'));
});

const rejects = (name: string, write: (path: string) => void, pattern: RegExp) => {
  test(`model-io: rejects ${name}`, () => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.safetensors`);
    write(path);
    assert.throws(() => loadModel(path), (e: Error) => e instanceof ModelFileError && pattern.test(e.message) && e.message.includes(path));
  });
};

rejects('an unknown model name', (p) => saveModelFileSync(p, { ...config(), model: 'trojan' }, weights()), /unknown model "trojan"/);
rejects('a config with an unknown field', (p) => saveModelFileSync(p, { ...config(), require: 'child_process' }, weights()), /unknown option 'require'/);
rejects('a config with a missing field', (p) => {
  const { beta: _b, ...c } = config();
  saveModelFileSync(p, c, weights());
}, /missing 'beta'/);
rejects('a config with a wrong type', (p) => saveModelFileSync(p, { ...config(), hidden: '4' }, weights()), /'hidden'/);
rejects('an unexpected tensor', (p) => {
  const w = weights();
  w.set('backdoor.weight', w.get('encoder.dense.0.weight')!);
  saveModelFileSync(p, config(), w);
}, /unexpected keys: backdoor\.weight/);
rejects('a missing tensor', (p) => {
  const w = weights();
  w.delete('decoder.dense.2.bias');
  saveModelFileSync(p, config(), w);
}, /missing keys: decoder\.dense\.2\.bias/);
rejects('a tensor of the wrong shape', (p) => {
  const w = new Map([...weights()].map(([k, t]) => [k, k === 'encoder.dense.0.weight' ? { shape: [2, 12], data: t.data } : t]));
  saveModelFileSync(p, config(), w);
}, /shape mismatch for 'encoder\.dense\.0\.weight'/);
rejects('integer weights', (p) => {
  const w = new Map<string, { shape: readonly number[]; data: Float32Array | Int32Array }>([...weights()]);
  w.set('encoder.dense.0.bias', { shape: [4], data: new Int32Array(4) });
  saveModelFileSync(p, config(), w);
}, /must be F32/);
rejects('weights that fit a different architecture', (p) => saveModelFileSync(p, { ...config(), hidden: [5] }, weights()), /shape mismatch/);
