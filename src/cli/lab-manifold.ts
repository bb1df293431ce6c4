/** `aekit lab manifold`: the curse of dimensionality (bin occupancy, distance concentration) and the manifold hypothesis on MNIST. */
import type { Command } from 'commander';
import { loadMnist } from '../data/mnist.js';
import { MANIFOLD_DEFAULTS, manifoldLab, type ManifoldLabConfig } from '../lab/manifold.js';
import { histogramSvg } from '../viz/histogram.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeOutputs } from './output-files.js';
import { parseNonNegativeInt, parsePositiveInt, printJson } from './options.js';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;

export function registerManifoldLab(lab: Command): void {
  const d = MANIFOLD_DEFAULTS;
  lab.command('manifold')
    .description('the curse of dimensionality (bins 8 samples fill, distance ratios) and the manifold hypothesis (random images vs digits)')
    .option('--samples <n>', 'samples dropped into the bins', parsePositiveInt, d.samples)
    .option('--trials <n>', 'repetitions of the bin experiment', parsePositiveInt, d.trials)
    .option('--max-dims <n>', 'bin experiment up to this many dimensions (10 bins per axis)', parsePositiveInt, d.maxBinDims)
    .option('--images <n>', 'random images and test digits compared', parsePositiveInt, d.images)
    .option('--train-size <n>', 'MNIST training images (nearest-image search and the VAE)', parsePositiveInt, d.trainSize)
    .option('--epochs <n>', 'epochs of the VAE that scores the images', parsePositiveInt, d.epochs)
    .option('--iw-samples <k>', 'importance samples of its NLL', parsePositiveInt, d.iwSamples)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-manifold')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { samples: number; trials: number; maxDims: number; images: number; trainSize: number; epochs: number; iwSamples: number; seed: number; out: string; json?: boolean }) => {
      const config: ManifoldLabConfig = { ...d, samples: opts.samples, trials: opts.trials, maxBinDims: opts.maxDims, images: opts.images, trainSize: opts.trainSize, epochs: opts.epochs, iwSamples: opts.iwSamples, seed: opts.seed };
      const train = loadMnist({ split: 'train', limit: config.trainSize });
      const test = loadMnist({ split: 'test', limit: config.images });
      const r = await manifoldLab(train, test, config);
      const shown = Math.min(10, r.randomImages.nll.length);
      const pictures = new Float32Array(2 * shown * 784);
      pictures.set(r.pictures.random.subarray(0, shown * 784));
      pictures.set(r.pictures.digits.subarray(0, shown * 784), shown * 784);
      const dimsLabel = r.binOccupancy.map((b) => b.dims);
      const paths = await writeOutputs(opts.out, [
        ['manifold-images.svg', await labelledGridSvg(pictures, {
          count: 2 * shown, height: 28, width: 28, columns: shown, scale: 2, title: 'Uniformly random images are noise; digits lie on a thin manifold',
          rowLabels: ['uniform noise', 'MNIST digits'],
        })],
        ['manifold-nearest-distance.svg', await histogramSvg({
          title: 'Distance to the nearest training digit', xLabel: 'Euclidean distance in pixel space',
          series: [{ name: 'uniform noise', values: r.randomImages.nearestDistance }, { name: 'MNIST test digits', values: r.digits.nearestDistance }],
        })],
        ['manifold-nll.svg', await histogramSvg({
          title: `−log p(x) under a VAE trained on digits (IW, K = ${config.iwSamples})`, xLabel: 'nats',
          series: [{ name: 'uniform noise', values: r.randomImages.nll }, { name: 'MNIST test digits', values: r.digits.nll }], bins: 60,
        })],
        ['curse-bins.svg', await linePlotSvg({
          title: `Fraction of the 10^d bins that ${config.samples} samples occupy`, xLabel: 'dimensions d', yLabel: 'fraction of bins (log scale)', logY: true,
          series: [
            { name: 'measured (uniform samples)', x: dimsLabel, y: r.binOccupancy.map((b) => b.measured) },
            { name: `expected 1 − (1 − 1/b)^${config.samples}`, x: dimsLabel, y: r.binOccupancy.map((b) => b.expected) },
            { name: 'at most min(n, b)/b', x: dimsLabel, y: r.binOccupancy.map((b) => b.max) },
          ],
        })],
        ['curse-distances.svg', await linePlotSvg({
          title: `Largest / smallest pairwise distance of ${config.distancePoints} uniform points in [0, 1]^d`, xLabel: 'log₁₀ d', yLabel: 'ratio (log scale)', logY: true,
          series: [{ name: 'max / min distance', x: r.distanceRatio.map((p) => Math.log10(p.dims)), y: r.distanceRatio.map((p) => p.ratio) }],
        })],
      ]);
      const summary = {
        config, binOccupancy: r.binOccupancy, distanceRatio: r.distanceRatio,
        medians: {
          nearestDistance: { uniformNoise: median(r.randomImages.nearestDistance), digits: median(r.digits.nearestDistance) },
          nll: { uniformNoise: median(r.randomImages.nll), digits: median(r.digits.nll) },
        },
        vaeSeconds: r.vaeSeconds, files: paths,
      };
      if (opts.json) {
        printJson(summary);
        return;
      }
      for (const b of r.binOccupancy) {
        console.log(`d = ${b.dims}: ${config.samples} samples occupy ${(100 * b.measured).toFixed(2)} % of ${b.bins} bins (expected ${(100 * b.expected).toFixed(2)} %, at most ${(100 * b.max).toFixed(2)} %)`);
      }
      console.log(`max/min pairwise distance: ${r.distanceRatio.map((p) => `d=${p.dims} ${p.ratio.toFixed(2)}`).join(', ')}`);
      const m = summary.medians;
      console.log(`median distance to the nearest training digit: noise ${m.nearestDistance.uniformNoise.toFixed(2)}, digits ${m.nearestDistance.digits.toFixed(2)}`);
      console.log(`median −log p(x): noise ${m.nll.uniformNoise.toFixed(1)} nats, digits ${m.nll.digits.toFixed(1)} nats`);
      console.log(`figures: ${paths.join(', ')}`);
    });
}
