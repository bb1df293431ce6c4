/**
 * A run folder: `config.json` (the resolved model config, training options and data), the checkpoint,
 * `model.safetensors`, metrics and figures. `config.json` is written before training starts (and again when
 * a resume extends the run); resuming and the eval/sample/encode/reconstruct commands read it back (strict
 * JSON, every field checked, the data path absolute so it is shown as it will be read).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { describeIoError, ioErrorCode } from '../io/io-error.js';
import { parseJsonStrict } from '../io/strict-json.js';
import type { ModelConfigBase } from '../models/autoencoder.js';
import { CheckpointStateError, validateTrainOptions, type TrainOptions } from './checkpoint.js';

export const RUN_CONFIG = 'config.json';
export const RUN_FORMAT = 'aekit-run/1';
/** config.json is a few kilobytes; anything past this is not one. */
const MAX_RUN_CONFIG_BYTES = 1 << 20;

export interface RunData {
  /** The `--data` spec with file paths made absolute, e.g. 'mnist' or 'csv:/home/me/points.csv'. */
  spec: string;
  trainSize: number | null;
  testSize: number | null;
  labelColumn: string | null;
  /** CSV data: whether the first row is a header (null: decided by the reader's rule). */
  header: boolean | null;
  /** `trainingDataFingerprint` of the data when the run started (null in folders written before it existed). */
  fingerprint: string | null;
}

export interface RunConfig {
  format: string;
  model: ModelConfigBase;
  training: TrainOptions;
  data: RunData;
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

/** Checks that `dir` is an existing folder (or throws RunDirError saying what it is instead). */
export function requireRunFolder(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if (ioErrorCode(err) === 'ENOENT') throw new RunDirError(dir, 'no such run folder');
    throw new RunDirError(dir, describeIoError(err));
  }
  if (!isDir) throw new RunDirError(dir, 'is a file, not a folder (expected a run folder from `aekit train`)');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed config.json (pure); `bad` reports a problem. The model part is left to the registry. */
export function validateRunConfig(json: unknown, bad: (problem: string) => never): RunConfig {
  if (!isRecord(json)) bad('must be a JSON object');
  for (const k of Object.keys(json)) if (!['format', 'model', 'training', 'data', 'created'].includes(k)) bad(`unknown field "${k}"`);
  if (json['format'] !== RUN_FORMAT) bad(`format is ${JSON.stringify(json['format'])}, expected "${RUN_FORMAT}"`);
  if (!isRecord(json['model'])) bad('"model" is missing');
  try {
    validateTrainOptions(json['training'], 'training');
  } catch (err) {
    if (err instanceof CheckpointStateError) bad(err.message);
    throw err;
  }
  const d = json['data'];
  if (!isRecord(d) || typeof d['spec'] !== 'string' || d['spec'] === '') bad('"data.spec" is missing');
  for (const k of Object.keys(d)) if (!['spec', 'trainSize', 'testSize', 'labelColumn', 'header', 'fingerprint'].includes(k)) bad(`unknown field "data.${k}"`);
  const spec = d['spec'] as string;
  const path = /^(csv|png):(.*)$/s.exec(spec)?.[2];
  if (path !== undefined && !isAbsolute(path)) bad(`"data.spec" must name its file by an absolute path, got a relative one`);
  for (const k of ['trainSize', 'testSize'] as const) if (d[k] !== null && !(Number.isSafeInteger(d[k]) && (d[k] as number) > 0)) bad(`"data.${k}" must be null or a positive integer`);
  if (d['labelColumn'] !== null && typeof d['labelColumn'] !== 'string') bad('"data.labelColumn" must be null or a string');
  const header = d['header'] ?? null;
  if (header !== null && typeof header !== 'boolean') bad('"data.header" must be null, true or false');
  const fingerprint = d['fingerprint'] ?? null;
  if (fingerprint !== null && (typeof fingerprint !== 'string' || fingerprint.length > 200)) bad('"data.fingerprint" must be null or a short string');
  if (typeof json['created'] !== 'string') bad('"created" must be a date string');
  const data: RunData = {
    spec, trainSize: d['trainSize'] as number | null, testSize: d['testSize'] as number | null, labelColumn: d['labelColumn'] as string | null,
    header: header as boolean | null, fingerprint: fingerprint as string | null,
  };
  return { ...(json as unknown as RunConfig), data };
}

/** Checks that `dir` is a folder holding a readable config.json, and returns the config (model part unvalidated). */
export function readRunConfig(dir: string): RunConfig {
  requireRunFolder(dir);
  const path = join(dir, RUN_CONFIG);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_RUN_CONFIG_BYTES) throw new RunDirError(dir, `${RUN_CONFIG} is ${size} bytes, more than a run config can be (${MAX_RUN_CONFIG_BYTES})`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    if (err instanceof RunDirError) throw err;
    if (ioErrorCode(err) === 'ENOENT') throw new RunDirError(dir, `has no ${RUN_CONFIG}; is it a run folder from \`aekit train\`?`);
    if (err instanceof TypeError) throw new RunDirError(dir, `${RUN_CONFIG} is not valid UTF-8 text`);
    throw new RunDirError(dir, `${RUN_CONFIG}: ${describeIoError(err)}`);
  }
  let json: unknown;
  try {
    json = parseJsonStrict(text);
  } catch (err) {
    throw new RunDirError(dir, `${RUN_CONFIG} is ${(err as Error).message.startsWith('not') ? '' : 'invalid: '}${(err as Error).message}`);
  }
  return validateRunConfig(json, (what) => {
    throw new RunDirError(dir, `${RUN_CONFIG}: ${what}`);
  });
}
