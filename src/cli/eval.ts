/**
 * `aekit eval RUN_DIR`: the evaluation report of a trained run or a baseline folder — likelihood bounds for
 * VAEs, reconstruction error, code quality (kNN, linear probe, trustworthiness), Parzen for generative models —
 * each value with its standard error and the subset it used. Writes RUN_DIR/eval/report.json and figures.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { compareWithPaper, paperProtocol, PROTOCOL_IDS, type PaperProtocol, type ProtocolComparison } from '../eval/paper-protocols.js';
import { DEFAULT_EVAL_OPTIONS, evaluateSubject, METRIC_NAMES, type EvalOptions, type EvalReport, type MetricValue } from '../eval/report.js';
import { formatParts } from '../train/metrics.js';
import { evaluate, randomKeys } from '../train/trainer.js';
import { note, parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';
import { negativeElbo } from './run-model.js';
import { openSource } from './run-source.js';

export const EVAL_DIR = 'eval';
export const REPORT_FILE = 'report.json';

export interface EvalCliOptions {
  metrics?: string;
  testSize?: number;
  referenceSize?: number;
  trustSize?: number;
  samples?: number;
  iwSamples?: number;
  chunkRows?: number;
  parzenSamples?: number;
  seed?: number;
}

/** The metric list of `--metrics a,b,…`, each name checked. */
export function parseMetricList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--metrics: give at least one metric name');
  for (const n of names) if (!METRIC_NAMES.includes(n)) throw new UsageError(`--metrics: unknown metric '${n}' (known: ${METRIC_NAMES.join(', ')})`);
  return names;
}

export function evalOptions(o: EvalCliOptions): Partial<EvalOptions> {
  const out: Partial<EvalOptions> = {};
  if (o.metrics !== undefined) out.metrics = parseMetricList(o.metrics);
  if (o.testSize !== undefined) out.testSize = o.testSize;
  if (o.referenceSize !== undefined) out.referenceSize = o.referenceSize;
  if (o.trustSize !== undefined) out.trustSize = o.trustSize;
  if (o.samples !== undefined) out.samples = o.samples;
  if (o.iwSamples !== undefined) out.iwSamples = o.iwSamples;
  if (o.chunkRows !== undefined) out.chunkRows = o.chunkRows;
  if (o.parzenSamples !== undefined) out.parzenSamples = o.parzenSamples;
  if (o.seed !== undefined) out.seed = o.seed;
  return out;
}

/** The eval options shared with `compare`. */
export function addEvalOptions(cmd: Command): Command {
  return cmd
    .option('--metrics <list>', `comma-separated metrics (default: every one that applies): ${METRIC_NAMES.join(', ')}`)
    .option('--test-size <n>', 'evaluate on the first n test images (default: the test split the run was trained with, all of it unless train had --test-size)', parsePositiveInt)
    .option('--reference-size <n>', 'kNN / linear probe: the first n training codes as the reference (default: all)', parsePositiveInt)
    .option('--trust-size <n>', `trustworthiness/continuity on the first n test images (default ${DEFAULT_EVAL_OPTIONS.trustSize}; O(n²))`, parsePositiveInt)
    .option('--samples <S>', `−ELBO: draws for the reconstruction term (default ${DEFAULT_EVAL_OPTIONS.samples})`, parsePositiveInt)
    .option('--iw-samples <K>', `importance samples of the IW NLL (default ${DEFAULT_EVAL_OPTIONS.iwSamples}; Burda et al. use 5000)`, parsePositiveInt)
    .option('--chunk-rows <n>', `IW NLL: decoder rows per pass, bounding memory (default ${DEFAULT_EVAL_OPTIONS.chunkRows})`, parsePositiveInt)
    .option('--parzen-samples <n>', `Parzen: decoded prior samples (default ${DEFAULT_EVAL_OPTIONS.parzenSamples})`, parsePositiveInt)
    .option('--seed <n>', 'seed of every draw the evaluation makes (default 0)', parseNonNegativeInt);
}

function formatValue(v: MetricValue): string {
  const digits = v.unit === 'nats' || v.unit === 'dB' || v.name === 'sse' ? 2 : 4;
  const se = v.standardError === null ? '' : ` ± ${v.standardError.toFixed(digits)}`;
  return `${v.value.toFixed(v.name.startsWith('active-units') ? 0 : digits)}${se}${v.unit === '' ? '' : ` ${v.unit}`}`;
}

