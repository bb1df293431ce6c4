#!/usr/bin/env node
/** The `aekit` command. Results go to stdout (`--json` for machines); progress and notes to stderr. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ModelConfigError } from '../models/blocks/config-fields.js';
import { DataSpecError } from '../train/data-source.js';
import { MetricNotApplicableError } from '../eval/report.js';
import { BACKEND_NAMES, skippedBackends, useBackend, type BackendName } from '../backend/select.js';
import { parsePositiveInt, UsageError } from './options.js';
import { registerInfo } from './info.js';
import { registerNeuronLab } from './lab-neuron.js';
import { registerVanishingLab } from './lab-vanishing.js';
import { registerTrain } from './train.js';
import { registerEval } from './eval.js';
import { registerSample } from './sample.js';
import { registerEncode } from './encode.js';
import { registerReconstruct } from './reconstruct.js';
import { registerLikelihoodLab } from './lab-likelihood.js';
import { registerExport } from './export.js';
import { registerServe } from './serve.js';
import { registerInterpolate } from './interpolate.js';
import { registerRetrieve } from './retrieve.js';
import { registerAnomaly } from './anomaly.js';
import { registerScore } from './score.js';
import { registerInpaint } from './inpaint.js';
import { registerDenoise } from './denoise.js';
import { registerLinearAeLab } from './lab-linear-ae.js';
import { registerManifoldLab } from './lab-manifold.js';
import { registerSwissRollLab } from './lab-swiss-roll.js';
import { registerLatentDriftLab } from './lab-latent-drift.js';
import { registerDenoisingCurveLab } from './lab-denoising-curve.js';
import { registerCompressionLab } from './lab-compression.js';
import { registerExplore } from './explore.js';
import { registerBaseline } from './baseline.js';
import { registerCompare } from './compare.js';
import { registerSemiSupervised } from './semi-supervised.js';
import { registerFineTune } from './finetune.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('aekit')
    .description('aekit — the autoencoder toolkit for TypeScript')
    .version(pkg.version)
    // A usage error is one line (commander puts "did you mean" on a second one), then exit code 2.
    .configureOutput({ outputError: (text, write) => write(`aekit: ${text.trim().replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}; see --help\n`) })
    .exitOverride()
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
  registerExport(program, pkg.version);
  registerServe(program);
  registerInterpolate(program);
  registerRetrieve(program);
  registerAnomaly(program);
  registerScore(program);
  registerInpaint(program);
  registerDenoise(program);
  registerExplore(program, pkg.version);
  registerBaseline(program);
  registerCompare(program);
  registerSemiSupervised(program);
  registerFineTune(program);
  const lab = program.command('lab').description("the lecture's experiments, each writing a figure");
  registerNeuronLab(lab);
  registerVanishingLab(lab);
  registerLikelihoodLab(lab);
  registerLinearAeLab(lab);
  registerManifoldLab(lab);
  registerSwissRollLab(lab);
  registerLatentDriftLab(lab);
  registerDenoisingCurveLab(lab);
  registerCompressionLab(lab);
  return program;
}

/** The exit code of a usage error (as getopt and argparse programs use); 1 is a failure while running. */
const USAGE = 2;

async function main(): Promise<void> {
  // A reader that stops early (`aekit info | head -2`) closes the pipe; that is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    // Help and --version end with code 0; every other commander error is a usage error.
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : USAGE);
    const usage = err instanceof UsageError || err instanceof DataSpecError || err instanceof ModelConfigError || err instanceof MetricNotApplicableError;
    process.stderr.write(`aekit: error: ${err instanceof Error ? err.message : String(err)}${usage ? '; see --help' : ''}\n`);
    process.exit(usage ? USAGE : 1);
  }
}

await main();
