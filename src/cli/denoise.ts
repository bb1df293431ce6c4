/** `aekit denoise RUN_DIR --noise gaussian:0.3|masking:0.5|salt-and-pepper:0.2`: PSNR before and after, and noisy/clean/restored triples. */
import type { Command } from 'commander';
import { denoise, noiseSpecText, parseNoiseSpec } from '../apps/denoise.js';
import { sampleSize } from '../data/dataset.js';
import { Generator } from '../tensor/random.js';
import { valueRange } from '../train/data-source.js';
import { imageGeometry } from '../train/figures.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { writeOutputs } from './output-files.js';
import { openRun, runData } from './run-model.js';
import { asUsage, note, parseNonNegativeInt, parsePositiveInt, printJson } from './options.js';

const TRIPLES_SHOWN = 24;
const TRIPLES_PER_ROW = 4;

export function registerDenoise(program: Command): void {
  program.command('denoise')
    .description('corrupt test images, reconstruct them with the model, and report PSNR before and after')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .requiredOption('--noise <spec>', 'gaussian:SIGMA, masking:P or salt-and-pepper:P')
    .option('--test-size <n>', 'first n test images scored', parsePositiveInt, 1000)
    .option('--seed <n>', 'seed of the corruption', parseNonNegativeInt, 0)
    .option('--out <dir>', 'folder for the figure (default: the run folder)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: { noise: string; testSize: number; seed: number; out?: string; json?: boolean }) => {
      const spec = asUsage(() => parseNoiseSpec(opts.noise));
      const { run, model } = openRun(dir);
      const data = runData(run, { testSize: opts.testSize });
      const [lo, hi] = valueRange(data.train);
      const range: [number, number] = [Math.min(0, lo), Math.max(1, hi)];
      const result = denoise(model, data.test, spec, opts.testSize, new Generator(opts.seed), range);
      const figures: [string, string][] = [];
      const g = imageGeometry(data.test.shape);
      if (g !== null) {
        const d = sampleSize(data.test.shape);
        const n = Math.min(TRIPLES_SHOWN, result.count);
        const images = new Float32Array(3 * n * d);
        for (let i = 0; i < n; i++) {
          images.set(result.noisy.subarray(i * d, (i + 1) * d), 3 * i * d);
          images.set(data.test.images.subarray(i * d, (i + 1) * d), (3 * i + 1) * d);
          images.set(result.restored.subarray(i * d, (i + 1) * d), (3 * i + 2) * d);
        }
        const columns = 3 * Math.min(TRIPLES_PER_ROW, n);
        const q = result.quality;
        figures.push([`denoise-${spec.kind}.svg`, await labelledGridSvg(images, {
          count: 3 * n, height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns, scale: 2, range,
          title: `Denoising ${noiseSpecText(spec)} with ${model.config.model}`,
          subtitle: `PSNR ${q.noisy.psnr.toFixed(2)} dB noisy → ${q.restored.psnr.toFixed(2)} dB restored (clean reconstruction ${q.cleanReconstruction.psnr.toFixed(2)} dB)`,
          columnLabels: Array.from({ length: columns }, (_, c) => ['noisy', 'clean', 'restored'][c % 3]!),
        })]);
      } else {
        note('no figure: the data is not an image');
      }
      const files = await writeOutputs(opts.out ?? dir, figures);
      const summary = { model: model.config.model, noise: noiseSpecText(spec), testImages: result.count, peak: result.peak, ...result.quality, files };
      if (opts.json) {
        printJson(summary);
        return;
      }
      const q = result.quality;
      console.log(`${summary.model}, ${summary.noise}, ${result.count} test images (PSNR of the mean squared error, peak ${result.peak})`);
      console.log(`  noisy     ${q.noisy.psnr.toFixed(2)} dB (MSE ${q.noisy.mse.toFixed(5)})`);
      console.log(`  restored  ${q.restored.psnr.toFixed(2)} dB (MSE ${q.restored.mse.toFixed(5)})`);
      console.log(`  clean image reconstructed: ${q.cleanReconstruction.psnr.toFixed(2)} dB`);
      console.log(`figures: ${files.join(', ')}`);
    });
}
