/**
 * A training process for the kill-and-resume tests and campaigns (not part of the public API):
 *   node train-child.js DIR EPOCHS [resume] [--kill-at FILE:POINT:EPOCH] [--samples N]
 * trains the tiny VAE on blobs into DIR (resuming from DIR's checkpoint when asked) and prints the SHA-256
 * of the final parameters and of every optimizer buffer on stdout.
 * `--kill-at model.safetensors:during:2` sends itself SIGKILL while writing that file at the end of epoch 2:
 * POINT is `before` (nothing of the file written), `during` (the temporary file half written) or `after`
 * (renamed into place), so a test can stop the epoch-end sequence at any step.
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { writeFileAtomic, type AsyncFileContents } from '../io/atomic-write.js';
import { Generator } from '../tensor/random.js';
import { CHECKPOINT_FILE, readCheckpoint } from '../train/checkpoint.js';
import { blobs, parameterBytes } from './training.js';
import { TinyVae, tinyVaeConfig, type TinyVaeConfig } from './tiny-vae.js';
import { trainModel, type FileWriter } from '../train/trainer.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const killAt = flag('--kill-at');
const samples = Number(flag('--samples') ?? 3000);
const [dir, epochs, mode] = args;
// NOTE: `node --test dist/` also runs this file, without arguments; it then has nothing to do.
if (dir === undefined || epochs === undefined) process.exit(0);

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

/** writeFileAtomic, with a SIGKILL at the chosen point of the chosen write. */
function killingWriter(spec: string | undefined): FileWriter {
  if (spec === undefined) return writeFileAtomic;
  const [file, point, epochText] = spec.split(':') as [string, 'before' | 'during' | 'after', string];
  let seen = 0;
  return async (path: string, contents: AsyncFileContents) => {
    if (basename(path) !== file || ++seen !== Number(epochText)) return writeFileAtomic(path, contents);
    if (point === 'before') die();
    if (point === 'after') {
      await writeFileAtomic(path, contents);
      die();
    }
    const chunks = typeof contents === 'string' ? [new TextEncoder().encode(contents)] : contents instanceof Uint8Array ? [contents] : contents;
    async function* halfThenDie(): AsyncIterable<Uint8Array> {
      for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
        yield chunk.subarray(0, Math.ceil(chunk.length / 2));
        // Give the half chunk time to reach the temporary file, then die mid-write.
        await new Promise((r) => setTimeout(r, 5));
        die();
      }
    }
    return writeFileAtomic(path, halfThenDie());
  };
}

const resume = mode === 'resume' ? readCheckpoint(join(dir, CHECKPOINT_FILE), (c) => c as unknown as TinyVaeConfig) : null;
const model = new TinyVae(tinyVaeConfig([32], 2, 64), new Generator(5));
const { optimizers } = await trainModel({
  model,
  train: blobs(samples, 32, 1),
  test: blobs(300, 32, 2),
  options: { epochs: Number(epochs), batchSize: 16, lr: 1e-3, lrSchedule: 'constant', seed: 42, clipNorm: 1, dropLast: false },
  runDir: dir,
  resume,
  writeFile: killingWriter(killAt),
});
const hash = createHash('sha256').update(parameterBytes(model));
for (const [, opt] of optimizers) for (const [, t] of opt.stateDict().tensors) hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
process.stdout.write(`${hash.digest('hex')}\n`);
