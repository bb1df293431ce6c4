/**
 * aekit in a web page: the platform-free core, bundled for the browser, trains a small VAE on a synthetic
 * 2-D mixture on the WebAssembly backend (threaded when the page is cross-origin isolated) and draws samples.
 * Build and serve (from the repository root, or with the package in node_modules):
 *   npx esbuild examples/browser/main.ts --bundle --format=esm --outfile=examples/browser/main.js
 *   copy node_modules/aekit/wasm/*.wasm and node_modules/aekit/dist/backend/wasm-worker.js to examples/browser/aekit/
 *   serve examples/browser/ with the headers Cross-Origin-Opener-Policy: same-origin and
 *   Cross-Origin-Embedder-Policy: require-corp (for threads; without them it runs single-threaded)
 */
import { buildModel, data, defaultConfig, Generator, MiniBatches, noGrad, optim, setWasmPaths, takeRows, Tensor, useBackend } from 'aekit';

const log = (line: string): void => {
  document.querySelector('#log')!.textContent += `${line}\n`;
};

async function run(): Promise<{ backend: string; threads: number; losses: number[]; samples: number[][] }> {
  setWasmPaths(new URL('./aekit/', location.href));
  const backend = await useBackend();
  log(`backend: ${backend.name}, ${backend.threads} thread(s)`);
  const points = data.gaussianMixture2d({ count: 512, components: 4, radius: 2, std: 0.3, seed: 0 });
  const config = defaultConfig('vae', { inputShape: [2], latentDim: 2, overrides: { hidden: [32], decoder: 'gaussian' } });
  const model = buildModel(config, new Generator(0));
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const x = new Tensor(points.images, [points.count, 2]);
  const batches = new MiniBatches(points.count, 64, { gen: new Generator(1) });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 8; epoch++) {
    let sum = 0;
    for (const [s, idx] of batches.batches(epoch).entries()) {
      opt.zeroGrad();
      const { total } = model.loss({ x: takeRows(x, idx), labels: null }, new Generator(epoch * 1000 + s));
      total.backward();
      opt.step();
      sum += total.item() * idx.length;
    }
    losses.push(sum / points.count);
    log(`epoch ${epoch + 1}: −ELBO ${losses.at(-1)!.toFixed(3)}`);
  }
  const samples = noGrad(() => model.sample(200, new Generator(2))).toArray() as number[][];
  const canvas = document.querySelector('canvas')!;
  const ctx = canvas.getContext('2d')!;
  for (const [px, py] of samples) ctx.fillRect(150 + px! * 40, 150 - py! * 40, 2, 2);
  return { backend: backend.name, threads: backend.threads, losses, samples };
}

const w = window as unknown as { result?: unknown };
run().then((r) => { w.result = r; }, (e: unknown) => { w.result = { error: String((e as Error)?.stack ?? e) }; });
