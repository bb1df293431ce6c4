/** `aekit lab likelihood`: the same network under a Gaussian and a Bernoulli output distribution, with samples. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { LIKELIHOOD_DEFAULTS, likelihoodLab, type LikelihoodConfig, type LikelihoodRun } from '../lab/likelihood.js';
import { overlayPlotSvg } from '../viz/overlay-plot.js';
import { writeFigure } from '../viz/figure-file.js';
import { note, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

async function figure(run: LikelihoodRun): Promise<string> {
  const { x, fitted, truth } = run.grid;
  if (run.distribution === 'gaussian') {
    const band = (sign: number, src: Record<string, number[]>): number[] => src.mean!.map((m, i) => m + sign * 2 * src.std![i]!);
    return overlayPlotSvg({
      title: 'Gaussian output: the network predicts μ(x) and log σ²(x)',
      xLabel: 'x', yLabel: 'y',
      points: [
        { name: 'training data', x: run.data.x, y: run.data.y },
        { name: 'samples from the fit', x, y: run.samples },
      ],
      lines: [
        { name: 'fitted μ(x)', x, y: fitted.mean! },
        { name: 'fitted μ ± 2σ (upper)', x, y: band(1, fitted) },
        { name: 'fitted μ ± 2σ (lower)', x, y: band(-1, fitted) },
        { name: 'true μ(x)', x, y: truth.mean! },
      ],
    });
  }
  return overlayPlotSvg({
    title: 'Bernoulli output: the network predicts the logit of p(y = 1 | x)',
    xLabel: 'x', yLabel: 'y, p',
    points: [
      { name: 'training data (0/1)', x: run.data.x, y: run.data.y },
      { name: 'samples from the fit', x, y: run.samples.map((s) => s * 0.9 + 0.05) },
    ],
    lines: [
      { name: 'fitted p(x)', x, y: fitted.prob! },
      { name: 'true p(x)', x, y: truth.prob! },
    ],
  });
}

export function registerLikelihoodLab(lab: Command): void {
  const d = LIKELIHOOD_DEFAULTS;
  lab.command('likelihood')
    .description('one MLP trained with a Gaussian and with a Bernoulli output distribution; its outputs are distribution parameters')
    .option('--samples <n>', 'training points per problem', parsePositiveInt, d.samples)
    .option('--hidden <n>', 'hidden units per layer', parsePositiveInt, d.hidden)
    .option('--steps <n>', 'full-batch Adam steps', parseNonNegativeInt, d.steps)
    .option('--lr <x>', 'learning rate', parsePositiveNumber, d.lr)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-likelihood')
    .option('--json', 'print the runs as JSON on stdout')
    .action(async (opts: LikelihoodConfig & { out: string; json?: boolean }) => {
      const config: LikelihoodConfig = { samples: opts.samples, hidden: opts.hidden, steps: opts.steps, lr: opts.lr, seed: opts.seed, gridPoints: d.gridPoints };
      const runs = likelihoodLab(config);
      const files: string[] = [];
      for (const run of runs) {
        const file = join(opts.out, `likelihood-${run.distribution}.svg`);
        await writeFigure(file, await figure(run));
        files.push(file);
      }
      if (opts.json) {
        printJson({ config, runs });
        note(`figures: ${files.join(', ')}`);
        return;
      }
      for (const run of runs) {
        const errors = Object.entries(run.parameterError).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
        console.log(`${run.distribution.padEnd(9)} outputs: ${run.outputs.join('; ')}\n          NLL ${run.nllStart.toFixed(3)} → ${run.nllEnd.toFixed(3)} nats/sample; mean |fitted − true|: ${errors}`);
      }
      console.log(`figures: ${files.join(', ')}`);
    });
}
