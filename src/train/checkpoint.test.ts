/**
 * Checkpoints are validated for meaning: mutants that keep a valid CRC (as a buggy writer or a hand edit
 * would) must be refused by the reader or by the resume check, and raw byte damage must be refused by the
 * CRC or the structure — or leave the checkpoint meaning exactly what it meant. Fixed seeds throughout.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeModelFile, type JsonObject } from '../io/model-file.js';
import { loadModelFile } from '../io/model-file.node.js';
import { ModelFileError } from '../io/model-file-error.js';
import { serializeSafetensors, type SafetensorsTensor } from '../io/safetensors.js';
import { buildModel, defaultConfig, validateModelConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { CHECKPOINT_FILE, readCheckpoint, type TrainOptions } from './checkpoint.js';
import { blobs, tempDir } from '../testing/training.js';
import { ResumeMismatchError } from './resume.js';
import { trainModel } from './trainer.js';

const train = blobs(64, 6, 1);
const testSet = blobs(32, 6, 2);
const options: TrainOptions = { epochs: 2, batchSize: 16, lr: 3e-3, lrSchedule: 'constant', seed: 7, clipNorm: 0, dropLast: false };
const config = defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian' } });
const dir = tempDir('aekit-checkpoint-');
const goodPath = join(dir, CHECKPOINT_FILE);
await trainModel({ model: buildModel(config, new Generator(1)), train, test: testSet, options, runDir: dir });
const good = loadModelFile(goodPath);
const goodState = JSON.parse(good.metadata['aekit.checkpoint']!) as Record<string, unknown>;

/** Reads `path` and resumes from it (a run asking for the same 2 epochs, so an accepted checkpoint trains nothing). */
async function resumeFrom(path: string): Promise<void> {
  const ck = readCheckpoint(path, validateModelConfig);
  await trainModel({ model: buildModel(ck.modelConfig, new Generator(2)), train, test: testSet, options, resume: ck });
}

/** One line, naming the file when the reader refuses; a ResumeMismatchError when the resume check does. */
async function assertRefused(path: string, what: string): Promise<string> {
  const err = await resumeFrom(path).then(() => null, (e: unknown) => e);
  assert.ok(err !== null, `${what}: accepted`);
  assert.ok(err instanceof ModelFileError || err instanceof ResumeMismatchError, `${what}: ${String(err)}`);
  const message = (err as Error).message;
  assert.ok(!message.includes('\n'), `${what}: one line`);
  if (err instanceof ModelFileError) assert.ok(message.startsWith(`${path}: `), `${what}: names the file`);
  return message;
}

type State = Record<string, unknown> & { history: Record<string, unknown>[]; optimizers: Record<string, { groups: { hyper: Record<string, unknown>; params: number[] }[]; steps: (number | null)[] }> };

/** A checkpoint from edited parts, with a fresh, correct CRC. */
function rebuild(name: string, edit: { state?: (s: State) => void; tensors?: (t: Map<string, SafetensorsTensor>) => void; config?: (c: JsonObject) => void }): string {
  const state = structuredClone(goodState) as State;
  const tensors = new Map([...good.tensors].map(([k, t]) => [k, { ...t, shape: [...t.shape], data: t.data.slice() }]));
  const cfg = structuredClone(good.config) as JsonObject;
  edit.state?.(state);
  edit.tensors?.(tensors);
  edit.config?.(cfg);
  const path = join(dir, `${name.replace(/\W+/g, '-')}.safetensors`);
  writeFileSync(path, Buffer.concat(encodeModelFile(cfg, tensors, { 'aekit.checkpoint': JSON.stringify(state) })));
  return path;
}

