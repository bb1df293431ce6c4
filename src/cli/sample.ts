/** `aekit sample RUN_DIR`: a grid of samples from a generative model's prior. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { Generator } from '../tensor/random.js';
import { samplesGrid } from '../train/figures.js';
import { openRun } from './run-model.js';
import { parseNonNegativeInt, parsePositiveInt, printJson, UsageError } from './options.js';

export function registerSample(program: Command): void {
  program.command('sample')
    .description('draw samples from a trained generative model into a PNG grid')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .option('--n <n>', 'number of samples', parsePositiveInt, 64)
    .option('--label <k>', 'label-conditioned models: draw every sample of class k (default: one class per row)', parseNonNegativeInt)
    .option('--seed <n>', 'seed of the draws', parseNonNegativeInt, 0)
    .option('--out <file>', 'PNG file (default RUN_DIR/sample-seed<seed>.png)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: { n: number; label?: number; seed: number; out?: string; json?: boolean }) => {
      const { model } = openRun(dir);
      if (opts.label !== undefined && model.capabilities.numClasses === 0) throw new UsageError(`--label: model '${model.config.model}' is not label-conditioned`);
      const png = samplesGrid(model, opts.n, new Generator(opts.seed), opts.label ?? null);
      const out = opts.out ?? join(dir, `sample-seed${opts.seed}.png`);
      await writeFileAtomic(out, png);
      if (opts.json) printJson({ file: out, n: opts.n, seed: opts.seed, label: opts.label ?? null });
      else console.log(`${opts.n} samples: ${out}`);
    });
}
