/** `aekit lab neuron`: the lecture's one-sigmoid-neuron experiment, four output-vs-epoch curves. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { epochsToReach, NEURON_DEFAULTS, neuronLab, type NeuronRun } from '../lab/neuron.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { writeFigure } from '../viz/figure-file.js';
import { note, parseNonNegativeInt, parsePositiveNumber, printJson } from './options.js';

function runName(run: NeuronRun): string {
  return `${run.loss === 'mse' ? 'MSE' : 'cross-entropy'} (${run.w0}, ${run.b0})`;
}

export function registerNeuronLab(lab: Command): void {
  lab.command('neuron')
    .description('one sigmoid neuron (x=1, y=0) trained with MSE vs cross-entropy from (w,b)=(0.6,0.9) and (2,2)')
    .option('--eta <x>', 'learning rate', parsePositiveNumber, NEURON_DEFAULTS.eta)
    .option('--epochs <n>', 'number of epochs (one update each)', parseNonNegativeInt, NEURON_DEFAULTS.epochs)
    .option('--out <dir>', 'folder for the figure', 'runs/lab-neuron')
    .option('--json', 'print the runs as JSON on stdout')
    .action(async (opts: { eta: number; epochs: number; out: string; json?: boolean }) => {
      const runs = neuronLab({ eta: opts.eta, epochs: opts.epochs });
      const svg = await linePlotSvg({
        title: `One sigmoid neuron, x = 1 → y = 0, η = ${opts.eta}`,
        xLabel: 'epoch',
        yLabel: 'output a',
        legendTitle: 'loss (w₀, b₀)',
        series: runs.map((run) => ({ name: runName(run), x: run.output.map((_, k) => k), y: run.output })),
      });
      const figure = join(opts.out, 'neuron.svg');
      await writeFigure(figure, svg);
      if (opts.json) {
        printJson({ runs });
        note(`figure: ${figure}`);
        return;
      }
      console.log('loss           start (w, b)   a(0)     a(final)  epochs to a < 0.1');
      for (const run of runs) {
        const reach = epochsToReach(run, 0.1);
        console.log(`${run.loss.padEnd(14)} (${run.w0}, ${run.b0})`.padEnd(30) +
          `${run.output[0]!.toFixed(4)}   ${run.output[run.output.length - 1]!.toFixed(4)}    ${reach ?? `never (in ${run.epochs})`}`);
      }
      console.log(`figure: ${figure}`);
    });
}
