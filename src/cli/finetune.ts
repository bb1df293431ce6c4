/**
 * `aekit finetune RUN_DIR`: the stacked-autoencoder recipe's last step — a new output layer on the run's
 * pretrained encoder, supervised fine-tuning by backprop, and the same network trained from a random
 * initialisation for comparison (src/semi/finetune.ts). Writes finetune.json and finetune.svg.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { fineTuneAgainstRandomInit, meanEncoderJacobianNormSq, type FineTuneResult } from '../semi/finetune.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { openRun, runData } from './run-model.js';
import { note, parseNonNegativeInt, parseNumber, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

export const FINETUNE_DEFAULTS = { epochs: 20, batch: 128, lr: 1e-3, weightDecay: 0, seed: 0, jacobianSamples: 0 } as const;

interface FineTuneCliOptions {
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
  seed: number;
  labels?: number;
  trainSize?: number;
  testSize?: number;
  jacobianSamples: number;
  baseline: boolean;
  out?: string;
  figures: boolean;
  json?: boolean;
}

const percent = (e: number) => `${(100 * e).toFixed(2)} %`;

async function errorCurves(r: FineTuneResult, file: string): Promise<void> {
  const series = [r.pretrained, ...(r.randomInit === null ? [] : [r.randomInit])].map((run) => ({
    name: run.init === 'pretrained' ? 'pretrained encoder' : 'random initialisation',
    x: run.curve.map((p) => p.epoch),
    y: run.curve.map((p) => 100 * p.testError),
  }));
  await writeFileAtomic(file, await linePlotSvg({
    title: `${r.model}: test error during supervised fine-tuning (${r.trainCount} labelled samples)`,
    xLabel: 'epoch', yLabel: 'test error (%)', series,
  }));
}

export function registerFineTune(program: Command): void {
  const d = FINETUNE_DEFAULTS;
  program.command('finetune')
    .description("a new output layer on a run's encoder, supervised fine-tuning, against the same network from random initialisation")
    .argument('<run-dir>', 'a run folder from `aekit train` (any model that encodes without labels)')
    .option('--epochs <n>', 'fine-tuning epochs', parsePositiveInt, d.epochs)
    .option('--batch <n>', 'mini-batch size', parsePositiveInt, d.batch)
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, d.lr)
    .option('--weight-decay <x>', 'Adam L2 weight decay', (v) => {
      const n = parseNumber(v);
      if (n < 0) throw new Error(`'${v}' must be ≥ 0.`);
      return n;
    }, d.weightDecay)
    .option('--seed <n>', 'seeds the new layer, the batches, the label subset and the random initialisation', parseNonNegativeInt, d.seed)
    .option('--labels <n>', 'fine-tune on n labelled training samples, the same number per class (default: all)', parsePositiveInt)
    .option('--train-size <n>', 'use the first n training samples (default: as the run was trained)', parsePositiveInt)
    .option('--test-size <n>', 'use the first n test samples', parsePositiveInt)
    .option('--jacobian-samples <n>', "also report the pretrained encoder's mean ‖J_h(x)‖²_F over n test samples (0: skip)", parseNonNegativeInt, d.jacobianSamples)
    .option('--no-baseline', 'skip the random-initialisation run (e.g. when another run of the same architecture has it)')
    .option('--out <dir>', 'folder for finetune.json and the figure (default RUN_DIR/finetune)')
    .option('--no-figures', 'skip the figure')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: FineTuneCliOptions) => {
      const { run, model } = openRun(dir);
      if (model.capabilities.conditional) throw new Error(`${dir}: '${model.config.model}' encodes with the label, so its code cannot be fine-tuned into a classifier`);
      const data = runData(run, { ...(opts.trainSize === undefined ? {} : { trainSize: opts.trainSize }), ...(opts.testSize === undefined ? {} : { testSize: opts.testSize }) });
      if (data.train.labels === null || data.test.labels === null) throw new Error(`${run.data.spec}: has no labels to fine-tune on`);
      const out = opts.out ?? join(dir, 'finetune');
      const started = performance.now();
      const jacobian = opts.jacobianSamples > 0 ? meanEncoderJacobianNormSq(model, data.test, opts.jacobianSamples) : null;
      const result = fineTuneAgainstRandomInit(model, data.train, data.test, {
        epochs: opts.epochs, batchSize: opts.batch, lr: opts.lr, weightDecay: opts.weightDecay, seed: opts.seed, labels: opts.labels ?? null,
      }, (init, p) => note(`${init} epoch ${p.epoch}: train cross-entropy ${p.trainLoss.toFixed(4)}, test error ${percent(p.testError)}`), opts.baseline);
      mkdirSync(out, { recursive: true });
      const figures: string[] = [];
      if (opts.figures) {
        figures.push(join(out, 'finetune.svg'));
        await errorCurves(result, figures[0]!);
      }
      const summary = {
        runDir: dir, ...result, encoderJacobianNormSq: jacobian, jacobianSamples: jacobian === null ? 0 : Math.min(opts.jacobianSamples, data.test.count),
        settings: { epochs: opts.epochs, batch: opts.batch, lr: opts.lr, weightDecay: opts.weightDecay, seed: opts.seed, labels: opts.labels ?? null },
        wallSeconds: (performance.now() - started) / 1000, figures,
      };
      await writeFileAtomic(join(out, 'finetune.json'), `${JSON.stringify(summary, null, 2)}\n`);
      if (opts.json) {
        printJson(summary);
        return;
      }
      console.log(`${result.model} fine-tuned with a new output layer on ${result.trainCount} labelled samples, ${opts.epochs} epochs:`);
      const baseline = result.randomInit === null ? '' : ` vs random initialisation ${percent(result.randomInit.testError)}`;
      console.log(`  test error: pretrained ${percent(result.pretrained.testError)}${baseline} (${result.testCount} test samples)`);
      if (jacobian !== null) console.log(`  pretrained encoder: mean ‖J_h(x)‖²_F = ${jacobian.toPrecision(4)} over ${summary.jacobianSamples} test samples`);
      console.log(`  wall time ${summary.wallSeconds.toFixed(0)} s; results: ${join(out, 'finetune.json')}`);
      if (figures.length > 0) console.log(`  figure: ${figures.join(', ')}`);
    });
}
