/** `aekit interpolate RUN_DIR`: pixel-space vs latent-space paths between two test images; the analogy grid for conditional models. */
import { Option, type Command } from 'commander';
import { analogyGrid, checkIndex, interpolate, INTERPOLATION_PATHS, type InterpolationPath } from '../apps/interpolate.js';
import { className, firstOfAnotherClass, sampleClassName } from '../apps/class-names.js';
import { imageGeometry } from '../train/figures.js';
import { labelledGridSvg } from '../viz/labelled-grid.js';
import { writeOutputs } from './output-files.js';
import { openRun, runData } from './run-model.js';
import { parseNonNegativeInt, parsePositiveInt, printJson } from './options.js';

interface InterpolateOptions {
  from: number;
  to?: number;
  steps: number;
  path: InterpolationPath;
  out?: string;
  json?: boolean;
}

export function registerInterpolate(program: Command): void {
  program.command('interpolate')
    .description('the path between two test images in pixel space and along the decoder\'s manifold (and, for conditional models, one style as every class)')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .option('--from <i>', 'test index of the first image', parseNonNegativeInt, 0)
    .option('--to <j>', 'test index of the last image (default: the first test image of another class)', parseNonNegativeInt)
    .option('--steps <n>', 'images per path, ends included', parsePositiveInt, 10)
    .addOption(new Option('--path <kind>', 'path between the codes').choices(INTERPOLATION_PATHS).default('linear'))
    .option('--out <dir>', 'folder for the figures (default: the run folder)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: InterpolateOptions) => {
      const { run, model } = openRun(dir);
      const g = imageGeometry(model.config.inputShape);
      if (g === null) throw new Error(`interpolate: the model's input shape [${model.config.inputShape.join(', ')}] is not an image`);
      const data = runData(run);
      checkIndex(data.test, opts.from, '--from');
      const to = opts.to ?? firstOfAnotherClass(data.test, opts.from);
      const result = interpolate(model, data.test, data.train, { from: opts.from, to, steps: opts.steps, path: opts.path });
      const steps = result.steps;
      const ends = [sampleClassName(data.test, opts.from), sampleClassName(data.test, to)];
      const columnLabels = result.t.map((t) => `t=${t.toFixed(2)}`);
      const both = new Float32Array(result.pixelRow.length * 2);
      both.set(result.pixelRow);
      both.set(result.latentRow, result.pixelRow.length);
      const figures: [string, string][] = [[`interpolation-${opts.path}.svg`, await labelledGridSvg(both, {
        count: 2 * steps, height: g.height, width: g.width, channels: g.channels, layout: 'chw', columns: steps, scale: 2,
        title: `From test #${opts.from} (${ends[0]}) to #${to} (${ends[1]}): pixel space above, the ${opts.path} path between codes below`,
        columnLabels, rowLabels: ['pixel space', 'latent space'],
      })]];
      let analogy: number[] | null = null;
      if (model.capabilities.conditional) {
        const inputs = Array.from({ length: Math.min(8, data.test.count) }, (_, i) => i);
        const grid = analogyGrid(model, data.test, inputs);
        analogy = grid.inputs;
        figures.push(['analogy.svg', await labelledGridSvg(grid.images, {
          count: grid.images.length / (g.channels * g.height * g.width), height: g.height, width: g.width, channels: g.channels, layout: 'chw',
          columns: grid.classes + 1, scale: 2, title: "Style and content: each input's code decoded under every class",
          columnLabels: ['input', ...Array.from({ length: grid.classes }, (_, k) => className(data.test, k))],
        })]);
      }
      const files = await writeOutputs(opts.out ?? dir, figures);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const middle = Math.floor((steps - 1) / 2);
      const summary = {
        from: opts.from, to, steps, path: opts.path, t: result.t, files, analogyInputs: analogy,
        nearestTrainingDistance: result.nearestTrainingDistance,
        midpointNearestTrainingDistance: { pixel: result.nearestTrainingDistance.pixel[middle]!, latent: result.nearestTrainingDistance.latent[middle]! },
        meanNearestTrainingDistance: { pixel: mean(result.nearestTrainingDistance.pixel), latent: mean(result.nearestTrainingDistance.latent) },
      };
      if (opts.json) {
        printJson(summary);
        return;
      }
      console.log(`test #${opts.from} (${ends[0]}) → #${to} (${ends[1]}), ${steps} steps, ${opts.path} path`);
      console.log(`distance to the nearest training image at t=${result.t[middle]!.toFixed(2)}: pixel-space image ${summary.midpointNearestTrainingDistance.pixel.toFixed(2)}, decoded code ${summary.midpointNearestTrainingDistance.latent.toFixed(2)}`);
      console.log(`figures: ${files.join(', ')}`);
    });
}
