/** `aekit export` through the built CLI: a run folder to ONNX graphs that onnxruntime-web runs, and to a PyTorch export. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-web';
import { noGrad } from '../autograd/grad-mode.js';
import { maxAbsDiff, randomInputs, tinyModel, tinyRunDir } from '../testing/tiny-models.js';
import { tempDir } from '../testing/training.js';
import { assertOneLineError, runCli as aekit } from '../testing/cli.js';

ort.env.wasm.numThreads = 1;

test('export --format onnx writes encoder.onnx and decoder.onnx into RUN/export/onnx; they run and match', async () => {
  const model = tinyModel('vae', [1, 8, 8], { arch: 'conv' });
  const run = await tinyRunDir(model, tempDir('aekit-export-'));
  const r = await aekit(['export', run, '--format', 'onnx', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { format: string; model: string; files: string[]; opset: number; graphs: { encoder: { outputs: string[] } } };
  assert.deepEqual(result.files, [join(run, 'export', 'onnx', 'encoder.onnx'), join(run, 'export', 'onnx', 'decoder.onnx')]);
  assert.equal(result.opset, 17);
  assert.deepEqual(result.graphs.encoder.outputs, ['mu', 'log_var']);
  const session = await ort.InferenceSession.create(readFileSync(result.files[0]!));
  const { x } = randomInputs(model, 4, 1);
  const got = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x.data), x.shape) });
  const want = noGrad(() => model.encode(x));
  assert.ok(maxAbsDiff(got['mu']!.data as Float32Array, want.data) <= 1e-5);
});

test('export --format torch writes the state dict and model.py; a model file works as the source too', async () => {
  const dir = tempDir('aekit-export-');
  const run = await tinyRunDir(tinyModel('ae', [12]), join(dir, 'run'));
  const out = join(dir, 'torch');
  const r = await aekit(['export', join(run, 'model.safetensors'), '--format', 'torch', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /torch export of ae: .*state_dict\.safetensors, .*model\.py/);
  assert.ok(existsSync(join(out, 'state_dict.safetensors')));
  assert.match(readFileSync(join(out, 'model.py'), 'utf8'), /class AekitAe\(nn\.Module\)/);
});

test('export: bad input gets one error line', async () => {
  const run = await tinyRunDir(tinyModel('ae', [12]), tempDir('aekit-export-'));
  assertOneLineError(await aekit(['export', run, '--format', 'tflite']), /Allowed choices are onnx, torch/, 2);
  assertOneLineError(await aekit(['export', join(run, 'nope'), '--format', 'onnx']), /nope: no such run folder/, 1);
  assertOneLineError(await aekit(['export', run]), /--format <format>' not specified/, 2);
});
