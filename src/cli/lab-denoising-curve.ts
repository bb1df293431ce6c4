/** `aekit lab denoising-curve`: test reconstruction error against the DAE's masking rate, and its first-layer filters. */
import type { Command } from 'commander';
import { loadMnist } from '../data/mnist.js';
import { DENOISING_CURVE_DEFAULTS, denoisingCurveLab, type DenoisingCurveConfig } from '../lab/denoising-curve.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeOutputs } from './output-files.js';
import { parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

function parseRates(text: string): number[] {
  const rates = text.split(',').map((s) => Number(s.trim()));
  if (rates.some((r) => !(r >= 0 && r < 1))) throw new Error(`--rates: expected masking rates in [0, 1) like 0,0.25,0.5, got '${text}'`);
  return rates;
}

export function registerDenoisingCurveLab(lab: Command): void {
  const d = DENOISING_CURVE_DEFAULTS;
  lab.command('denoising-curve')
    .description('one denoising AE per masking rate: test reconstruction error against the rate, and the first layer\'s filters')
    .option('--rates <list>', 'masking rates', d.rates.join(','))
    .option('--hidden-units <n>', 'sigmoid hidden units (the code)', parsePositiveInt, d.hiddenUnits)
    .option('--epochs <n>', 'epochs per model', parsePositiveInt, d.epochs)
    .option('--train-size <n>', 'MNIST training images', parsePositiveInt, 5000)
    .option('--test-size <n>', 'MNIST test images', parsePositiveInt, 1000)
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, d.lr)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-denoising-curve')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { rates: string; hiddenUnits: number; epochs: number; trainSize: number; testSize: number; lr: number; seed: number; out: string; json?: boolean }) => {
      const config: DenoisingCurveConfig = { ...d, rates: parseRates(opts.rates), hiddenUnits: opts.hiddenUnits, epochs: opts.epochs, lr: opts.lr, seed: opts.seed };
      const train = loadMnist({ split: 'train', limit: opts.trainSize });
      const test = loadMnist({ split: 'test', limit: opts.testSize });
      const points = await denoisingCurveLab(train, test, config);
      const rates = points.map((p) => p.rate);
      // Up to four rates spread over the list, the first and the last included.
      const picks = [...new Set(Array.from({ length: Math.min(4, points.length) }, (_, i) => Math.round((i * (points.length - 1)) / Math.max(1, Math.min(4, points.length) - 1))))];
      const shown = picks.map((i) => points[i]!);
      const perRow = shown[0]!.filters.length / 784;
      const filters = new Float32Array(shown.length * perRow * 784);
      shown.forEach((p, i) => filters.set(p.filters, i * perRow * 784));
      const paths = await writeOutputs(opts.out, [
        ['denoising-curve.svg', await linePlotSvg({
          title: `Test reconstruction error of a ${config.hiddenUnits}-unit DAE against its training masking rate`, xLabel: 'masking rate during training', yLabel: 'MSE per pixel',
          series: [{ name: 'clean test inputs', x: rates, y: points.map((p) => p.cleanMse) }, { name: 'test inputs masked at the same rate', x: rates, y: points.map((p) => p.maskedMse) }],
        })],
        ['denoising-probe.svg', await linePlotSvg({
          title: 'Test error of a linear classifier on the DAE codes against the masking rate', xLabel: 'masking rate during training', yLabel: 'test error',
          series: [{ name: 'linear probe on the codes', x: rates, y: points.map((p) => p.probeTestError) }],
        })],
        ['denoising-filters.svg', await labelledGridSvg(filters, {
          count: shown.length * perRow, height: 28, width: 28, columns: perRow, range: 'per-image', scale: 1, padding: 1,
          title: 'First-layer filters (each scaled to its own range)', rowLabels: shown.map((p) => `masking ${p.rate}`),
        })],
      ]);
      const best = points.reduce((a, b) => (b.cleanMse < a.cleanMse ? b : a));
      const bestProbe = points.reduce((a, b) => (b.probeTestError < a.probeTestError ? b : a));
      const plain = points.map(({ filters: _f, ...rest }) => rest);
      if (opts.json) {
        printJson({ config, points: plain, bestRate: { cleanMse: best.rate, probeTestError: bestProbe.rate }, files: paths });
        return;
      }
      for (const p of points) console.log(`masking ${p.rate.toFixed(2)}: clean test MSE ${p.cleanMse.toFixed(5)}, masked test MSE ${p.maskedMse.toFixed(5)}, NLL ${p.cleanNll.toFixed(1)} nats, linear-probe test error ${(100 * p.probeTestError).toFixed(2)} % (${p.seconds.toFixed(1)} s)`);
      console.log(`lowest clean test MSE at masking rate ${best.rate}; lowest linear-probe test error at masking rate ${bestProbe.rate}`);
      console.log(`figures: ${paths.join(', ')}`);
    });
}
