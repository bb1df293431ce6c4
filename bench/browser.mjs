// The MLP VAE training step in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), on the
// wasm backend with the same module as Node's (aekit.wasm: shared memory, worker threads; the page is served
// cross-origin isolated so SharedArrayBuffer exists) and, for comparison, the relaxed-SIMD build.
import { existsSync } from 'node:fs';
import { CHROMIUM, servePackage } from '../dist/testing/browser.js';

export { CHROMIUM };

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { createWasmBackend } from '/dist/backend/wasm-backend.js';
import { setBackend } from '/dist/backend/registry.js';
import { defaultConfig, buildModel } from '/dist/models/registry.js';
import { Adam } from '/dist/optim/adam.js';
import { backward } from '/dist/autograd/backward.js';
import { uniform } from '/dist/ops/random.js';
import { Generator } from '/dist/tensor/random.js';
const steps = {};
async function prepare(file, threads) {
  const be = await createWasmBackend({ wasmBytes: await (await fetch('/wasm/' + file)).arrayBuffer(), shared: true, threads });
  setBackend(be);
  const model = buildModel(defaultConfig('vae', { inputShape: [784], latentDim: 20, overrides: { hidden: [512] } }), new Generator(1));
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const x = uniform(new Generator(2), [128, 784]);
  let n = 0;
  const step = () => { opt.zeroGrad(); backward(model.loss({ x, labels: null }, new Generator(1000 + n++)).total); opt.step(); };
  steps[file] = { be, step };
  return { threads: be.threads, isa: be.isa, isolated: self.crossOriginIsolated };
}
window.aekitBench = {
  prepare,
  time(file, warmup, reps) {
    const { be, step } = steps[file];
    setBackend(be);
    for (let i = 0; i < warmup; i++) step();
    const ms = [];
    for (let i = 0; i < reps; i++) { const t0 = performance.now(); step(); ms.push(performance.now() - t0); }
    return ms;
  },
};
window.ready = true;
</script>`;


/** A page ready to time the step with `threads` kernel threads, or null with the reason. */
export async function browserPeer(threads) {
  if (!existsSync(CHROMIUM)) return { peer: null, reason: `no browser at ${CHROMIUM} (apt-get install chromium, or AEKIT_CHROMIUM=path)` };
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { peer: null, reason: 'playwright-core is not installed (npm install)' };
  }
  const server = await servePackage(PAGE);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM, timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    }); // playwright gives the browser a new, empty profile directory of its own
  } catch (err) {
    await server.close();
    return { peer: null, reason: `chromium did not start: ${String(err.message).split('\n')[0]}` };
  }
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.ready === true, undefined, { timeout: 60_000 });
  const modules = {};
  for (const file of ['aekit.wasm', 'aekit-relaxed.wasm']) {
    try {
      modules[file] = await page.evaluate(([f, t]) => window.aekitBench.prepare(f, t), [file, threads]);
    } catch (err) {
      modules[file] = { error: String(err.message).split('\n')[0] };
    }
  }
  return {
    peer: {
      version: browser.version(),
      modules,
      errors,
      /** Per-step milliseconds in the page with `file`'s module. */
      time: (file, warmup, reps) => page.evaluate(([f, w, r]) => window.aekitBench.time(f, w, r), [file, warmup, reps]),
      close: async () => { await browser.close(); await server.close(); },
    },
  };
}
