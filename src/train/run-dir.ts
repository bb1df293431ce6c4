/**
 * A run folder: `config.json` (the resolved model config, training options and data), the checkpoint,
 * `model.safetensors`, metrics and figures. `config.json` is written once, before training starts; resuming
 * and the eval/sample/encode/reconstruct commands read it back (strict JSON, every field checked).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseJsonStrict } from '../io/strict-json.js';
import type { ModelConfigBase } from '../models/autoencoder.js';
import type { TrainOptions } from './checkpoint.js';

export const RUN_CONFIG = 'config.json';
export const RUN_FORMAT = 'aekit-run/1';

export interface RunConfig {
  format: string;
  model: ModelConfigBase;
  training: TrainOptions;
  data: { spec: string; trainSize: number | null; testSize: number | null; labelColumn: string | null };
  created: string;
}

/** A run folder that is missing or not usable; the message names the folder and the problem. */
export class RunDirError extends Error {
  constructor(readonly dir: string, problem: string) {
    super(`${dir}: ${problem}`);
    this.name = 'RunDirError';
  }
}

/** `runs/<model>-<data>-<YYYYMMDD-HHMMSS>` (local time). */
export function defaultRunDir(model: string, dataSlug: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return join('runs', `${model}-${dataSlug}-${stamp}`);
}

export async function writeRunConfig(dir: string, config: RunConfig): Promise<void> {
  await writeFileAtomic(join(dir, RUN_CONFIG), `${JSON.stringify(config, null, 2)}\n`);
}

/** Checks that `dir` is a folder holding a readable config.json, and returns the config (model part unvalidated). */
export function readRunConfig(dir: string): RunConfig {
  if (!existsSync(dir)) throw new RunDirError(dir, 'no such run folder');
  if (!statSync(dir).isDirectory()) throw new RunDirError(dir, 'is not a folder (expected a run folder from `aekit train`)');
  const path = join(dir, RUN_CONFIG);
  if (!existsSync(path)) throw new RunDirError(dir, `has no ${RUN_CONFIG}; is it a run folder from \`aekit train\`?`);
  let json: unknown;
  try {
    json = parseJsonStrict(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RunDirError(dir, `${RUN_CONFIG} is not valid JSON (${(err as Error).message})`);
  }
  const c = json as Partial<RunConfig> | null;
  const bad: (what: string) => never = (what) => {
    throw new RunDirError(dir, `${RUN_CONFIG}: ${what}`);
  };
  if (typeof c !== 'object' || c === null || Array.isArray(c)) bad('must be a JSON object');
  if (c.format !== RUN_FORMAT) bad(`format is ${JSON.stringify(c.format)}, expected "${RUN_FORMAT}"`);
  if (typeof c.model !== 'object' || c.model === null) bad('"model" is missing');
  const t = c.training as Partial<TrainOptions> | undefined;
  if (typeof t !== 'object' || t === null) bad('"training" is missing');
  for (const k of ['epochs', 'batchSize', 'seed'] as const) if (!Number.isInteger(t[k]) || t[k]! < 0) bad(`"training.${k}" must be a non-negative integer`);
  for (const k of ['lr', 'clipNorm'] as const) if (typeof t[k] !== 'number' || !Number.isFinite(t[k])) bad(`"training.${k}" must be a finite number`);
  if (typeof t.dropLast !== 'boolean') bad('"training.dropLast" must be true or false');
  const d = c.data;
  if (typeof d !== 'object' || d === null || typeof d.spec !== 'string') bad('"data.spec" is missing');
  for (const k of ['trainSize', 'testSize'] as const) if (d[k] !== null && !(Number.isInteger(d[k]) && d[k]! > 0)) bad(`"data.${k}" must be null or a positive integer`);
  if (d.labelColumn !== null && typeof d.labelColumn !== 'string') bad('"data.labelColumn" must be null or a string');
  return c as RunConfig;
}
