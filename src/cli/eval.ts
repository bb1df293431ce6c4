/** `aekit eval RUN_DIR`: the saved model's loss parts on the test split (and the test −ELBO for VAEs). */
import type { Command } from 'commander';
import { formatParts } from '../train/metrics.js';
import { evaluate, randomKeys } from '../train/trainer.js';
import { negativeElbo, openRun, runData } from './run-model.js';
import { parsePositiveInt, printJson } from './options.js';

export function registerEval(program: Command): void {
  program.command('eval')
    .description("a trained run's test loss parts (for VAEs the test −ELBO in nats)")
    .argument('<run-dir>', 'a run folder from `aekit train`')
    .option('--test-size <n>', 'evaluate on the first n test samples (default: as trained)', parsePositiveInt)
    .option('--allow-non-finite', 'load a model whose weights hold NaN or infinities (refused by default)')
    .option('--json', 'print the result as one JSON object')
    .action((dir: string, opts: { testSize?: number; allowNonFinite?: boolean; json?: boolean }) => {
      const { run, model } = openRun(dir, { allowNonFinite: opts.allowNonFinite ?? false });
      const data = runData(run, opts.testSize === undefined ? {} : { testSize: opts.testSize });
      // The same generator as the per-epoch evaluation, so this matches the last row of metrics.csv.
      const parts = evaluate(model, data.test, randomKeys(run.training.seed).evalKey);
      const result = { runDir: dir, model: model.config.model, data: run.data.spec, testSamples: data.test.count, test: parts, testNegativeElbo: negativeElbo(model, parts) };
      if (opts.json) {
        printJson(result);
        return;
      }
      console.log(`${result.model} on ${result.data}, ${result.testSamples} test samples`);
      console.log(`test: ${formatParts(parts)}`);
      if (result.testNegativeElbo !== null) console.log(`test −ELBO: ${result.testNegativeElbo.toFixed(2)} nats per sample`);
    });
}
