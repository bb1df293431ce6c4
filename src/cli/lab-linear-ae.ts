/** `aekit lab linear-ae`: a linear autoencoder with squared error spans PCA's subspace, though its weights are not the components. */
import type { Command } from 'commander';
import { loadMnist } from '../data/mnist.js';
import { LINEAR_AE_DEFAULTS, linearAeLab, type LinearAeConfig } from '../lab/linear-ae.js';
import { imageGridPng } from '../viz/image-grid.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeOutputs } from './output-files.js';
import { parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson, UsageError } from './options.js';

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError(`--codes: expected code sizes like 2,10,30, got '${text}'`);
  return sizes;
}

export function registerLinearAeLab(lab: Command): void {
  const d = LINEAR_AE_DEFAULTS;
  lab.command('linear-ae')
    .description("a linear AE trained with MSE learns PCA's subspace (principal angles → 0) but not PCA's components")
    .option('--codes <list>', 'code sizes k', d.codeSizes.join(','))
    .option('--train-size <n>', 'MNIST training images', parsePositiveInt, 5000)
    .option('--epochs <n>', 'epochs per model (cosine learning-rate decay)', parsePositiveInt, d.epochs)
    .option('--batch <n>', 'mini-batch size', parsePositiveInt, d.batchSize)
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, d.lr)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-linear-ae')
    .option('--json', 'print the runs as JSON on stdout')
    .action(async (opts: { codes: string; trainSize: number; epochs: number; batch: number; lr: number; seed: number; out: string; json?: boolean }) => {
      const config: LinearAeConfig = { codeSizes: parseSizes(opts.codes), epochs: opts.epochs, batchSize: opts.batch, lr: opts.lr, seed: opts.seed };
      const data = loadMnist({ split: 'train', limit: opts.trainSize });
      if (config.codeSizes.some((k) => k > Math.min(784, data.count))) throw new UsageError(`--codes: a code size exceeds min(784, ${data.count} samples)`);
      const runs = await linearAeLab(data, config);
      const files: [string, string | Uint8Array][] = [[`linear-ae-angles.svg`, await linePlotSvg({
        title: "Principal angles between the linear AE's decoder columns and PCA's top-k components",
        xLabel: 'angle index (1 = smallest)', yLabel: 'angle (degrees)', legendTitle: 'code size',
        series: runs.map((r) => ({ name: `k = ${r.k} (largest ${r.largestAngleDegrees.toFixed(1)}°, λk/λk+1 = ${r.eigenGap.toFixed(3)})`, x: r.anglesDegrees.map((_, i) => i + 1), y: r.anglesDegrees })),
      })]];
      for (const r of runs) {
        const both = new Float32Array(2 * r.k * 784);
        both.set(r.vectors.pcaComponents);
        both.set(r.vectors.decoderColumns, r.k * 784);
        // Top row: PCA's components; bottom row: the decoder's columns — same span, different vectors.
        files.push([`linear-ae-k${r.k}-vectors.png`, imageGridPng(both, { count: 2 * r.k, height: 28, width: 28, columns: r.k, range: 'per-image', scale: 2 })]);
      }
      const paths = await writeOutputs(opts.out, files);
      const plain = runs.map(({ vectors: _v, ...rest }) => rest);
      if (opts.json) {
        printJson({ config, trainSize: data.count, runs: plain, files: paths });
        return;
      }
      for (const r of runs) {
        const sorted = [...r.anglesDegrees].sort((a, b) => a - b);
        const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
        const cos = r.columnComponentCosine.reduce((a, b) => a + b, 0) / r.k;
        console.log(`k = ${String(r.k).padStart(3)}: principal angles median ${median.toFixed(2)}°, largest ${r.largestAngleDegrees.toFixed(2)}° (λk/λk+1 ${r.eigenGap.toFixed(3)}); `
          + `MSE ${r.mse.linearAe.toFixed(5)} vs PCA ${r.mse.pca.toFixed(5)}; mean max |cos(column, component)| ${cos.toFixed(3)}; ${r.seconds.toFixed(1)} s`);
      }
      console.log(`figures: ${paths.join(', ')} (vectors: PCA's components above, the decoder's columns below)`);
    });
}
