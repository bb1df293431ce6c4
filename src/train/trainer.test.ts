import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AtomicWriteError, writeFileAtomic, type AsyncFileContents } from '../io/atomic-write.js';
import { ModelFileError } from '../io/model-file-error.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { mul } from '../ops/binary.js';
import type { Batch, LossContext, LossResult } from '../models/autoencoder.js';
import { KL_WARMUP_KEY } from '../models/blocks/kl-warmup.js';
import { buildModel, defaultConfig, validateModelConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { CHECKPOINT_FILE, encodeCheckpoint, readCheckpoint, writeCheckpoint, type TrainOptions } from './checkpoint.js';
import { blobs, parameterBytes, tempDir } from '../testing/training.js';
import { TinyVae, tinyVaeConfig, type TinyVaeConfig } from '../testing/tiny-vae.js';
import { ResumeMismatchError } from './resume.js';
import { epochLearningRate, evaluate, MODEL_FILE, randomKeys, stepGenerator, trainModel, TrainingDivergedError } from './trainer.js';

const train = blobs(96, 6, 1);
const testSet = blobs(48, 6, 2);
const options = (over: Partial<TrainOptions> = {}): TrainOptions => ({ epochs: 2, batchSize: 16, lr: 3e-3, lrSchedule: 'constant', seed: 7, clipNorm: 0, dropLast: false, ...over });
const config = tinyVaeConfig([6], 2, 12);
const build = (seed = 11) => new TinyVae(config, new Generator(seed));
const validate = (c: unknown) => c as TinyVaeConfig;

test('training lowers the loss and writes checkpoint, model file and metrics each epoch', async () => {
  const dir = tempDir();
  const model = build();
  const before = evaluate(model, testSet, 1);
  const { state } = await trainModel({ model, train, test: testSet, options: options({ epochs: 6, lr: 2e-2 }), runDir: dir });
  assert.equal(state.epoch, 6);
  assert.equal(state.step, 6 * 6);
  assert.equal(state.history.length, 6);
  const last = state.history.at(-1)!;
  assert.ok(last.test!['total']! < before['total']!, `test loss ${last.test!['total']} should fall below ${before['total']}`);
  assert.deepEqual(Object.keys(last.train).sort(), ['kl', 'reconstruction', 'total']);
  for (const f of [CHECKPOINT_FILE, 'checkpoint.json', MODEL_FILE, 'metrics.csv', 'metrics.json']) assert.ok(existsSync(join(dir, f)), f);
  const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'epoch,step,seconds,train_total,train_reconstruction,train_kl,test_total,test_reconstruction,test_kl');
  assert.equal(csv.length, 7);
  const json = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { epochs: unknown[] };
  assert.equal(json.epochs.length, 6);
  assert.ok(readdirSync(dir).every((f) => !f.startsWith('.aekit-tmp')), 'no temporary files are left');
});

test('step generators differ per step and repeat per seed', () => {
  const { stepKey } = randomKeys(3);
  const a = stepGenerator(stepKey, 0).nextUint32();
  assert.notEqual(a, stepGenerator(stepKey, 1).nextUint32());
  assert.equal(a, stepGenerator(randomKeys(3).stepKey, 0).nextUint32());
  assert.notEqual(randomKeys(3).stepKey, randomKeys(4).stepKey);
});

test('2 epochs straight = 1 epoch, stop, resume for the 2nd: bit-identical weights, optimizer state and metrics', async () => {
  const straight = build();
  const a = await trainModel({ model: straight, train, test: testSet, options: options(), runDir: tempDir() });

  const dir = tempDir();
  await trainModel({ model: build(), train, test: testSet, options: options({ epochs: 1 }), runDir: dir });
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
  assert.equal(ck.state.epoch, 1);
  // A fresh process would build the model from another init; the checkpoint must overwrite all of it.
  const resumed = new TinyVae(ck.modelConfig as TinyVaeConfig, new Generator(999));
  const b = await trainModel({ model: resumed, train, test: testSet, options: options(), runDir: dir, resume: ck });

  assert.ok(parameterBytes(straight).equals(parameterBytes(resumed)), 'parameters are bit-identical');
  const optA = a.optimizers.get('main')!.stateDict();
  const optB = b.optimizers.get('main')!.stateDict();
  assert.deepEqual(optB.steps, optA.steps);
  for (const [k, t] of optA.tensors) assert.deepEqual(optB.tensors.get(k)!.data, t.data, k);
  const strip = (h: typeof a.state.history) => h.map(({ seconds: _s, ...rest }) => rest);
  assert.deepEqual(strip(b.state.history), strip(a.state.history));
});

