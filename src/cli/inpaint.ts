/** `aekit inpaint RUN_DIR --mask top|bottom|left|right|random:P|PATH.png`: fill missing pixels, against mean and nearest-neighbour fills. */
import { Option, type Command } from 'commander';
import { defaultInpaintMethod, inpaintProblem, inpaintWithModel, INPAINT_METHODS, meanFill, missingValueMse, nearestNeighbourFill, valueMeans, type InpaintMethod } from '../apps/inpaint.js';
import { maskMaker, parseMaskSpec } from '../apps/masks.js';
import { sampleSize } from '../data/dataset.js';
import { Generator } from '../tensor/random.js';
import { imageGeometry, rows } from '../train/figures.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { writeOutputs } from './output-files.js';
import { openRun, runData } from './run-model.js';
import { asUsage, parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';

interface InpaintCliOptions {
  mask: string;
  method?: InpaintMethod;
  iterations: number;
  testSize: number;
  trainSize: number;
  n: number;
  seed: number;
  out?: string;
  json?: boolean;
}

export function registerInpaint(program: Command): void {
  program.command('inpaint')
    .description('fill in missing pixels of test images (pseudo-Gibbs or Metropolis-within-Gibbs for VAEs, iterated reconstruction otherwise)')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .requiredOption('--mask <spec>', 'top, bottom, left, right, random:P or PATH.png (white = missing)')
    .addOption(new Option('--method <name>', 'default: pseudo-gibbs for variational models, iterate otherwise').choices(INPAINT_METHODS))
    .option('--iterations <n>', 'chain steps', parsePositiveInt, 50)
    .option('--test-size <n>', 'first n test images filled and scored', parsePositiveInt, 500)
    .option('--train-size <n>', 'training images for the mean and nearest-neighbour fills', parsePositiveInt, 10000)
    .option('--n <n>', 'images in the figure', parsePositiveInt, 8)
    .option('--seed <n>', 'seed of random masks and of the chains', parseNonNegativeInt, 0)
    .option('--out <dir>', 'folder for the figure (default: the run folder)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: InpaintCliOptions) => {
      const spec = asUsage(() => parseMaskSpec(opts.mask));
      const { run, model } = openRun(dir);
      const method = opts.method ?? defaultInpaintMethod(model);
      const problem = inpaintProblem(model, method);
      if (problem !== null) throw new UsageError(problem);
      const g = imageGeometry(model.config.inputShape);
      if (g === null) throw new Error(`inpaint: the model's input shape [${model.config.inputShape.join(', ')}] is not an image`);
      const makeMasks = maskMaker(spec, g.channels, g.height, g.width);
      const data = runData(run, { testSize: opts.testSize, trainSize: opts.trainSize });
      const n = data.test.count;
      const d = sampleSize(data.test.shape);
      const gen = new Generator(opts.seed);
      const mask = makeMasks(n, gen);
      const { x, labels } = rows(data.test, 0, n, model.config.inputShape);
      const means = valueMeans(data.train);
      const started = performance.now();
      const start = Float32Array.from({ length: n * d }, (_, i) => means[i % d]!);
      const fill = inpaintWithModel(model, x, labels, mask, start, { method, iterations: opts.iterations, gen });
      const modelSeconds = (performance.now() - started) / 1000;
      const mean = meanFill(x.data, n, mask, means);
      const nearest = nearestNeighbourFill(x.data, n, mask, data.train);
      const error = { model: missingValueMse(fill.filled, x.data, mask), mean: missingValueMse(mean, x.data, mask), nearestNeighbour: missingValueMse(nearest.filled, x.data, mask) };
      const shown = Math.min(opts.n, n);
      const columns = ['masked', method, 'training mean', 'nearest neighbour', 'truth'];
      const images = new Float32Array(shown * columns.length * d);
      for (let i = 0; i < shown; i++) {
        const at = (k: number) => (i * columns.length + k) * d;
        const slice = (v: Float32Array) => v.subarray(i * d, (i + 1) * d);
        // Missing pixels drawn as NaN: the grid paints them magenta.
        images.set(Float32Array.from(slice(x.data), (v, j) => (mask[i * d + j] ? NaN : v)), at(0));
        [fill.filled, mean, nearest.filled, x.data].forEach((v, k) => images.set(slice(v), at(k + 1)));
      }
      const missingFraction = mask.reduce((a, b) => a + b, 0) / mask.length;
      const files = await writeOutputs(opts.out ?? dir, [[`inpaint-${spec.kind}.svg`, await labelledGridSvg(images, {
        count: shown * columns.length, height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns: columns.length, scale: 2,
        title: `Inpainting, mask ${opts.mask}`,
        subtitle: `missing pixels magenta; their MSE: ${method} ${error.model.toFixed(4)}, mean ${error.mean.toFixed(4)}, NN ${error.nearestNeighbour.toFixed(4)}`,
        columnLabels: columns,
      })]]);
      const summary = {
        model: model.config.model, mask: opts.mask, method, iterations: opts.iterations, testImages: n, trainImages: data.train.count,
        missingFraction, missingMse: error, acceptanceRate: fill.acceptanceRate, modelSeconds, files,
      };
      if (opts.json) {
        printJson(summary);
        return;
      }
      console.log(`${summary.model}, mask ${opts.mask} (${(100 * missingFraction).toFixed(1)} % missing), ${method} × ${opts.iterations}, ${n} test images`);
      console.log(`MSE on the missing pixels: model ${error.model.toFixed(5)}, training mean ${error.mean.toFixed(5)}, nearest neighbour ${error.nearestNeighbour.toFixed(5)}`);
      if (fill.acceptanceRate !== null) console.log(`Metropolis acceptance rate ${(100 * fill.acceptanceRate).toFixed(1)} %`);
      console.log(`figures: ${files.join(', ')}`);
    });
}
