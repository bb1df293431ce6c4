#!/usr/bin/env node
/** The `aekit` command. Results go to stdout (`--json` for machines); progress and notes to stderr. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { BACKEND_NAMES, skippedBackends, useBackend, type BackendName } from '../backend/select.js';
import { parsePositiveInt } from './options.js';
import { registerInfo } from './info.js';
import { registerNeuronLab } from './lab-neuron.js';
import { registerVanishingLab } from './lab-vanishing.js';
import { registerTrain } from './train.js';
import { registerEval } from './eval.js';
import { registerSample } from './sample.js';
import { registerEncode } from './encode.js';
import { registerReconstruct } from './reconstruct.js';
import { registerLikelihoodLab } from './lab-likelihood.js';
import { registerSemiSupervised } from './semi-supervised.js';
import { registerFineTune } from './finetune.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('aekit')
    .description('aekit — the autoencoder toolkit for TypeScript')
    .version(pkg.version)
    .showHelpAfterError()
    .addOption(new Option('--backend <name>', 'kernel backend').choices(['auto', ...BACKEND_NAMES]).env('AEKIT_BACKEND').default('auto'))
    .addOption(new Option('--threads <n>', 'kernel threads (default: the number of cores)').env('AEKIT_THREADS').argParser(parsePositiveInt));
  // Every command runs on the chosen backend; it is picked once, before the command's action.
  program.hook('preAction', async () => {
    const { backend, threads } = program.opts<{ backend: BackendName | 'auto'; threads?: number }>();
    const active = await useBackend(backend, threads === undefined ? {} : { threads });
    const nativeMissing = skippedBackends.get('native');
    if (backend === 'auto' && nativeMissing !== undefined) {
      process.stderr.write(`aekit: running on the ${active.name} backend (native addon unavailable: ${nativeMissing})\n`);
    }
  });
  registerInfo(program, pkg.version);
  registerTrain(program);
  registerEval(program);
  registerSample(program);
  registerEncode(program);
  registerReconstruct(program);
  registerSemiSupervised(program);
  registerFineTune(program);
  const lab = program.command('lab').description("the lecture's experiments, each writing a figure");
  registerNeuronLab(lab);
  registerVanishingLab(lab);
  registerLikelihoodLab(lab);
  return program;
}

async function main(): Promise<void> {
  // A reader that stops early (`aekit info | head -2`) closes the pipe; that is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    process.stderr.write(`aekit: error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

await main();
