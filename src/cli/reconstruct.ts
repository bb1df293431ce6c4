/** `aekit reconstruct RUN_DIR`: test inputs next to the model's reconstructions, as a PNG grid. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { reconstructionGrid } from '../train/figures.js';
import { openRun, runData } from './run-model.js';
import { parsePositiveInt, printJson } from './options.js';

export function registerReconstruct(program: Command): void {
  program.command('reconstruct')
    .description('the first test samples (rows of inputs) above their reconstructions, as a PNG grid')
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .option('--n <n>', 'number of test samples', parsePositiveInt, 50)
    .option('--data <spec>', 'other data of the same shape (default: the run\'s)')
    .option('--out <file>', 'PNG file (default RUN_DIR/reconstructions.png)')
    .option('--json', 'print the result as one JSON object')
    .action(async (dir: string, opts: { n: number; data?: string; out?: string; json?: boolean }) => {
      const { run, model } = openRun(dir);
      const data = runData(run, { testSize: opts.n, ...(opts.data === undefined ? {} : { spec: opts.data }) });
      const png = reconstructionGrid(model, data.test, opts.n);
      const out = opts.out ?? join(dir, 'reconstructions.png');
      await writeFileAtomic(out, png);
      if (opts.json) printJson({ file: out, n: Math.min(opts.n, data.test.count) });
      else console.log(`${Math.min(opts.n, data.test.count)} reconstructions: ${out}`);
    });
}
