import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { CONFIG_KEY, FORMAT_KEY, MODEL_FORMAT } from '../io/model-file.js';
import { saveModelFileSync } from '../io/model-file.node.js';
import { encodeSafetensors } from '../io/safetensors.js';
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
  assert.throws(() => loadModelFromBytes(bytes, { source: 'upload.safetensors' }), (e: Error) => e instanceof ModelFileError && e.message.includes('upload.safetensors'));
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
}, /unexpected tensors 'backdoor\.weight'/);
rejects('a missing tensor', (p) => {
  const w = weights();
  w.delete('decoder.dense.2.bias');
  saveModelFileSync(p, config(), w);
}, /missing tensors 'decoder\.dense\.2\.bias'/);
rejects('a tensor of the wrong shape', (p) => {
  const w = new Map([...weights()].map(([k, t]) => [k, k === 'encoder.dense.0.weight' ? { shape: [2, 12], data: t.data } : t]));
  saveModelFileSync(p, config(), w);
}, /tensor 'encoder\.dense\.0\.weight' has shape \[2, 12\], the vae model its config describes wants \[4, 6\]/);
rejects('integer weights', (p) => {
  const w = new Map<string, { shape: readonly number[]; data: Float32Array | Int32Array }>([...weights()]);
  w.set('encoder.dense.0.bias', { shape: [4], data: new Int32Array(4) });
  saveModelFileSync(p, config(), w);
}, /must be F32/);
rejects('weights that fit a different architecture', (p) => saveModelFileSync(p, { ...config(), hidden: [5] }, weights()), /has shape \[4, 6\], the vae model its config describes wants \[5, 6\]/);
rejects('a small file whose config asks for a 300,000-unit layer (refused before the layer is allocated)', (p) => saveModelFileSync(p, { ...config(), inputShape: [784], hidden: [300_000] }, weights()),
  /vae: the config describes a model too big for the [\d,]+ values the file holds/);
rejects('a config asking for a billion-dimensional code', (p) => saveModelFileSync(p, { ...config(), latentDim: 1e9 }, weights()), /option 'latentDim'|field 'latentDim' must be an integer ≥ 1 ≤ 65536, got 1000000000/);
rejects('a huge input shape', (p) => saveModelFileSync(p, { ...config(), inputShape: [3, 65536, 65536] }, weights()), /field 'inputShape': \[3, 65536, 65536\] holds 12884901888 values, more than the 16777216 allowed/);
rejects('a config nested 100,000 levels deep', (p) => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  writeFileAtomicSync(p, encodeSafetensors(weights(), { [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: `{"model":"vae","hidden":${deep}}` }));
}, /"aekit\.config" is invalid: nested more than 64 levels deep/);
rejects('a NaN weight', (p) => {
  const w = weights();
  w.get('decoder.dense.2.bias')!.data[1] = NaN;
  saveModelFileSync(p, config(), w);
}, /tensor 'decoder\.dense\.2\.bias' holds NaN at index 1/);
rejects('a flipped bit in the weights', (p) => {
  saveModelFileSync(p, config(), weights());
  const bytes = readFileSync(p);
  bytes[bytes.length - 3]! ^= 0x04;
  writeFileSync(p, bytes);
}, /checksum mismatch/);

test('model-io: NaN weights load when asked for, and the budget error comes before any large allocation', () => {
  const path = join(dir, 'nan-allowed.safetensors');
  const w = weights();
  w.get('decoder.dense.2.bias')!.data[0] = Infinity;
  saveModelFileSync(path, config(), w);
  assert.equal(loadModel(path, { allowNonFinite: true }).stateDict().get('decoder.dense.2.bias')!.data[0], Infinity);
  // The core's reader of bytes makes the same decision, by the same option.
  const bytes = new Uint8Array(readFileSync(path));
  assert.throws(() => loadModelFromBytes(bytes, { source: 'upload' }), (e: Error) => e instanceof ModelFileError && /upload: tensor 'decoder\.dense\.2\.bias' holds Infinity/.test(e.message));
  assert.equal(loadModelFromBytes(bytes, { allowNonFinite: true }).stateDict().get('decoder.dense.2.bias')!.data[0], Infinity);
  const big = join(dir, 'big-config.safetensors');
  saveModelFileSync(big, { ...config(), inputShape: [784], hidden: [300_000] }, weights());
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => loadModel(big), /too big/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 2 ** 20, 'no large buffer was allocated');
});

test('model-io: 300 damaged model files (fixed seed), each refused naming the file or loaded with identical meaning', async () => {
  const path = join(dir, 'fuzz-source.safetensors');
  await saveModel(path, model());
  const bytes = readFileSync(path);
  const original = loadModel(path).stateDict();
  const headerEnd = 8 + Number(bytes.readBigUInt64LE(0));
  const gen = new Generator(77);
  const pick = (n: number) => gen.nextUint32() % n;
  const mutant = join(dir, 'fuzz-mutant.safetensors');
  let refused = 0;
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(bytes);
    if (i % 5 === 4) writeFileSync(mutant, b.subarray(0, pick(b.length)));
    else {
      const at = i % 2 === 0 ? pick(headerEnd) : headerEnd + pick(b.length - headerEnd);
      b[at]! ^= 1 << pick(8);
      writeFileSync(mutant, b);
    }
    try {
      const loaded = loadModel(mutant).stateDict();
      for (const [k, t] of original) assert.deepEqual(loaded.get(k)!.data, t.data, `mutant ${i}: accepted with other values in ${k}`);
    } catch (e) {
      assert.ok(e instanceof ModelFileError && e.message.startsWith(`${mutant}: `) && !e.message.includes('\n'), `mutant ${i}: ${String(e)}`);
      refused += 1;
    }
  }
  assert.ok(refused >= 290, `${refused} of 300 refused`);
});
