/**
 * `aekit train`: trains a model of the autoencoder family into a run folder (config, checkpoints, metrics,
 * model file, figures). Alone it trains a 2-D-latent VAE on MNIST. `--resume DIR` continues a stopped run
 * with the settings in DIR/config.json and reaches the weights an uninterrupted run would have.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModel, defaultConfig, describeModelOptions, MODEL_NAMES, parseModelOption, validateModelConfig } from '../models/registry.js';
import { CHECKPOINT_FILE, LR_SCHEDULES, readCheckpoint, type Checkpoint, type LrSchedule, type TrainOptions } from '../train/checkpoint.js';
import { dataSpecText, loadData, parseDataSpec, valueRange, type DataSplits } from '../train/data-source.js';
import { writeRunFigures } from '../train/figures.js';
import { formatNumber, formatParts, type EpochMetrics } from '../train/metrics.js';
import { defaultProgress, wrapLine } from '../train/progress.js';
import { defaultRunDir, readRunConfig, RUN_FORMAT, RunDirError, writeRunConfig, type RunConfig } from '../train/run-dir.js';
import { saveModel } from '../models/model-io.node.js';
import { DEFAULT_TRAIN_OPTIONS } from '../train/fit.js';
import { initGenerator, trainModel } from '../train/trainer.js';
import { negativeElbo } from './run-model.js';
import { note, parseNonNegativeInt, parseNumber, parsePositiveInt, parsePositiveNumber, printJson, UsageError } from './options.js';

const D = DEFAULT_TRAIN_OPTIONS;
export const TRAIN_DEFAULTS = {
  model: 'vae', data: 'mnist', epochs: D.epochs, batch: D.batchSize, lr: D.lr, lrSchedule: D.lrSchedule, seed: D.seed, clip: D.clipNorm,
} as const;

/** Named shortcuts for model options: `--beta 4` is `--set beta=4`; the model's option of that name or alias. */
const NAMED_MODEL_OPTIONS = ['beta', 'noise', 'prior', 'arch', 'hidden'] as const;

