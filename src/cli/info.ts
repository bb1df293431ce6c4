/** `aekit info`: which backend runs the kernels, with how many threads, on what CPU. */
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { backend, listBackends } from '../backend/registry.js';
import { printJson } from './options.js';

export interface SystemInfo {
  backend: string;
  threads: number;
  backends: string[];
  cpu: string;
  cores: number;
  node: string;
  v8: string;
  platform: string;
}

export function systemInfo(): SystemInfo {
  const be = backend();
  return {
    backend: be.name,
    threads: be.threads,
    backends: listBackends(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.versions.node,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function registerInfo(program: Command): void {
  program.command('info')
    .description('print the backend, threads, CPU and versions')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const info = systemInfo();
      if (opts.json) return printJson(info);
      for (const [k, v] of Object.entries(info)) console.log(`${k.padEnd(9)} ${Array.isArray(v) ? v.join(', ') : v}`);
    });
}
