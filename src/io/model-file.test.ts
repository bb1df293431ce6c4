import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomicSync } from './atomic-write.js';
import { CONFIG_KEY, FORMAT_KEY, MODEL_FORMAT } from './model-file.js';
import { loadModelFile, saveModelFile, saveModelFileSync } from './model-file.node.js';
import { ModelFileError } from './model-file-error.js';
import { encodeSafetensors } from './safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-model-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const tensors = { 'decoder.weight': { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } };
const config = { model: 'vae', latent: 2, hidden: [400], decoder: 'bernoulli' };

const KNOWN = new Set(['ae', 'vae']);
function validate(c: Record<string, unknown>): { model: string; latent: number } {
  if (typeof c.model !== 'string' || !KNOWN.has(c.model)) throw new Error(`unknown model type ${JSON.stringify(c.model)}`);
  if (typeof c.latent !== 'number') throw new Error('latent must be a number');
  return c as { model: string; latent: number };
}

test('save → load round trip keeps config, tensors and extra metadata', async () => {
  const path = join(dir, 'model.safetensors');
  await saveModelFile(path, config, tensors, { epoch: '3' });
  const file = loadModelFile(path, validate);
  assert.deepEqual(file.config, config);
  assert.deepEqual(Array.from(file.tensors.get('decoder.weight')!.data), [1, 2, 3, 4]);
  assert.equal(file.metadata.epoch, '3');
  assert.equal(file.metadata[FORMAT_KEY], MODEL_FORMAT);
  saveModelFileSync(path, { ...config, latent: 5 }, tensors);
  assert.equal(loadModelFile(path, validate).config.latent, 5);
});

test('configs JSON cannot hold faithfully are refused when saving', () => {
  assert.throws(() => saveModelFileSync(join(dir, 'nan.safetensors'), { lr: Number.NaN }, tensors), /"lr" is NaN/);
  assert.throws(() => saveModelFileSync(join(dir, 'fn.safetensors'), { hook: () => 1 }, tensors), /"hook" is a function; model files hold data only/);
  assert.throws(() => saveModelFileSync(join(dir, 'r.safetensors'), config, tensors, { [CONFIG_KEY]: '{}' }), /reserved/);
});

function rejects(metadata: Record<string, string>, message: RegExp): void {
  const path = join(dir, 'bad.safetensors');
  writeFileAtomicSync(path, encodeSafetensors(tensors, metadata));
  assert.throws(() => loadModelFile(path, validate), (err: unknown) => {
    assert.ok(err instanceof ModelFileError, String(err));
    assert.ok(err.message.startsWith(`${path}: `));
    assert.match(err.message, message);
    return true;
  });
}

test('rejects files that are not aekit model files or hold a bad config', () => {
  rejects({}, /not an aekit model file: no "aekit\.format"/);
  rejects({ [FORMAT_KEY]: 'aekit-model/99', [CONFIG_KEY]: '{}' }, /format "aekit-model\/99" is not supported/);
  rejects({ [FORMAT_KEY]: MODEL_FORMAT }, /no "aekit\.config" entry/);
  rejects({ [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: '{"model": ' }, /"aekit\.config" is not valid JSON/);
  rejects({ [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: '[1]' }, /must be a JSON object/);
  rejects({ [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: '{"model":"vae","model":"ae","latent":2}' }, /"model" more than once/);
  rejects({ [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: '{"model":"require(\'child_process\')","latent":2}' }, /invalid model config: unknown model type/);
});
