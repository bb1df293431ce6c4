/**
 * `aekit score RUN_DIR --data csv:PATH`: an anomaly score for every row of the user's own data (every image of a
 * PNG folder, in file order), in nats — high means unlike the training data. CSV out: `row,score[,label]`.
 */
import { Option, type Command } from 'commander';
import { loadCsv } from '../data/csv.node.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { loadPngFolder } from '../data/png-folder.js';
import { ANOMALY_SCORES, anomalyScores, unsupportedScore, type AnomalyScoreName } from '../eval/anomaly-score.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadData, parseDataSpec } from '../train/data-source.js';
import { openRun } from './run-model.js';
import { note, parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';

interface ScoreOptions {
  data: string;
  labelColumn?: string;
  header?: boolean;
  score: AnomalyScoreName;
  samples?: number;
  seed: number;
  out?: string;
  json?: boolean;
}

/** Every sample of `spec`: the whole CSV file or PNG folder (no hold-out), or a named set's test split. */
function allRows(text: string, options: { labelColumn?: string | undefined; header?: boolean | undefined }): Dataset {
  const spec = parseDataSpec(text, options);
  if (spec.kind === 'csv') {
    return loadCsv(spec.path, { ...(spec.labelColumn === undefined ? {} : { labelColumn: spec.labelColumn }), ...(spec.header === undefined ? {} : { header: spec.header }) });
  }
  if (spec.kind === 'png') return loadPngFolder(spec.path);
  return loadData(spec).test;
}

export function registerScore(program: Command): void {
  program.command('score')
    .description('an anomaly score per row of your data (reconstruction NLL, −ELBO or IW NLL, in nats; higher = less like the training data)')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .requiredOption('--data <spec>', 'csv:PATH (one sample per row), png:DIR, or a named set (its test split)')
    .option('--label-column <name>', 'csv: a column of labels, copied to the output (conditional models score each row under it)')
    .option('--header', 'csv: the first row is a header (default: when all its cells are names)')
    .option('--no-header', 'csv: the first row is data')
    .addOption(new Option('--score <name>', 'the score').choices(ANOMALY_SCORES).default('reconstruction'))
    .option('--samples <k>', 'draws z ~ q(z | x): averaged for −ELBO (default 1), K of the IW NLL (default 50)', parsePositiveInt)
    .option('--seed <n>', 'seed of those draws', parseNonNegativeInt, 0)
    .option('--out <file>', 'CSV file (default: stdout)')
    .option('--json', 'print a summary (and, without --out, the scores) as one JSON object')
    .action(async (dir: string, opts: ScoreOptions) => {
      const { model } = openRun(dir);
      const problem = unsupportedScore(model, opts.score);
      if (problem !== null) throw new UsageError(`--score: ${problem}`);
      const ds = allRows(opts.data, { labelColumn: opts.labelColumn, header: opts.header });
      const d = sampleSize(model.config.inputShape);
      if (sampleSize(ds.shape) !== d) throw new Error(`--data: ${ds.name} has ${sampleSize(ds.shape)} values per sample, but the model takes ${d} (input shape [${model.config.inputShape.join(', ')}])`);
      if (model.capabilities.conditional && ds.labels === null) throw new Error(`--data: model '${model.config.model}' is conditional; give the rows' labels with --label-column`);
      const started = performance.now();
      const scores = anomalyScores(model, ds.images, ds.count, ds.labels, opts.score, { seed: opts.seed, ...(opts.samples === undefined ? {} : { samples: opts.samples }) });
      const seconds = (performance.now() - started) / 1000;
      const lines = [ds.labels ? 'row,score,label' : 'row,score'];
      scores.forEach((s, i) => lines.push(ds.labels ? `${i},${s},${ds.classNames?.[ds.labels[i]!] ?? ds.labels[i]}` : `${i},${s}`));
      const csv = `${lines.join('\n')}\n`;
      if (opts.out !== undefined) await writeFileAtomic(opts.out, csv);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      if (opts.json) {
        printJson({ rows: ds.count, score: opts.score, unit: 'nats', mean, seconds, file: opts.out ?? null, ...(opts.out === undefined ? { scores: Array.from(scores) } : {}) });
        return;
      }
      if (opts.out === undefined) process.stdout.write(csv);
      else note(`${ds.count} ${opts.score} scores (mean ${mean.toFixed(2)} nats): ${opts.out}`);
    });
}
