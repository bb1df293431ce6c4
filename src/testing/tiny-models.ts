/** Tiny models of every kind, and run folders holding them, for the export and serve tests. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS } from '../models/blocks/config-fields.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { saveModel } from '../models/model-io.node.js';
import { buildModel, defaultConfig, describeModelOptions, MODEL_NAMES } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { RUN_FORMAT, writeRunConfig } from '../train/run-dir.js';
import { MODEL_FILE } from '../train/trainer.js';

export interface TinyModel {
  label: string;
  model: Autoencoder;
}

const CLASSES = 3;

/** A model `name` with small networks; options the model does not have are left out. */
export function tinyModel(name: string, inputShape: number[], options: Record<string, unknown> = {}, seed = 1): Autoencoder {
  const keys = new Set(describeModelOptions(name).map((o) => o.key));
  const wanted: Record<string, unknown> = { hidden: [7], convChannels: [3, 4], discriminatorHidden: [5], ...options };
  const overrides = Object.fromEntries(Object.entries(wanted).filter(([k]) => keys.has(k)));
  const model = buildModel(defaultConfig(name, { inputShape, latentDim: 2, numClasses: CLASSES, overrides }), new Generator(seed));
  return model.eval();
}

/**
 * Every registered model that declares its networks (`structure`) as an MLP on 12 values and, where it has a conv
 * architecture, on 1×7×7 images (odd sizes exercise the decoder's output padding); every activation; both Gaussian
 * decoders; a 3-channel conv VAE.
 */
export function tinyModels(): TinyModel[] {
  const out: TinyModel[] = [];
  for (const name of MODEL_NAMES) {
    const mlp = tinyModel(name, [12]);
    // The exports rebuild the networks a model declares; one that declares none (hvae) is refused, tested on its own.
    if (mlp.structure === undefined) continue;
    out.push({ label: `${name} mlp`, model: mlp });
    if (describeModelOptions(name).some((o) => o.key === 'arch')) out.push({ label: `${name} conv`, model: tinyModel(name, [1, 7, 7], { arch: 'conv' }) });
  }
  for (const activation of ACTIVATIONS) out.push({ label: `ae mlp ${activation}`, model: tinyModel('ae', [12], { activation, hidden: [6, 5] }) });
  out.push({ label: 'ae conv elu', model: tinyModel('ae', [1, 8, 8], { arch: 'conv', activation: 'elu' }) });
  out.push({ label: 'vae gaussian learned', model: tinyModel('vae', [12], { decoder: 'gaussian', decoderVariance: 'learned' }) });
  out.push({ label: 'vae conv rgb gaussian learned', model: tinyModel('vae', [3, 6, 5], { arch: 'conv', decoder: 'gaussian', decoderVariance: 'learned' }) });
  out.push({ label: 'ae gaussian fixed', model: tinyModel('ae', [12], { decoder: 'gaussian', decoderSigma: 0.5 }) });
  return out;
}

/** n random inputs for `model` in [0, 1), and labels in 0..K−1 where it takes them. */
export function randomInputs(model: Autoencoder, n: number, seed: number): { x: Tensor; labels: Tensor | null } {
  const gen = new Generator(seed);
  const shape = [n, ...model.config.inputShape];
  const x = new Tensor(gen.fillUniform(new Float32Array(shape.reduce((p, d) => p * d, 1))), shape);
  const k = model.capabilities.numClasses;
  const labels = k > 0 ? new Tensor(Float32Array.from({ length: n }, () => gen.nextInt(k)), [n]) : null;
  return { x, labels };
}

/** The largest |a − b| over two equally long arrays (NaN anywhere counts as Infinity). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(Number(a[i]) - Number(b[i]));
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

/** A run folder in `dir` as `aekit train` leaves it, holding `model` (config.json and the model file). */
export async function tinyRunDir(model: Autoencoder, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await writeRunConfig(dir, {
    format: RUN_FORMAT, model: model.config, created: new Date(0).toISOString(),
    training: { epochs: 1, batchSize: 8, lr: 1e-3, seed: 0, clipNorm: 0, dropLast: false, lrSchedule: 'constant' },
    data: { spec: 'swiss-roll', trainSize: 8, testSize: 8, labelColumn: null, header: null, fingerprint: null },
  });
  await saveModel(join(dir, MODEL_FILE), model);
  return dir;
}