export function printReport(report: EvalReport, lossLine: string | null): void {
  console.log(`${report.subject.method} (${report.subject.kind}) on ${report.data} · ${report.subject.name}`);
  if (lossLine !== null) console.log(lossLine);
  const width = Math.max(...report.values.map((v) => v.label.length), 10);
  for (const v of report.values) console.log(`  ${v.label.padEnd(width)}  ${formatValue(v).padEnd(24)}  ${v.subset}${v.note ? ` — ${v.note}` : ''}`);
  for (const s of report.skipped) console.log(`  (no ${s.metric}: ${s.reason})`);
}

export function registerEval(program: Command): void {
  addEvalOptions(program.command('eval')
    .description('the evaluation report of a run or baseline folder: likelihoods, reconstruction error, code quality, Parzen')
    .argument('<run-dir>', 'a run folder from `aekit train` or a baseline folder from `aekit baseline`'))
    .option('--out <dir>', `where report.json and the figures go (default <run-dir>/${EVAL_DIR})`)
    .option('--no-figures', 'skip the figures')
    .option('--allow-non-finite', 'load a model whose weights hold NaN or infinities (refused by default)')
    .option('--protocol <id>', `print the value a paper's protocol reads beside the paper's figure and the target: ${PROTOCOL_IDS.join(', ')} (alone, it evaluates only that metric)`)
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: EvalCliOptions & { out?: string; figures: boolean; allowNonFinite?: boolean; json?: boolean; protocol?: string }) => {
      const options = evalOptions(opts);
      const protocol = opts.protocol === undefined ? null : protocolFor(opts.protocol, options);
      const source = openSource(dir, { ...(opts.testSize === undefined ? {} : { testSize: opts.testSize }), allowNonFinite: opts.allowNonFinite ?? false });
      let test: Record<string, number> | null = null;
      if (source.run !== null) {
        // The same generator as the per-epoch evaluation, so this matches the last row of metrics.csv.
        test = evaluate(source.run.model, source.data.test, randomKeys(source.run.run.training.seed).evalKey);
      }
      const { report, figures } = await evaluateSubject(source.subject, source.data, options, note);
      const outDir = opts.out ?? join(dir, EVAL_DIR);
      mkdirSync(outDir, { recursive: true });
      const written: string[] = [];
      if (opts.figures) {
        for (const f of figures) {
          await writeFileAtomic(join(outDir, f.file), f.svg);
          written.push(join(outDir, f.file));
        }
      }
      const detailsForFile = { ...report.details };
      delete detailsForFile['negativeElboPerImage'];
      const saved = { ...report, details: detailsForFile };
      await writeFileAtomic(join(outDir, REPORT_FILE), `${JSON.stringify(saved, null, 2)}\n`);
      const testNegativeElbo = source.run === null ? null : negativeElbo(source.run.model, test);
      const paper = protocol === null ? null : compareWithPaper(protocol, report, source.data.test.count);
      if (opts.json) {
        printJson({ ...saved, ...(paper === null ? {} : { protocol: paper }), runDir: dir, model: report.subject.method, kind: report.subject.kind, testSamples: source.data.test.count, test, testNegativeElbo, report: join(outDir, REPORT_FILE), figures: written });
        return;
      }
      printReport(report, test === null ? null : `  training loss on the test split: ${formatParts(test)}`);
      if (paper !== null) printProtocol(paper);
      console.log(`report: ${join(outDir, REPORT_FILE)}${written.length > 0 ? `; figures: ${written.join(', ')}` : ''}`);
    });
}

/** The protocol named by --protocol, its metric added to (or checked against) --metrics; checked before any work. */
function protocolFor(id: string, options: Partial<EvalOptions>): PaperProtocol {
  let protocol: PaperProtocol;
  try {
    protocol = paperProtocol(id);
  } catch (e) {
    throw new UsageError(`--protocol: ${(e as Error).message}`);
  }
  if (options.metrics === undefined || options.metrics === null) options.metrics = [protocol.metric];
  else if (!options.metrics.includes(protocol.metric)) throw new UsageError(`--protocol ${id} reads the metric '${protocol.metric}': add it to --metrics`);
  return protocol;
}

function printProtocol(c: ProtocolComparison): void {
  const se = c.standardError === null ? '' : ` ± ${c.standardError.toFixed(2)}`;
  console.log(`protocol ${c.id}: ${c.title}`);
  console.log(`  aekit ${c.value.toFixed(2)}${se} (${c.subset}) · paper ${c.paper}${c.target === null ? '' : ` · target ${c.target}: ${c.met ? 'met' : 'missed'}${c.deviations.length > 0 ? ', but not under the papers\' conditions:' : ''}`}`);
  for (const d of c.deviations) console.log(`    ${d}`);
}