test('cosine annealing sets lr·(1 + cos(π·e/E))/2 per epoch, and a killed run resumes with the same rates and weights', async () => {
  const cos = options({ epochs: 4, lrSchedule: 'cosine' });
  assert.deepEqual([0, 1, 2, 3].map((e) => +epochLearningRate(cos, e).toExponential(6)), [3e-3, 2.56066e-3, 1.5e-3, 4.393398e-4]);
  assert.equal(epochLearningRate(options(), 3), 3e-3);
  const straight = build();
  await trainModel({ model: straight, train, test: testSet, options: cos, runDir: tempDir() });
  // The same run stopped after its 2nd epoch (as a kill would), then resumed.
  const dir = tempDir();
  await assert.rejects(trainModel({
    model: build(), train, test: testSet, options: cos, runDir: dir,
    onEpochEnd: (m) => { if (m.epoch === 2) throw new Error('stop'); },
  }), /stop/);
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
  assert.equal(ck.state.epoch, 2);
  const resumed = new TinyVae(ck.modelConfig as TinyVaeConfig, new Generator(999));
  const b = await trainModel({ model: resumed, train, test: testSet, options: cos, runDir: dir, resume: ck });
  assert.equal(b.optimizers.get('main')!.paramGroups[0]!.lr, epochLearningRate(cos, 3));
  assert.ok(parameterBytes(straight).equals(parameterBytes(resumed)), 'parameters are bit-identical');
});

/** The tiny VAE, recording the training progress each loss call is told (undefined: none). */
class ProgressRecordingVae extends TinyVae {
  readonly told: (number | undefined)[] = [];

  override loss(batch: Batch, gen: Generator, ctx?: LossContext): LossResult {
    this.told.push(ctx?.epoch);
    return super.loss(batch, gen);
  }
}

test('the trainer tells each step\'s loss the fractional epoch (e + s / steps per epoch); evaluation tells none', async () => {
  const model = new ProgressRecordingVae(config, new Generator(11));
  await trainModel({ model, train, test: testSet, options: options(), runDir: null });
  // 96 samples in batches of 16: 6 steps an epoch, then one test batch.
  const epoch = (e: number) => [...Array.from({ length: 6 }, (_, s) => e + s / 6), undefined];
  assert.deepEqual(model.told, [...epoch(0), ...epoch(1)]);
});

test('a VAE with a KL warm-up stopped mid-warm-up and resumed reaches the bit-identical weights of a straight run', async () => {
  const warm = () => buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian', [KL_WARMUP_KEY]: 1.5 } }), new Generator(3));
  const straight = warm();
  const a = await trainModel({ model: straight, train, test: testSet, options: options({ epochs: 3 }), runDir: tempDir() });
  const dir = tempDir();
  await trainModel({ model: warm(), train, test: testSet, options: options({ epochs: 1 }), runDir: dir });
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validateModelConfig);
  assert.equal((ck.modelConfig as unknown as Record<string, unknown>)[KL_WARMUP_KEY], 1.5);
  const resumed = buildModel(ck.modelConfig, new Generator(999));
  const b = await trainModel({ model: resumed, train, test: testSet, options: options({ epochs: 3 }), runDir: dir, resume: ck });
  assert.ok(parameterBytes(straight).equals(parameterBytes(resumed)), 'parameters are bit-identical');
  const strip = (h: typeof a.state.history) => h.map(({ seconds: _s, ...rest }) => rest);
  assert.deepEqual(strip(b.state.history), strip(a.state.history));
  // The warm-up changed the training: without it the same run ends elsewhere.
  const cold = buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian' } }), new Generator(3));
  await trainModel({ model: cold, train, test: testSet, options: options({ epochs: 3 }), runDir: null });
  assert.ok(!parameterBytes(cold).equals(parameterBytes(straight)));
});

test('resuming with a different batch size, lr or seed is refused', async () => {
  const dir = tempDir();
  await trainModel({ model: build(), train, test: null, options: options({ epochs: 1 }), runDir: dir });
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
  await assert.rejects(trainModel({ model: build(), train, test: null, options: options({ lr: 1e-2 }), resume: ck }), /lr is 0.003 in the checkpoint/);
  await assert.rejects(trainModel({ model: build(), train, test: null, options: options({ seed: 8 }), resume: ck }), /seed/);
});

/** TinyVae whose 'kl' part turns NaN from the `poisonAt`-th loss call on. */
class PoisonedVae extends TinyVae {
  calls = 0;
  constructor(readonly poisonAt: number) {
    super(config, new Generator(11));
  }
  override loss(batch: Batch, gen: Generator): LossResult {
    const out = super.loss(batch, gen);
    if (!this.training) return out;
    this.calls += 1;
    if (this.calls < this.poisonAt) return out;
    const kl = mul(out.parts['kl']!, NaN);
    return { total: mul(out.total, NaN), parts: { ...out.parts, kl } };
  }
}