interface TrainCliOptions {
  model: string;
  data: string;
  labelColumn?: string;
  latent?: number;
  epochs: number;
  batch: number;
  lr: number;
  lrSchedule: LrSchedule;
  seed: number;
  clip: number;
  dropLast?: boolean;
  trainSize?: number;
  testSize?: number;
  out?: string;
  resume?: string;
  set: string[];
  beta?: string;
  noise?: string;
  prior?: string;
  arch?: string;
  hidden?: string;
  figures: boolean;
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseNonNegativeNumber(value: string): number {
  const n = parseNumber(value);
  if (n < 0) throw new InvalidArgumentError(`'${value}' must be ≥ 0.`);
  return n;
}

/** Model option overrides from `--set key=value` and the named shortcuts, each checked by the model's schema. */
function modelOverrides(opts: TrainCliOptions): Record<string, unknown> {
  if (!MODEL_NAMES.includes(opts.model)) throw new UsageError(`unknown model '${opts.model}' (known: ${MODEL_NAMES.join(', ')})`);
  const options = describeModelOptions(opts.model);
  const known = options.map((o) => o.key);
  const out: Record<string, unknown> = {};
  const put = (key: string, text: string, flag: string) => {
    if (!known.includes(key)) throw new UsageError(`${flag}: model '${opts.model}' has no option '${key}' (its options: ${known.join(', ')})`);
    out[key] = parseModelOption(opts.model, key, text);
  };
  for (const name of NAMED_MODEL_OPTIONS) {
    if (opts[name] === undefined) continue;
    put(options.find((o) => o.alias === name)?.key ?? name, opts[name]!, `--${name}`);
  }
  for (const pair of opts.set) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set: expected key=value, got '${pair}'`);
    put(pair.slice(0, eq).trim(), pair.slice(eq + 1), `--set ${pair}`);
  }
  return out;
}

function describeSplit(d: DataSplits): string {
  return `${d.slug} (${d.train.count} train / ${d.test.count} test, shape [${d.train.shape.join(', ')}])`;
}

interface Prepared {
  runDir: string;
  run: RunConfig;
  data: DataSplits;
  model: Autoencoder;
  resume: Checkpoint | null;
}

function prepareNew(opts: TrainCliOptions): Prepared {
  const overrides = modelOverrides(opts);
  const spec = parseDataSpec(opts.data, opts.labelColumn);
  const data = loadData(spec, { trainSize: opts.trainSize, testSize: opts.testSize });
  const known = describeModelOptions(opts.model).map((o) => o.key);
  const [lo, hi] = valueRange(data.train);
  if (known.includes('decoder') && overrides['decoder'] === undefined && (lo < 0 || hi > 1)) {
    overrides['decoder'] = 'gaussian';
    note(`data in [${formatNumber(lo, 2)}, ${formatNumber(hi, 2)}], outside [0, 1]: decoder=gaussian (or --set decoder=…)`);
  }
  const config = defaultConfig(opts.model, { inputShape: [...data.train.shape], latentDim: opts.latent, numClasses: data.train.numClasses, overrides });
  const runDir = opts.out ?? defaultRunDir(opts.model, data.slug);
  if (existsSync(join(runDir, CHECKPOINT_FILE))) throw new RunDirError(runDir, `already holds a run; continue it with --resume ${runDir} or choose another --out`);
  const training: TrainOptions = { epochs: opts.epochs, batchSize: opts.batch, lr: opts.lr, lrSchedule: opts.lrSchedule, seed: opts.seed, clipNorm: opts.clip, dropLast: opts.dropLast ?? false };
  const run: RunConfig = {
    format: RUN_FORMAT,
    model: config,
    training,
    data: { spec: dataSpecText(spec), trainSize: opts.trainSize ?? null, testSize: opts.testSize ?? null, labelColumn: opts.labelColumn ?? null },
    created: new Date().toISOString(),
  };
  return { runDir, run, data, model: buildModel(config, initGenerator(training.seed)), resume: null };
}

/** Options that `--resume` takes from the run's config.json; giving them again is an error, not silently ignored. */
const FIXED_ON_RESUME = ['model', 'data', 'labelColumn', 'latent', 'batch', 'lr', 'lrSchedule', 'seed', 'clip', 'dropLast', 'trainSize', 'testSize', 'out', 'set', ...NAMED_MODEL_OPTIONS];

function prepareResume(opts: TrainCliOptions, cmd: Command): Prepared {
  const runDir = opts.resume!;
  const given = FIXED_ON_RESUME.filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (given.length > 0) throw new UsageError(`--resume continues the run with the settings in ${join(runDir, 'config.json')}; only --epochs may change (got ${given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')})`);
  const run = readRunConfig(runDir);
  const ckPath = join(runDir, CHECKPOINT_FILE);
  if (!existsSync(ckPath)) throw new RunDirError(runDir, `has no ${CHECKPOINT_FILE}: the run stopped before its first epoch ended; start it again`);
  const resume = readCheckpoint(ckPath, validateModelConfig);
  if (cmd.getOptionValueSource('epochs') === 'cli') run.training = { ...run.training, epochs: opts.epochs };
  const data = loadData(parseDataSpec(run.data.spec, run.data.labelColumn ?? undefined), { trainSize: run.data.trainSize ?? undefined, testSize: run.data.testSize ?? undefined });
  return { runDir, run, data, model: buildModel(resume.modelConfig, initGenerator(run.training.seed)), resume };
}

/** What to run on a finished run folder, among the commands this aekit has. */
function nextCommands(cmd: Command): string[] {
  const have = new Set(cmd.parent?.commands.map((c) => c.name()) ?? []);
  return ['eval', 'explore'].filter((c) => have.has(c));
}

/** A path as one shell word (quoted when it holds anything but safe characters). */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export function registerTrain(program: Command): void {
  program.command('train')
    .description('train an autoencoder into a run folder (alone: a 2-D-latent VAE on MNIST)')
    .option('--model <name>', `model: ${MODEL_NAMES.join(', ')}`, TRAIN_DEFAULTS.model)
    .option('--data <spec>', 'mnist, fashion, binarized-mnist, dynamic-binarized-mnist, swiss-roll, csv:PATH or png:DIR', TRAIN_DEFAULTS.data)
    .option('--label-column <name>', 'csv data: the column holding class labels')
    .option('--latent <n>', 'size of the code (default: the model\'s)', parsePositiveInt)
    .option('--epochs <n>', 'epochs in total (with --resume: may extend the run)', parsePositiveInt, TRAIN_DEFAULTS.epochs)
    .option('--batch <n>', 'mini-batch size', parsePositiveInt, TRAIN_DEFAULTS.batch)
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, TRAIN_DEFAULTS.lr)
    .addOption(new Option('--lr-schedule <name>', 'learning rate per epoch: constant, or cosine annealing to 0').choices(LR_SCHEDULES).default(TRAIN_DEFAULTS.lrSchedule))
    .option('--seed <n>', 'seed of every random choice in the run', parseNonNegativeInt, TRAIN_DEFAULTS.seed)
    .option('--clip <x>', 'clip the gradients\' joint L2 norm to x (0: off)', parseNonNegativeNumber, TRAIN_DEFAULTS.clip)
    .option('--drop-last', 'drop the last short mini-batch of each epoch')
    .option('--train-size <n>', 'use the first n training samples', parsePositiveInt)
    .option('--test-size <n>', 'use the first n test samples', parsePositiveInt)
    .option('--out <dir>', 'run folder (default runs/<model>-<data>-<time>)')
    .option('--resume <dir>', 'continue the run in <dir> from its last checkpoint')
    .option('--set <key=value>', 'a model option (repeatable); see `aekit train --model X --help-options`', collect, [])
    .option('--beta <x>', 'model option beta (KL weight)')
    .option('--noise <x>', 'denoising AE: the corruption amount (masking probability or noise σ)')
    .option('--prior <name>', 'model option prior (adversarial AE)')
    .option('--arch <mlp|conv>', 'model option arch')
    .option('--hidden <sizes>', 'model option hidden, e.g. 512,256')
    .option('--help-options', 'list the chosen model\'s options and exit')
    .option('--no-figures', 'skip the figures')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: TrainCliOptions & { helpOptions?: boolean }, cmd: Command) => {
      if (opts.helpOptions) {
        if (!MODEL_NAMES.includes(opts.model)) throw new UsageError(`unknown model '${opts.model}' (known: ${MODEL_NAMES.join(', ')})`);
        for (const o of describeModelOptions(opts.model)) console.log(`${o.key.padEnd(16)} ${o.type.padEnd(9)} default ${JSON.stringify(o.default).padEnd(12)} ${o.help}`);
        return;
      }
      const p = opts.resume !== undefined ? prepareResume(opts, cmd) : prepareNew(opts);
      mkdirSync(p.runDir, { recursive: true });
      await writeRunConfig(p.runDir, p.run);
      note(wrapLine(`${p.resume ? `resuming ${p.runDir} after epoch ${p.resume.state.epoch}` : `run: ${p.runDir}`} · ${p.run.model.model} (latent ${p.run.model.latentDim}, ${p.model.numParameters()} parameters) · on ${describeSplit(p.data)}`));
      const started = performance.now();
      const { state } = await trainModel({
        model: p.model, train: p.data.train, test: p.data.test, options: p.run.training, runDir: p.runDir, resume: p.resume, progress: defaultProgress(), saveModel,
        transformBatch: p.data.transformBatch,
      });
      const figures = opts.figures ? await writeRunFigures(p.runDir, p.model, p.data.test, state.history, p.run.training.seed) : { written: [], skipped: [] };
      for (const s of figures.skipped) note(`no ${s}`);
      const last: EpochMetrics | undefined = state.history.at(-1);
      const result = {
        runDir: p.runDir,
        model: p.run.model.model,
        data: p.run.data.spec,
        epochs: state.epoch,
        steps: state.step,
        seconds: state.seconds,
        wallSeconds: (performance.now() - started) / 1000,
        train: last?.train ?? null,
        test: last?.test ?? null,
        testNegativeElbo: negativeElbo(p.model, last?.test ?? null),
        figures: figures.written,
      };
      if (opts.json) {
        printJson(result);
        return;
      }
      const runPath = resolve(result.runDir);
      const lines = [
        `run: ${runPath}`,
        `${result.model} on ${result.data}: ${result.epochs} epochs · ${result.steps} steps · ${result.seconds.toFixed(1)} s training` +
          ` · ${(result.seconds / Math.max(1, state.history.length)).toFixed(2)} s per epoch`,
        ...(result.train ? [`train: ${formatParts(result.train)}`] : []),
        ...(result.test ? [`test:  ${formatParts(result.test)}`] : []),
        ...(result.testNegativeElbo !== null ? [`test −ELBO: ${result.testNegativeElbo.toFixed(2)} nats per sample`] : []),
        ...(result.figures.length > 0 ? ['figures:', ...result.figures.map((f) => `  ${join(runPath, f)}`)] : []),
        `next: ${nextCommands(cmd).map((c) => `aekit ${c} ${shellWord(result.runDir)}`).join(' · ')}`,
      ];
      for (const line of lines) console.log(wrapLine(line));
    });
}
