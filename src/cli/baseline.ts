/**
 * `aekit baseline pca|isomap|lle|tsne|umap --data … --latent 2 --out DIR`: a manifold-learning baseline fitted on
 * the same data as the autoencoders, written as a run-like folder (baseline-folder.ts) that `eval`, `encode` and
 * `compare` read. PCA maps test rows out of sample; Isomap, LLE, t-SNE and UMAP embed their training and test
 * rows together (transductive), on a stated subset where their cost grows with n² or n³.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { BASELINE_METHODS, DEFAULT_ROWS, makeEmbedding, PcaEmbedding, type BaselineMethod } from '../eval/baselines/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { Tensor } from '../tensor/tensor.js';
import { dataSpecText, loadData, parseDataSpec } from '../train/data-source.js';
import { pca2 } from '../train/figures.js';
import { RUN_CONFIG, RunDirError } from '../train/run-dir.js';
import { scatterPlotSvg } from '../viz/scatter-plot.js';
import { BASELINE_FORMAT, writeBaselineFolder, type BaselineConfig } from './baseline-folder.js';
import { note, parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';

/** The largest n × n float64 matrix a quadratic or cubic baseline may hold (4 GiB: 23,170 rows). */
const MAX_DENSE_BYTES = 4 * 2 ** 30;

interface BaselineCliOptions {
  data: string;
  labelColumn?: string;
  header?: boolean;
  latent: number;
  out?: string;
  trainSize?: number;
  testSize?: number;
  seed: number;
  neighbors?: number;
  perplexity?: number;
  iterations?: number;
  figures: boolean;
  json?: boolean;
}

function flat(ds: Dataset): Tensor {
  return new Tensor(ds.images, [ds.count, sampleSize(ds.shape)]);
}

/** The test codes as a scatter coloured by label (the first two principal axes of codes above 2-D). */
export async function codesScatterSvg(codes: Tensor, labels: Int32Array | null, title: string): Promise<string> {
  const [n, d] = codes.shape as [number, number];
  let x: Float32Array;
  let y: Float32Array;
  if (d >= 3) {
    [x, y] = pca2(codes.data, n, d);
  } else {
    x = Float32Array.from({ length: n }, (_, i) => codes.data[i * d]!);
    y = d === 2 ? Float32Array.from({ length: n }, (_, i) => codes.data[i * d + 1]!) : new Float32Array(n);
  }
  const axes = d >= 3 ? ['PC 1', 'PC 2'] : ['z1', d === 2 ? 'z2' : ''];
  return scatterPlotSvg({ title, xLabel: axes[0]!, yLabel: axes[1]!, points: { x, y, label: labels, labelName: 'label' } });
}