test('a NaN loss stops training naming epoch, step and part; the last good checkpoint is untouched', async () => {
  const dir = tempDir();
  const model = new PoisonedVae(6 + 3); // epoch 1 has 6 steps; the 3rd step of epoch 2 is poisoned
  let afterEpoch1: Buffer | null = null;
  let metricsAfterEpoch1 = '';
  const err = await trainModel({
    model, train, test: testSet, options: options({ epochs: 3 }), runDir: dir,
    onEpochEnd: () => {
      afterEpoch1 ??= readFileSync(join(dir, CHECKPOINT_FILE));
      metricsAfterEpoch1 ||= readFileSync(join(dir, 'metrics.csv'), 'utf8');
    },
  }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof TrainingDivergedError, String(err));
  assert.equal(err.epoch, 2);
  assert.equal(err.step, 9);
  assert.equal(err.part, 'total');
  assert.match(err.message, /epoch 2, step 9: the loss is NaN \(step 3 of 6 in the epoch\)/);
  assert.ok(readFileSync(join(dir, CHECKPOINT_FILE)).equals(afterEpoch1!), 'checkpoint bytes unchanged');
  assert.equal(readFileSync(join(dir, 'metrics.csv'), 'utf8'), metricsAfterEpoch1);
  assert.equal(readCheckpoint(join(dir, CHECKPOINT_FILE), validate).state.epoch, 1);
});

test('a huge learning rate diverges into a TrainingDivergedError, not a model full of NaN', async () => {
  const dir = tempDir();
  const err = await trainModel({ model: build(), train, test: testSet, options: options({ epochs: 5, lr: 1e12 }), runDir: dir }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof TrainingDivergedError, String(err));
  assert.match(err.message, /training diverged at epoch \d+, step \d+/);
  if (existsSync(join(dir, CHECKPOINT_FILE))) {
    const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
    for (const [, t] of ck.modelState) assert.ok(t.data.every(Number.isFinite), 'a kept checkpoint holds finite weights');
  }
});

test('a checkpoint write that fails midway leaves the previous checkpoint loadable and no temp file', async () => {
  const dir = tempDir();
  await trainModel({ model: build(), train, test: null, options: options({ epochs: 1 }), runDir: dir });
  const path = join(dir, CHECKPOINT_FILE);
  const good = readFileSync(path);
  const ck = readCheckpoint(path, validate);
  const chunks = encodeCheckpoint({ ...ck, state: { ...ck.state, epoch: 99 } });
  function* failing(): Iterable<Uint8Array> {
    yield chunks[0]!;
    throw new Error('disk unplugged');
  }
  await assert.rejects(writeCheckpoint(path, ck, failing()), (e: unknown) => e instanceof AtomicWriteError && /disk unplugged/.test(e.message));
  assert.ok(readFileSync(path).equals(good));
  assert.equal(readCheckpoint(path, validate).state.epoch, 1);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp')), []);
});

test('truncated, foreign and tampered checkpoints are rejected with a ModelFileError', async () => {
  const dir = tempDir();
  await trainModel({ model: build(), train, test: null, options: options({ epochs: 1 }), runDir: dir });
  const good = readFileSync(join(dir, CHECKPOINT_FILE));
  const truncated = join(dir, 'truncated.safetensors');
  writeFileAtomicSync(truncated, good.subarray(0, good.length - 10));
  assert.throws(() => readCheckpoint(truncated, validate), ModelFileError);
  assert.throws(() => readCheckpoint(join(dir, MODEL_FILE), validate), /not a usable checkpoint: no "aekit.checkpoint"/);
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
  const tampered = join(dir, 'tampered.safetensors');
  await writeCheckpoint(tampered, { ...ck, state: { ...ck.state, step: -1 } });
  assert.throws(() => readCheckpoint(tampered, validate), /"step" must be a non-negative integer/);
});

test('a divergence says which checkpoint is kept, and that there is none before the first epoch ends', async () => {
  const early = await trainModel({ model: new PoisonedVae(3), train, test: null, options: options(), runDir: tempDir() }).then(() => null, (e: unknown) => e);
  assert.ok(early instanceof TrainingDivergedError);
  assert.equal(early.keptEpoch, null);
  assert.match(early.message, /epoch 1, step 3: .*; stopped, no checkpoint had been written yet, so there is nothing to resume from$/);
  const late = await trainModel({ model: new PoisonedVae(6 + 2), train, test: null, options: options(), runDir: tempDir() }).then(() => null, (e: unknown) => e);
  assert.ok(late instanceof TrainingDivergedError);
  assert.match(late.message, /stopped, the checkpoint of epoch 1 is kept$/);
  const nowhere = await trainModel({ model: new PoisonedVae(8), train, test: null, options: options() }).then(() => null, (e: unknown) => e);
  assert.match((nowhere as Error).message, /stopped, nothing is saved without a run folder$/);
});

