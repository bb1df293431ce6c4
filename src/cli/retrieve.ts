/** `aekit retrieve RUN_DIR --query I`: nearest neighbours in code space and in pixel space, and P@k / mAP for codes, pixels and PCA. */
import type { Command } from 'commander';
import { sampleClassName } from '../apps/class-names.js';
import { checkIndex } from '../apps/interpolate.js';
import { retrieve, RETRIEVAL_SPACES } from '../apps/retrieve.js';
import { sampleSize } from '../data/dataset.js';
import { imageGeometry } from '../train/figures.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { writeOutputs } from './output-files.js';
import { openRun, runData } from './run-model.js';
import { note, parseNonNegativeInt, parsePositiveInt, printJson } from './options.js';

const SPACE_TITLES = { codes: 'codes', pixels: 'pixels', pca: 'PCA codes' } as const;

export function registerRetrieve(program: Command): void {
  program.command('retrieve')
    .description('nearest neighbours of a test image in code space and in pixel space; precision@k and mAP for codes, pixels and PCA codes of the same size')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .option('--query <i>', 'test index of the query image', parseNonNegativeInt, 0)
    .option('--k <k>', 'neighbours shown, and the cut-off of precision@k', parsePositiveInt, 10)
    .option('--test-size <n>', 'search (and score) the first n test samples', parsePositiveInt, 2000)
    .option('--train-size <n>', 'fit PCA on the first n training samples', parsePositiveInt, 10000)
    .option('--out <dir>', 'folder for the figure (default: the run folder)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: { query: number; k: number; testSize: number; trainSize: number; out?: string; json?: boolean }) => {
      const { run, model } = openRun(dir);
      const data = runData(run, { testSize: opts.testSize, trainSize: opts.trainSize });
      checkIndex(data.test, opts.query, '--query');
      const started = performance.now();
      const report = retrieve(model, data.test, data.train, opts.query, opts.k);
      const seconds = (performance.now() - started) / 1000;
      const figures: [string, string][] = [];
      const g = imageGeometry(data.test.shape);
      if (g !== null) {
        const d = sampleSize(data.test.shape);
        const shown = ['codes', 'pixels'] as const;
        const images = new Float32Array(shown.length * (opts.k + 1) * d);
        shown.forEach((space, r) => {
          [opts.query, ...report.neighbours[space]].forEach((index, c) => images.set(data.test.images.subarray(index * d, (index + 1) * d), (r * (opts.k + 1) + c) * d));
        });
        figures.push([`retrieval-${opts.query}.svg`, await labelledGridSvg(images, {
          count: shown.length * (opts.k + 1), height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns: opts.k + 1, scale: 2,
          title: `The ${opts.k} nearest of ${data.test.count} test images to #${opts.query} (${sampleClassName(data.test, opts.query)})`,
          columnLabels: ['query', ...Array.from({ length: opts.k }, (_, i) => String(i + 1))], rowLabels: shown.map((s) => `by ${SPACE_TITLES[s]}`),
        })]);
      } else {
        note('no figure: the data is not an image');
      }
      const files = await writeOutputs(opts.out ?? dir, figures);
      const result = { ...report, items: data.test.count, latentDim: model.config.latentDim, seconds, files };
      if (opts.json) {
        printJson(result);
        return;
      }
      if (report.metrics === null) note('no precision@k or mAP: the data has no labels');
      else {
        console.log(`leave-one-out retrieval over ${data.test.count} test samples (relevant = same class):`);
        for (const s of RETRIEVAL_SPACES) {
          const m = report.metrics[s];
          console.log(`  ${SPACE_TITLES[s].padEnd(10)} (${String(s === 'pixels' ? sampleSize(data.test.shape) : model.config.latentDim).padStart(4)}-D)  P@${opts.k} ${m.precisionAtK.toFixed(4)}  mAP ${m.meanAveragePrecision.toFixed(4)}`);
        }
      }
      console.log(`figures: ${files.join(', ')}`);
    });
}
