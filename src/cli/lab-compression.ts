/** `aekit lab compression`: an AE with quantised codes as a codec, bits per image against PSNR, beside JPEG. */
import type { Command } from 'commander';
import { loadMnist } from '../data/mnist.js';
import { COMPRESSION_DEFAULTS, compressionLab, type CompressionConfig } from '../lab/compression.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeOutputs } from './output-files.js';
import { parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';

function parseList(option: string, text: string, ok: (v: number) => boolean): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !ok(v))) throw new UsageError(`${option}: bad list '${text}'`);
  return values;
}

export function registerCompressionLab(lab: Command): void {
  const d = COMPRESSION_DEFAULTS;
  lab.command('compression')
    .description('an autoencoder as a codec: bits per image against PSNR for codes quantised to b bits, and JPEG at several qualities')
    .option('--latent <list>', 'code sizes', d.latentDims.join(','))
    .option('--bits <list>', 'bits per code value', d.bits.join(','))
    .option('--quality <list>', 'JPEG qualities', d.jpegQualities.join(','))
    .option('--jpeg-images <n>', 'test images coded with JPEG (jpeg-js takes ~30 ms per file)', parsePositiveInt, d.jpegImages)
    .option('--epochs <n>', 'epochs per autoencoder', parsePositiveInt, d.epochs)
    .option('--train-size <n>', 'MNIST training images', parsePositiveInt, 10000)
    .option('--test-size <n>', 'MNIST test images coded', parsePositiveInt, 1000)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-compression')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { latent: string; bits: string; quality: string; jpegImages: number; epochs: number; trainSize: number; testSize: number; seed: number; out: string; json?: boolean }) => {
      const config: CompressionConfig = {
        latentDims: parseList('--latent', opts.latent, (v) => Number.isInteger(v) && v >= 1),
        bits: parseList('--bits', opts.bits, (v) => Number.isInteger(v) && v >= 1 && v <= 16),
        jpegQualities: parseList('--quality', opts.quality, (v) => Number.isInteger(v) && v >= 1 && v <= 100),
        jpegImages: opts.jpegImages, epochs: opts.epochs, seed: opts.seed,
      };
      const train = loadMnist({ split: 'train', limit: opts.trainSize });
      const test = loadMnist({ split: 'test', limit: opts.testSize });
      const r = await compressionLab(train, test, config);
      const log2 = (v: number) => Math.log2(v);
      const shown = Math.min(10, test.count, config.jpegImages);
      const examples = new Float32Array(3 * shown * 784);
      examples.set(test.images.subarray(0, shown * 784));
      examples.set(r.examples.ae.subarray(0, shown * 784), shown * 784);
      examples.set(r.examples.jpeg.subarray(0, shown * 784), 2 * shown * 784);
      const paths = await writeOutputs(opts.out, [
        ['compression-rate-psnr.svg', await linePlotSvg({
          title: `Rate against quality on MNIST test images (AE: ${test.count}, JPEG: the first ${r.jpeg[0]?.images ?? 0})`, xLabel: 'log₂ bits per image', yLabel: 'PSNR (dB)',
          series: [
            ...r.ae.map((a) => ({ name: `AE, ${a.latentDim}-D code, b = ${config.bits.join('/')} bits`, x: a.points.map((p) => log2(p.bits)), y: a.points.map((p) => p.psnr) })),
            { name: 'JPEG, entropy-coded scan only', x: r.jpeg.map((j) => log2(j.scanBits)), y: r.jpeg.map((j) => j.psnr) },
            { name: 'JPEG, whole file', x: r.jpeg.map((j) => log2(j.fileBits)), y: r.jpeg.map((j) => j.psnr) },
          ],
        })],
        ['compression-examples.svg', await labelledGridSvg(examples, {
          count: 3 * shown, height: 28, width: 28, columns: shown, scale: 2, title: 'Decoded test images', rowLabels: ['original', r.examples.aeLabel, r.examples.jpegLabel],
        })],
      ]);
      if (opts.json) {
        printJson({ config, testImages: test.count, ae: r.ae, jpeg: r.jpeg, files: paths });
        return;
      }
      for (const a of r.ae) console.log(`AE ${a.latentDim}-D: ${a.points.map((p) => `${p.bits} bits ${p.psnr.toFixed(2)} dB`).join(', ')} (unquantised ${a.unquantizedPsnr.toFixed(2)} dB)`);
      for (const j of r.jpeg) console.log(`JPEG q${j.quality}: ${j.fileBits.toFixed(0)} bits per file (${j.scanBits.toFixed(0)} in the scan), ${j.psnr.toFixed(2)} dB`);
      console.log(`figures: ${paths.join(', ')}`);
    });
}