test('resuming refuses what would not continue the run exactly: fewer epochs, a cosine run stretched, other data, another model', async () => {
  const dir = tempDir();
  await trainModel({ model: build(), train, test: testSet, options: options({ epochs: 2 }), runDir: dir });
  const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
  const resume = (over: Partial<TrainOptions>, model = build(), data = train) => trainModel({ model, train: data, test: testSet, options: options(over), resume: ck });
  await assert.rejects(resume({ epochs: 1 }), (e: unknown) => e instanceof ResumeMismatchError && /already completed 2 epochs; asking for 1 would undo training/.test(e.message));
  await assert.rejects(resume({ epochs: 2 }, build(), blobs(96, 6, 3)), /the data changed since the checkpoint was written/);
  await assert.rejects(resume({ epochs: 2 }, new TinyVae(tinyVaeConfig([6], 2, 13), new Generator(1))), /the model configs differ at 'hidden': 12 in the checkpoint, 13 here/);
  await assert.rejects(resume({ epochs: 3, dropLast: true }), /dropLast is false in the checkpoint, true here/);
  const cosDir = tempDir();
  await trainModel({ model: build(), train, test: null, options: options({ epochs: 2, lrSchedule: 'cosine' }), runDir: cosDir });
  const cos = readCheckpoint(join(cosDir, CHECKPOINT_FILE), validate);
  await assert.rejects(trainModel({ model: build(), train, test: null, options: options({ epochs: 4, lrSchedule: 'cosine' }), resume: cos }),
    /the cosine schedule's rates depend on the number of epochs; the run was started with 2, so it cannot continue to 4/);
  // A constant schedule may be extended: 2 then 2 more equals 4 straight.
  const straight = build();
  await trainModel({ model: straight, train, test: testSet, options: options({ epochs: 4 }) });
  const extended = new TinyVae(config, new Generator(3));
  await trainModel({ model: extended, train, test: testSet, options: options({ epochs: 4 }), resume: ck });
  assert.ok(parameterBytes(straight).equals(parameterBytes(extended)));
});

test('bad training options are refused before anything runs', async () => {
  await assert.rejects(trainModel({ model: build(), train, test: null, options: options({ lr: -1 }) }), /trainModel: "options\.lr" must be a finite number > 0, got -1/);
  await assert.rejects(trainModel({ model: build(), train, test: null, options: options({ batchSize: 0 }) }), /"options\.batchSize" must be a positive integer/);
});

test('a full disk at any file of the last epoch\'s end fails cleanly, and resuming reaches the uninterrupted weights and model file', async () => {
  const straightDir = tempDir();
  const straight = build();
  await trainModel({ model: straight, train, test: testSet, options: options(), runDir: straightDir });
  for (const file of [MODEL_FILE, 'metrics.csv', 'metrics.json', CHECKPOINT_FILE, 'checkpoint.json']) {
    const dir = tempDir();
    let writes = 0;
    const full = async (path: string, contents: AsyncFileContents) => {
      if (path.endsWith(file) && ++writes === 2) {
        await writeFileAtomic(path, (function* () {
          yield new Uint8Array(8);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        })());
      }
      return writeFileAtomic(path, contents);
    };
    await assert.rejects(trainModel({ model: build(), train, test: testSet, options: options(), runDir: dir, writeFile: full }),
      (e: unknown) => e instanceof AtomicWriteError && e.code === 'ENOSPC' && e.message.includes(file));
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp')), [], `${file}: no temporary file`);
    const ck = readCheckpoint(join(dir, CHECKPOINT_FILE), validate);
    const resumed = new TinyVae(config, new Generator(5));
    await trainModel({ model: resumed, train, test: testSet, options: options(), runDir: dir, resume: ck });
    assert.ok(parameterBytes(resumed).equals(parameterBytes(straight)), `${file}: weights`);
    assert.ok(readFileSync(join(dir, MODEL_FILE)).equals(readFileSync(join(straightDir, MODEL_FILE))), `${file}: model file`);
  }
});

test('transformBatch gets each batch\'s row indices into the training set, covering every row once an epoch', async () => {
  const seen: number[] = [];
  await trainModel({
    model: build(), train, test: null, options: options({ epochs: 1 }), runDir: null,
    transformBatch: (x, _gen, rows) => {
      rows.forEach((row, r) => {
        assert.deepEqual(Array.from(x.subarray(r * 6, r * 6 + 6)), Array.from(train.images.subarray(row * 6, row * 6 + 6)));
        seen.push(row);
      });
      return x;
    },
  });
  assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: train.count }, (_, i) => i));
});
