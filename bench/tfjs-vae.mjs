// The peer for `npm run bench`: one training step (forward + backward + Adam) of the 784-512-20 VAE in
// TensorFlow.js, on its `cpu` or `wasm` backend, with the same shapes and loss as aekit's VAE.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Loads TF.js and switches to `backendName`; returns null (with a reason) when it is not installed. */
export async function loadTfjs(backendName) {
  let tf;
  try {
    // The union package registers every op's gradient (tfjs-core alone registers none).
    tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  } catch (err) {
    return { tf: null, reason: `TensorFlow.js not installed (${err.message})` };
  }
  // TF.js prints a banner suggesting tfjs-node, which cannot install here; keep the benchmark output clean.
  const log = console.log;
  console.log = () => {};
  try {
    await tf.setBackend(backendName);
    await tf.ready();
  } finally {
    console.log = log;
  }
  return { tf, reason: null };
}

/** Builds the VAE's variables and returns a `step(x)` function that runs one Adam update and returns the loss. */
export function makeTfjsVaeStep(tf, { input = 784, hidden = 512, latent = 20, lr = 1e-3, seed = 1 } = {}) {
  const glorot = (fanIn, fanOut, s) => tf.variable(tf.randomUniform([fanIn, fanOut], -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)), 'float32', s));
  const zeros = (n) => tf.variable(tf.zeros([n]));
  const v = {
    w1: glorot(input, hidden, seed), b1: zeros(hidden),
    wMu: glorot(hidden, latent, seed + 1), bMu: zeros(latent),
    wLv: glorot(hidden, latent, seed + 2), bLv: zeros(latent),
    w2: glorot(latent, hidden, seed + 3), b2: zeros(hidden),
    w3: glorot(hidden, input, seed + 4), b3: zeros(input),
  };
  const optimizer = tf.train.adam(lr);
  let stepCount = 0;
  return (x) => {
    stepCount++;
    const loss = optimizer.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(x, v.w1), v.b1));
      const mu = tf.add(tf.matMul(h, v.wMu), v.bMu);
      const logVar = tf.add(tf.matMul(h, v.wLv), v.bLv);
      const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', seed + stepCount);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
      const h2 = tf.relu(tf.add(tf.matMul(z, v.w2), v.b2));
      const logits = tf.add(tf.matMul(h2, v.w3), v.b3);
      // Bernoulli NLL from logits: max(l,0) − l·x + log1p(exp(−|l|)), summed over pixels.
      const bce = tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), 1);
      const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 1), 0.5);
      return tf.mean(tf.add(bce, kl));
    }, true);
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
}
