/** `aekit anomaly`: leave-one-class-out anomaly detection — ROC AUC per held-out class for every score the model has. */
import type { Command } from 'commander';
import { leaveOneClassOut, thinCurve, type HeldOutClassResult } from '../apps/anomaly.js';
import { ANOMALY_SCORE_TITLES, ANOMALY_SCORES } from '../eval/anomaly-score.js';
import { describeModelOptions, MODEL_NAMES, parseModelOption } from '../models/registry.js';
import { loadData, parseDataSpec } from '../train/data-source.js';
import { barPlotSvg } from '../viz/bar-plot.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeOutputs } from './output-files.js';
import { note, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson, UsageError } from './options.js';

interface AnomalyCliOptions {
  model: string;
  data: string;
  latent: number;
  hidden: string;
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  trainSize: number;
  testSize: number;
  classes?: string;
  iwSamples: number;
  out: string;
  json?: boolean;
}

function parseClasses(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const out = parts.map(Number);
  if (parts.some((p) => p === '') || out.some((c) => !Number.isInteger(c) || c < 0)) throw new UsageError(`--classes: expected class indices like 0,1,9, got '${text}'`);
  return out;
}

async function figures(results: HeldOutClassResult[]): Promise<[string, string][]> {
  const files: [string, string][] = [];
  const scores = ANOMALY_SCORES.filter((s) => results[0]!.auc[s] !== undefined);
  for (const score of scores) {
    const series = results.map((r) => ({ name: `${r.className} (AUC ${r.auc[score]!.toFixed(3)})`, ...thinCurve(r.roc[score]!) })).map((s) => ({ name: s.name, x: s.fpr, y: s.tpr }));
    series.push({ name: 'chance', x: [0, 1], y: [0, 1] });
    files.push([`roc-${score}.svg`, await linePlotSvg({
      title: `ROC of the ${ANOMALY_SCORE_TITLES[score]} as anomaly score, one model per held-out class`,
      xLabel: 'false-positive rate', yLabel: 'true-positive rate', series, legendTitle: 'held-out class', points: false, width: 420, height: 420,
    })]);
  }
  files.push(['anomaly-auc.svg', await barPlotSvg({
    title: 'ROC AUC per held-out class (0.5 = chance)', xLabel: 'held-out class', yLabel: 'ROC AUC',
    categories: results.map((r) => r.className), series: scores.map((s) => ({ name: ANOMALY_SCORE_TITLES[s], values: results.map((r) => r.auc[s]!) })),
  })]);
  return files;
}

export function registerAnomaly(program: Command): void {
  program.command('anomaly')
    .description('leave-one-class-out anomaly detection: train without one class, score the test set, ROC AUC per held-out class')
    .option('--model <name>', `an unconditional model: ${MODEL_NAMES.join(', ')}`, 'vae')
    .option('--data <spec>', 'labelled data: mnist, fashion, csv:PATH (--label-column in the run), png:DIR', 'mnist')
    .option('--latent <n>', 'size of the code', parsePositiveInt, 10)
    .option('--hidden <sizes>', 'hidden layer sizes', '256')
    .option('--epochs <n>', 'epochs per model', parsePositiveInt, 5)
    .option('--batch <n>', 'mini-batch size', parsePositiveInt, 128)
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, 1e-3)
    .option('--seed <n>', 'seed of training and of the scores\' samples', parseNonNegativeInt, 0)
    .option('--train-size <n>', 'first n training samples (before the held-out class is removed)', parsePositiveInt, 10000)
    .option('--test-size <n>', 'first n test samples scored', parsePositiveInt, 2000)
    .option('--classes <list>', 'held-out classes, e.g. 0,1,9 (default: every class)')
    .option('--iw-samples <k>', 'importance samples K of the IW NLL', parsePositiveInt, 50)
    .option('--out <dir>', 'folder for the figures', 'runs/anomaly')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: AnomalyCliOptions) => {
      if (!MODEL_NAMES.includes(opts.model)) throw new UsageError(`unknown model '${opts.model}' (known: ${MODEL_NAMES.join(', ')})`);
      if (!describeModelOptions(opts.model).some((o) => o.key === 'hidden')) throw new UsageError(`--hidden: model '${opts.model}' has no option 'hidden'`);
      const overrides = { hidden: parseModelOption(opts.model, 'hidden', opts.hidden) };
      const classes = opts.classes === undefined ? undefined : parseClasses(opts.classes);
      const data = loadData(parseDataSpec(opts.data), { trainSize: opts.trainSize, testSize: opts.testSize });
      const started = performance.now();
      const results = await leaveOneClassOut(data.train, data.test, {
        model: opts.model, latentDim: opts.latent, overrides, classes, iwSamples: opts.iwSamples,
        training: { epochs: opts.epochs, batchSize: opts.batch, lr: opts.lr, lrSchedule: 'constant', seed: opts.seed, clipNorm: 0, dropLast: false },
        onClass: (r) => note(`held out ${r.className}: ${Object.entries(r.auc).map(([s, a]) => `AUC ${s} ${a!.toFixed(4)}`).join(', ')} (train ${r.trainSeconds.toFixed(1)} s, score ${r.scoreSeconds.toFixed(1)} s)`),
      });
      const files = await writeOutputs(opts.out, await figures(results));
      const scores = ANOMALY_SCORES.filter((s) => results[0]!.auc[s] !== undefined);
      const meanAuc = Object.fromEntries(scores.map((s) => [s, results.reduce((a, r) => a + r.auc[s]!, 0) / results.length]));
      const seconds = (performance.now() - started) / 1000;
      if (opts.json) {
        printJson({
          model: opts.model, data: opts.data, latent: opts.latent, epochs: opts.epochs, trainSize: data.train.count, testSize: data.test.count, iwSamples: opts.iwSamples,
          classes: results.map(({ roc: _roc, ...r }) => r), meanAuc, seconds, files,
        });
        return;
      }
      console.log(`${opts.model} on ${opts.data}, one model per held-out class (${opts.epochs} epochs on ≤ ${data.train.count} images), ${data.test.count} test images scored`);
      console.log(`${'held out'.padEnd(12)} ${scores.map((s) => `AUC ${s}`.padStart(20)).join('')}`);
      for (const r of results) console.log(`${r.className.padEnd(12)} ${scores.map((s) => r.auc[s]!.toFixed(4).padStart(20)).join('')}`);
      console.log(`${'mean'.padEnd(12)} ${scores.map((s) => meanAuc[s]!.toFixed(4).padStart(20)).join('')}`);
      console.log(`${seconds.toFixed(1)} s; figures: ${files.join(', ')}`);
    });
}