const rename = (t: Map<string, SafetensorsTensor>, from: string, to: string) => {
  t.set(to, t.get(from)!);
  t.delete(from);
};
const modelTensor = [...good.tensors.keys()].find((k) => k.startsWith('model/') && k.endsWith('weight'))!;
const SEMANTIC: [string, Parameters<typeof rebuild>[1], RegExp][] = [
  ['epoch 0', { state: (s) => (s['epoch'] = 0) }, /"history" has 2 rows but "epoch" says 0/],
  ['epoch 1e9', { state: (s) => (s['epoch'] = 1e9) }, /"epoch" is 1000000000, more than the run's 2 epochs/],
  ['epoch 1 with two history rows', { state: (s) => (s['epoch'] = 1) }, /"history" has 2 rows but "epoch" says 1/],
  ['a fractional epoch', { state: (s) => (s['epoch'] = 1.5) }, /"epoch" must be a non-negative integer/],
  ['step off by one', { state: (s) => (s['step'] = (s['step'] as number) + 1) }, /"step" is \d+ but the history ends at step/],
  ['steps that do not grow evenly', { state: (s) => (s.history[1]!['step'] = 7) }, /history\[1\]\.step is 7, but epoch 1 took 4 steps/],
  ['a history row dropped', { state: (s) => s.history.pop() }, /"history" has 1 rows/],
  ['history rows swapped', { state: (s) => s.history.reverse() }, /history\[0\]\.epoch is 2, expected 1/],
  ['a history row without train', { state: (s) => delete s.history[0]!['train'] }, /history\[0\] lacks "train"/],
  ['a NaN loss in the history', { state: (s) => ((s.history[0]!['train'] as Record<string, unknown>)['total'] = null) }, /history\[0\]\.train\.total must be a finite number/],
  ['a test split that is a number', { state: (s) => (s.history[1]!['test'] = 5) }, /history\[1\]\.test must be an object/],
  ['best that is not the history\'s best', { state: (s) => (s['best'] = { epoch: 1, total: -1 }) }, /"best" is .* but the history's best is/],
  ['time going back', { state: (s) => (s.history[1]!['seconds'] = -1) }, /history\[1\]\.seconds must be a finite number ≥ 0/],
  ['an unknown field', { state: (s) => (s['extra'] = 1) }, /unknown field "extra"/],
  ['a missing field', { state: (s) => delete s['best'] }, /lacks "best"/],
  ['an old format', { state: (s) => (s['format'] = 'aekit-checkpoint/1') }, /format is "aekit-checkpoint\/1"/],
  ['lr 0 in the options', { state: (s) => ((s['options'] as Record<string, unknown>)['lr'] = 0) }, /"options\.lr" must be a finite number > 0/],
  ['another lr in the options', { state: (s) => ((s['options'] as Record<string, unknown>)['lr'] = 0.5) }, /cannot resume: lr is 0\.5 in the checkpoint, 0\.003 here/],
  ['an unknown schedule', { state: (s) => ((s['options'] as Record<string, unknown>)['lrSchedule'] = 'linear') }, /"options\.lrSchedule" must be one of/],
  ['batch size 0', { state: (s) => ((s['options'] as Record<string, unknown>)['batchSize'] = 0) }, /"options\.batchSize" must be a positive integer/],
  ['another data fingerprint', { state: (s) => (s['dataFingerprint'] = 'train crc32:00000000:64, test none') }, /cannot resume: the data changed since the checkpoint was written/],
  ['no optimizers', { state: (s) => (s.optimizers = {}) }, /"optimizers" must name at least one optimizer/],
  ['an optimizer renamed', { state: (s) => (s.optimizers = { other: s.optimizers['main']! }) }, /unexpected tensor 'optim\/main\/0\.expAvg' \(neither model\/… nor a buffer of a saved optimizer\)/],
  ['β₁ = 5', { state: (s) => (s.optimizers['main']!.groups[0]!.hyper['beta1'] = 5) }, /Adam: beta1 must be in \[0, 1\), got 5/],
  ['β₁ = 0.5 (valid, but not this run\'s)', { state: (s) => (s.optimizers['main']!.groups[0]!.hyper['beta1'] = 0.5) }, /beta1 is 0\.5 in the checkpoint, 0\.9 for this run/],
  ['a group that is not an object', { state: (s) => ((s.optimizers['main']!.groups as unknown[])[0] = 7) }, /group 0 must be \{hyper/],
  ['groups that are not a list', { state: (s) => ((s.optimizers['main'] as Record<string, unknown>)['groups'] = 5) }, /needs lists "groups" and "steps"/],
  ['an optimizer step count ahead of the run', { state: (s) => (s.optimizers['main']!.steps[0] = (s['step'] as number) + 1) }, /has updated parameter 0 9 times, but the run is at step 8/],
  ['an optimizer step count of null with buffers', { state: (s) => (s.optimizers['main']!.steps[0] = null) }, /buffer '0\.expAvg' belongs to no updated parameter/],
  ['a step list too short', { state: (s) => s.optimizers['main']!.steps.pop() }, /parameters saved, \d+ here/],
  ['a missing moment buffer', { tensors: (t) => t.delete('optim/main/0.expAvgSq') }, /parameter 0 has been updated 8 time\(s\) but its 'expAvgSq' buffer is missing/],
  ['a renamed moment buffer', { tensors: (t) => rename(t, 'optim/main/0.expAvgSq', 'optim/main/0.expAvgSQ') }, /keeps no 'expAvgSQ' buffer/],
  ['a negative second moment', { tensors: (t) => ((t.get('optim/main/1.expAvgSq')!.data as Float32Array)[0] = -1) }, /'1\.expAvgSq' holds -1 at index 0/],
  ['a NaN weight', { tensors: (t) => ((t.get(modelTensor)!.data as Float32Array)[0] = NaN) }, /holds NaN at index 0/],
  ['a missing model tensor', { tensors: (t) => t.delete(modelTensor) }, /the checkpoint lacks model tensor/],
  ['an extra model tensor', { tensors: (t) => t.set('model/backdoor', { dtype: 'F32', shape: [1], data: new Float32Array(1) }) }, /model tensor\(s\) the model does not: 'backdoor'/],
  ['a transposed model tensor', { tensors: (t) => t.get(modelTensor)!.shape.reverse() }, /model tensor '.*' has shape \[\d+, \d+\] in the checkpoint/],
  ['a tensor outside model/ and optim/', { tensors: (t) => t.set('junk', { dtype: 'F32', shape: [1], data: new Float32Array(1) }) }, /unexpected tensor 'junk'/],
  ['an integer tensor', { tensors: (t) => t.set(modelTensor, { dtype: 'I32', shape: t.get(modelTensor)!.shape, data: new Int32Array(t.get(modelTensor)!.data.length) }) }, /is I32, expected F32/],
  ['a config whose layers the tensors do not fit', { config: (c) => (c['hidden'] = [9]) }, /cannot resume: model tensor 'encoder\.dense\.0\.weight' has shape \[8, 6\] in the checkpoint, \[9, 6\] here/],
  ['an unknown model', { config: (c) => (c['model'] = 'trojan') }, /unknown model "trojan"/],
  ['a billion-dimensional code', { config: (c) => (c['latentDim'] = 1e9) }, /field 'latentDim' must be an integer ≥ 1 ≤ 65536/],
];

test('a checkpoint written by the trainer reads back and resumes', async () => {
  await resumeFrom(goodPath);
  await resumeFrom(rebuild('unchanged', {}));
});

for (const [what, edit, message] of SEMANTIC) {
  test(`a checkpoint with a valid CRC but ${what} is refused`, async () => {
    const path = rebuild(what, edit);
    assert.match(await assertRefused(path, what), message);
  });
}

test('300 raw byte mutants (fixed seed): each refused by the CRC or the structure, none silently accepted', async () => {
  const bytes = readFileSync(goodPath);
  const headerEnd = 8 + Number(bytes.readBigUInt64LE(0));
  const gen = new Generator(2024);
  const pick = (n: number) => gen.nextUint32() % n;
  let refused = 0;
  for (let i = 0; i < 300; i++) {
    const b = Buffer.from(bytes);
    let what: string;
    if (i % 4 === 3) {
      const n = pick(b.length);
      what = `truncated to ${n}`;
      writeFileSync(join(dir, 'mutant.safetensors'), b.subarray(0, n));
    } else {
      // Half the flips land in the header (JSON and its padding), half in the data.
      const at = i % 2 === 0 ? pick(headerEnd) : headerEnd + pick(b.length - headerEnd);
      const bit = pick(8);
      b[at]! ^= 1 << bit;
      what = `bit ${bit} of byte ${at} flipped`;
      writeFileSync(join(dir, 'mutant.safetensors'), b);
    }
    const err = await resumeFrom(join(dir, 'mutant.safetensors')).then(() => null, (e: unknown) => e);
    if (err === null) {
      // Accepted: only a change that means nothing (e.g. header padding) may be; the meaning must be identical.
      const again = loadModelFile(join(dir, 'mutant.safetensors'));
      assert.deepEqual(again.metadata, good.metadata, `${what}: accepted with other metadata`);
      for (const [k, t] of good.tensors) assert.deepEqual(again.tensors.get(k)!.data, t.data, `${what}: accepted with other values in ${k}`);
      continue;
    }
    assert.ok(err instanceof ModelFileError || err instanceof ResumeMismatchError, `${what}: ${String(err)}`);
    refused += 1;
  }
  assert.ok(refused >= 290, `${refused} of 300 refused`);
});

test('a checkpoint without its CRC is refused; a model file may lack one', async () => {
  const tensors = new Map(good.tensors);
  const metadata = { ...good.metadata };
  delete metadata['aekit.crc32'];
  const path = join(dir, 'no-crc.safetensors');
  writeFileSync(path, serializeSafetensors(tensors, metadata));
  assert.match(await assertRefused(path, 'no CRC'), /no "aekit\.crc32" checksum/);
  assert.equal(loadModelFile(path).tensors.size, good.tensors.size);
});
