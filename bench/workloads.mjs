// The training steps the benchmarks time, built through aekit's own model registry exactly as `aekit train`
// builds them: the 784-512-20 MLP VAE, the conv VAE (`--arch conv` defaults: conv 32/64, dense 512) and the AAE
// with its default 1000-1000 networks, each one step of forward + backward + Adam at batch 128.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, process.env.AEKIT_DIST ?? 'dist');
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);

export const ae = await load('index.js');
export const { useBackend } = await load('backend/select.js');
export const { backend } = await load('backend/registry.js');
const { defaultConfig, buildModel } = await load('models/registry.js');

export const BATCH = 128;

/** The workloads by name: what `aekit train` builds for them (input shape and config overrides). */
export const WORKLOADS = {
  'mlp-vae': { model: 'vae', inputShape: [784], latentDim: 20, overrides: { hidden: [512] }, label: 'VAE 784-512-20 (MLP)' },
  'conv-vae': { model: 'vae', inputShape: [1, 28, 28], latentDim: 20, overrides: { arch: 'conv' }, label: 'VAE conv 32/64, dense 512' },
  aae: { model: 'aae', inputShape: [784], latentDim: 2, overrides: {}, label: 'AAE 784-1000-1000-2, D 1000-1000' },
};

/** A fresh model of the workload (seeded) with one Adam per optimizer group, and `step(x)` doing one update. */
export function makeStep(name, seed = 1) {
  const w = WORKLOADS[name];
  const config = defaultConfig(w.model, { inputShape: w.inputShape, latentDim: w.latentDim, overrides: w.overrides });
  const model = buildModel(config, new ae.Generator(seed));
  const groups = model.optimizerGroups?.() ?? new Map([['main', model.parameters()]]);
  const optimizers = new Map([...groups].map(([k, params]) => [k, new ae.optim.Adam(params, { lr: 1e-3 })]));
  let count = 0;
  const step = (x) => {
    const gen = new ae.Generator(1000 + count);
    if (model.trainStep) {
      model.trainStep({ x, labels: null }, { gen, optimizers, step: count++, epoch: 0 });
      return;
    }
    count++;
    const opt = optimizers.get('main');
    opt.zeroGrad();
    ae.backward(model.loss({ x, labels: null }, gen).total);
    opt.step();
  };
  return { model, step, inputShape: w.inputShape };
}

/** A batch of `n` images from `images` (flat, 784 per image) in the workload's input shape. */
export function batchOf(images, start, n, inputShape) {
  return ae.tensor(images.subarray(start * 784, (start + n) * 784), [n, ...inputShape]);
}

/**
 * The GEMMs one call of `fn` makes through the active backend, as [transA, transB, m, n, k, beta] lists, and a
 * function that replays just those GEMMs on operands of the same sizes (the step's "own GEMMs, run alone").
 */
export function recordGemms(fn) {
  const be = backend();
  const calls = [];
  const gemm = be.gemm;
  be.gemm = function recorded(tA, tB, m, n, k, alpha, a, b, beta, c) {
    calls.push([tA, tB, m, n, k, beta]);
    return gemm.call(this, tA, tB, m, n, k, alpha, a, b, beta, c);
  };
  try {
    fn();
  } finally {
    delete be.gemm; // back to the prototype's method
  }
  const gen = new ae.Generator(3);
  const operands = calls.map(([, , m, n, k]) => {
    const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n);
    gen.fillUniform(a, -1, 1);
    gen.fillUniform(b, -1, 1);
    return [a, b, c];
  });
  const flop = calls.reduce((s, [, , m, n, k]) => s + 2 * m * n * k, 0);
  const replay = () => {
    for (let i = 0; i < calls.length; i++) {
      const [tA, tB, m, n, k, beta] = calls[i];
      const [a, b, c] = operands[i];
      be.gemm(tA, tB, m, n, k, 1, a, b, beta, c);
    }
  };
  return { calls, flop, replay };
}
