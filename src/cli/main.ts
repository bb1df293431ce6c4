#!/usr/bin/env node
/** The `aekit` command. Results go to stdout (`--json` for machines); progress and notes to stderr. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerInfo } from './info.js';
import { registerNeuronLab } from './lab-neuron.js';
import { registerVanishingLab } from './lab-vanishing.js';
import { registerLikelihoodLab } from './lab-likelihood.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('aekit')
    .description('aekit — the autoencoder toolkit for TypeScript')
    .version(pkg.version)
    .showHelpAfterError();
  registerInfo(program);
  const lab = program.command('lab').description("the lecture's experiments, each writing a figure");
  registerNeuronLab(lab);
  registerVanishingLab(lab);
  registerLikelihoodLab(lab);
  return program;
}

async function main(): Promise<void> {
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
