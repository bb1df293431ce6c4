/**
 * A training process for the kill-and-resume test (not part of the public API):
 * `node train-child.js DIR EPOCHS [resume]` trains the tiny VAE on blobs into DIR, resuming from
 * DIR's checkpoint when asked, and prints the final parameters' SHA-256 on stdout.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Generator } from '../tensor/random.js';
import { CHECKPOINT_FILE, readCheckpoint } from '../train/checkpoint.js';
import { blobs, parameterBytes } from './training.js';
import { TinyVae, tinyVaeConfig, type TinyVaeConfig } from './tiny-vae.js';
import { trainModel } from '../train/trainer.js';

const [dir, epochs, mode] = process.argv.slice(2);
// NOTE: `node --test dist/` also runs this file, without arguments; it then has nothing to do.
if (dir === undefined || epochs === undefined) process.exit(0);
const resume = mode === 'resume' ? readCheckpoint(join(dir, CHECKPOINT_FILE), (c) => c as unknown as TinyVaeConfig) : null;
const model = new TinyVae(tinyVaeConfig([32], 2, 64), new Generator(5));
await trainModel({
  model,
  train: blobs(3000, 32, 1),
  test: blobs(300, 32, 2),
  options: { epochs: Number(epochs), batchSize: 16, lr: 1e-3, lrSchedule: 'constant', seed: 42, clipNorm: 1, dropLast: false },
  runDir: dir,
  resume,
});
process.stdout.write(`${createHash('sha256').update(parameterBytes(model)).digest('hex')}\n`);
