/** `aekit lab vanishing`: per-layer gradient norms of a deep sigmoid MLP vs a deep ReLU MLP on MNIST. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { VANISHING_DEFAULTS, vanishingLab, type InitScheme, type VanishingConfig, type VanishingRun } from '../lab/vanishing.js';
import { barPlotSvg } from '../viz/bar-plot.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeFigure } from '../viz/figure-file.js';
import { note, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson, UsageError } from './options.js';

interface VanishingOptions extends Omit<VanishingConfig, 'init'> {
  init: string;
  out: string;
  json?: boolean;
}

async function writeFigures(runs: VanishingRun[], out: string): Promise<string[]> {
  const layers = runs[0]!.gradNorms[0]!.length;
  const layerNames = Array.from({ length: layers }, (_, l) => `${l + 1}`);
  const files: string[] = [];
  const atInit = join(out, 'gradient-norms-at-init.svg');
  await writeFigure(atInit, await barPlotSvg({
    title: 'Gradient norm per layer at initialisation',
    xLabel: 'layer (1 = next to the input)',
    yLabel: '‖∂L/∂W‖ (log scale)',
    categories: layerNames,
    series: runs.map((r) => ({ name: `${r.activation} (${r.init} init)`, values: r.gradNorms[0]! })),
    logY: true,
    legendTitle: 'hidden units',
  }));
  files.push(atInit);
  for (const r of runs) {
    const file = join(out, `gradient-norms-${r.activation}.svg`);
    await writeFigure(file, await linePlotSvg({
      title: `${r.activation}: gradient norm of each layer during training`,
      xLabel: 'step',
      yLabel: '‖∂L/∂W‖ (log scale)',
      logY: true,
      legendTitle: 'layer',
      series: layerNames.map((name, l) => ({ name, x: r.steps, y: r.gradNorms.map((g) => Math.max(g[l]!, 1e-30)) })),
    }));
    files.push(file);
  }
  const lossFile = join(out, 'loss.svg');
  await writeFigure(lossFile, await linePlotSvg({
    title: 'Training loss', xLabel: 'step', yLabel: 'cross-entropy (nats)',
    series: runs.map((r) => ({ name: r.activation, x: r.steps, y: r.loss })),
  }));
  files.push(lossFile);
  return files;
}

export function registerVanishingLab(lab: Command): void {
  const d = VANISHING_DEFAULTS;
  lab.command('vanishing')
    .description('per-layer gradient norms of a deep MLP with sigmoid vs ReLU units, at init and during training (MNIST)')
    .option('--layers <n>', 'number of linear layers', parsePositiveInt, d.layers)
    .option('--width <n>', 'hidden units per layer', parsePositiveInt, d.width)
    .option('--steps <n>', 'training steps (SGD updates)', parseNonNegativeInt, d.steps)
    .option('--batch <n>', 'mini-batch size', parsePositiveInt, d.batch)
    .option('--lr <x>', 'learning rate', parsePositiveNumber, d.lr)
    .option('--train-size <n>', 'MNIST training images used', parsePositiveInt, d.trainSize)
    .option('--every <n>', 'record gradient norms every n steps', parsePositiveInt, d.every)
    .option('--init <scheme>', 'auto (Glorot for sigmoid, He for ReLU) | glorot | he', d.init)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-vanishing')
    .option('--json', 'print the runs as JSON on stdout')
    .action(async (opts: VanishingOptions) => {
      if (!['auto', 'glorot', 'he'].includes(opts.init)) throw new UsageError(`--init must be auto, glorot or he, got '${opts.init}'`);
      const config: VanishingConfig = {
        layers: opts.layers, width: opts.width, steps: opts.steps, batch: opts.batch, lr: opts.lr,
        trainSize: opts.trainSize, every: opts.every, init: opts.init as InitScheme, seed: opts.seed,
      };
      const runs = vanishingLab(config);
      const files = await writeFigures(runs, opts.out);
      if (opts.json) {
        printJson({ config, runs });
        note(`figures: ${files.join(', ')}`);
        return;
      }
      for (const r of runs) {
        const g0 = r.gradNorms[0]!;
        console.log(`${r.activation.padEnd(8)} (${r.init} init)  ‖∂L/∂W‖ at init: layer 1 ${g0[0]!.toExponential(2)}, layer ${g0.length} ${g0[g0.length - 1]!.toExponential(2)}` +
          `  (ratio ${(g0[0]! / g0[g0.length - 1]!).toExponential(2)});  loss ${r.loss[0]!.toFixed(3)} → ${r.loss[r.loss.length - 1]!.toFixed(3)}, train accuracy ${(100 * r.finalAccuracy).toFixed(1)} %`);
      }
      console.log(`figures: ${files.join(', ')}`);
    });
}
