/** `aekit info`: which backend runs the kernels, with how many threads, on what CPU. */
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { cpuFeatures } from '../backend/native-backend.js';
import { backend } from '../backend/registry.js';
import { skippedBackends } from '../backend/select.js';
import { printJson } from './options.js';

export interface SystemInfo {
  backend: string;
  threads: number;
  /** Backends passed over by automatic selection, with the reason. */
  unavailable: Record<string, string>;
  cpu: string;
  cores: number;
  cpuFeatures: string[];
  node: string;
  v8: string;
  platform: string;
  aekit: string;
}

export function systemInfo(version: string): SystemInfo {
  const be = backend();
  return {
    backend: be.name,
    threads: be.threads,
    unavailable: Object.fromEntries(skippedBackends),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    cpuFeatures: cpuFeatures(),
    node: process.versions.node,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    aekit: version,
  };
}

export function registerInfo(program: Command, version: string): void {
  program.command('info')
    .description('print the backend, threads, CPU features and versions')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const info = systemInfo(version);
      if (opts.json) return printJson(info);
      for (const [k, v] of Object.entries(info)) {
        const text = Array.isArray(v) ? v.join(', ') || '(none detected)' : typeof v === 'object' ? Object.entries(v).map(([n, why]) => `${n}: ${why}`).join('; ') || '-' : v;
        console.log(`${k.padEnd(12)} ${text}`);
      }
    });
}