export function registerBaseline(program: Command): void {
  program.command('baseline')
    .description('fit PCA, Isomap, LLE, t-SNE or UMAP on the data and write a run-like folder that eval, encode and compare read')
    .addArgument(new Argument('<method>', `one of ${BASELINE_METHODS.join(', ')}`).choices(BASELINE_METHODS))
    .option('--data <spec>', 'mnist, fashion, binarized-mnist, swiss-roll, csv:PATH or png:DIR', 'mnist')
    .option('--label-column <name>', 'csv data: the column holding class labels')
    .option('--header', 'csv data: the first row is a header (default: when all its cells are names)')
    .option('--no-header', 'csv data: the first row is data')
    .option('--latent <n>', 'size of the code', parsePositiveInt, 2)
    .option('--out <dir>', 'the baseline folder (default runs/<method>-<data>)')
    .option('--train-size <n>', 'training rows (defaults: pca all, umap 10000, isomap/tsne 2500, lle 1000)', parsePositiveInt)
    .option('--test-size <n>', 'test rows (defaults: pca all, umap 10000, isomap/tsne 2500, lle 1000)', parsePositiveInt)
    .option('--seed <n>', 'seed of the method\'s randomness', parseNonNegativeInt, 0)
    .option('--neighbors <k>', 'isomap/lle/umap: neighbourhood size', parsePositiveInt)
    .option('--perplexity <p>', 't-SNE perplexity (default 30)', parsePositiveInt)
    .option('--iterations <n>', 't-SNE iterations (default 1000) / UMAP epochs', parsePositiveInt)
    .addOption(new Option('--no-figures', 'skip the scatter of the test codes'))
    .option('--json', 'print the result as one JSON object')
    .action(async (method: BaselineMethod, opts: BaselineCliOptions) => {
      const spec = parseDataSpec(opts.data, { labelColumn: opts.labelColumn, header: opts.header });
      const rows = DEFAULT_ROWS[method];
      const trainSize = opts.trainSize ?? rows.train ?? undefined;
      const testSize = opts.testSize ?? rows.test ?? undefined;
      const splits = loadData(spec, { trainSize, testSize });
      const outDir = opts.out ?? join('runs', `${method}-${splits.slug}`);
      if (existsSync(join(outDir, RUN_CONFIG))) throw new RunDirError(outDir, 'already holds a run or baseline; choose another --out');
      const d = sampleSize(splits.train.shape);
      if (opts.latent > Math.min(d, splits.train.count)) throw new UsageError(`--latent ${opts.latent} is more than the data's ${d} values per sample or its ${splits.train.count} training rows`);
      const embedding = makeEmbedding(method, {
        latentDim: opts.latent, seed: opts.seed,
        ...(opts.neighbors === undefined ? {} : { neighbors: opts.neighbors }),
        ...(opts.perplexity === undefined ? {} : { perplexity: opts.perplexity }),
        ...(opts.iterations === undefined ? {} : { iterations: opts.iterations }),
      });
      const transductive = rows.transductive || embedding.transform === undefined;
      const train = flat(splits.train);
      const test = flat(splits.test);
      const fitRows = transductive ? train.shape[0]! + test.shape[0]! : train.shape[0]!;
      // Isomap, t-SNE and LLE hold n × n float64 matrices: refuse before they are allocated rather than run out of memory.
      if ((embedding.cost === 'quadratic' || embedding.cost === 'cubic') && 8 * fitRows * fitRows > MAX_DENSE_BYTES) {
        const most = Math.floor(Math.sqrt(MAX_DENSE_BYTES / 8));
        throw new UsageError(`${method} on ${fitRows} rows would hold ${fitRows} × ${fitRows} float64 matrices (${((8 * fitRows * fitRows) / 2 ** 30).toFixed(1)} GiB); use at most ${most} rows in all (--train-size, --test-size)`);
      }
      note(`${method}: fitting ${fitRows} rows of ${d} values (${embedding.cost} in the rows${transductive ? '; training and test rows together, no out-of-sample map' : ''})`);
      const started = performance.now();
      let trainCodes: Tensor;
      let testCodes: Tensor;
      if (transductive) {
        const both = new Tensor(new Float32Array(fitRows * d), [fitRows, d]);
        both.data.set(train.data, 0);
        both.data.set(test.data, train.size);
        const all = embedding.fit(both).embedding;
        const L = opts.latent;
        trainCodes = new Tensor(all.data.slice(0, train.shape[0]! * L), [train.shape[0]!, L]);
        testCodes = new Tensor(all.data.slice(train.shape[0]! * L), [test.shape[0]!, L]);
      } else {
        trainCodes = embedding.fit(train).embedding;
        testCodes = embedding.transform!(test);
      }
      const seconds = (performance.now() - started) / 1000;
      mkdirSync(outDir, { recursive: true });
      const config: BaselineConfig = {
        format: BASELINE_FORMAT, method, latentDim: opts.latent,
        data: { spec: dataSpecText(spec), trainSize: trainSize ?? null, testSize: testSize ?? null, labelColumn: opts.labelColumn ?? null, header: opts.header ?? null },
        fit: { trainRows: trainCodes.shape[0]!, testRows: testCodes.shape[0]!, transductive, fittedRows: fitRows, seconds: +seconds.toFixed(2) },
        params: { ...embedding.params, cost: embedding.cost },
        created: new Date().toISOString(),
      };
      const pcaState = embedding instanceof PcaEmbedding ? embedding.pca.toState() : null;
      await writeBaselineFolder(outDir, config, trainCodes, testCodes, pcaState);
      const metrics = { seconds: config.fit.seconds, fittedRows: fitRows, ...(pcaState ? { explainedVarianceRatio: Array.from(embedding instanceof PcaEmbedding ? embedding.pca.explainedVarianceRatio : [], (v) => +v.toPrecision(5)) } : {}) };
      await writeFileAtomic(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
      const figures: string[] = [];
      if (opts.figures) {
        await writeFileAtomic(join(outDir, 'latent.svg'), await codesScatterSvg(testCodes, splits.test.labels, `${method} codes of ${testCodes.shape[0]} test samples`));
        figures.push('latent.svg');
      }
      const result = { runDir: outDir, method, data: config.data.spec, latentDim: opts.latent, fit: config.fit, params: config.params, figures };
      if (opts.json) {
        printJson(result);
        return;
      }
      console.log(`${method} on ${config.data.spec}: ${fitRows} rows fitted in ${seconds.toFixed(1)} s; codes of ${config.fit.trainRows} training and ${config.fit.testRows} test rows`);
      console.log(`baseline folder: ${outDir}${figures.length ? ` (figures: ${figures.join(', ')})` : ''}`);
    });
}
