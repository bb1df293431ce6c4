// `npm run bench:explore [-- --train 5000 --epochs 3 --hidden 512 --threads 2 --hover-only --json]`: the explorer's figures,
// measured in one run on this machine. In headless chromium (Debian's, via playwright-core), on a page served
// by the explorer's own server: hover updates per second under a moving pointer (the live rate, one decode per
// animation frame) and back to back (what the page could sustain), on the threaded module (cross-origin
// isolated) and the single-thread one; then train-here's seconds per epoch for the 784-H-2 VAE on the first N
// MNIST training images, against Node running the same step loop (src/explore/tab-trainer.ts) on the same
// images with the wasm backend and with the native one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createWasmBackend } from '../dist/backend/wasm-backend.js';
import { setBackend } from '../dist/backend/registry.js';
import { useBackend } from '../dist/backend/select.js';
import { loadMnist } from '../dist/data/mnist.js';
import { loadExploreRun } from '../dist/explore/explore-run.node.js';
import { startExploreServer } from '../dist/explore/server.node.js';
import { TabTrainer } from '../dist/explore/tab-trainer.js';
import { buildModel, defaultConfig } from '../dist/models/registry.js';
import { Generator } from '../dist/tensor/random.js';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const asJson = argv.includes('--json');
const cfg = { train: opt('train', 5000), test: 1000, epochs: opt('epochs', 3), hidden: opt('hidden', 512), threads: opt('threads', 2), batch: 100, lr: 1e-3 };
const log = (m) => { if (!asJson) process.stdout.write(`${m}\n`); };
const note = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const CHROMIUM = process.env.AEKIT_CHROMIUM ?? '/usr/bin/chromium';

// A run to explore: the main job's model (784-512-2 VAE) on a 5000-image subset, 2 epochs.
const runDir = join(mkdtempSync(join(tmpdir(), 'aekit-bench-explore-')), 'vae');
note('training a 784-512-2 VAE run to explore…');
execFileSync(process.execPath, [fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)), 'train', '--train-size', '5000', '--epochs', '2', '--out', runDir], { stdio: ['ignore', 'ignore', 'inherit'] });
const run = loadExploreRun(runDir);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });

async function openPage(isolated) {
  const server = await startExploreServer({ run, version: 'bench', crossOriginIsolated: isolated });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(server.url);
  await page.waitForFunction(() => window.aekitExplorer?.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => ({ state: window.aekitExplorer.state, error: window.aekitExplorer.error, backend: window.aekitExplorer.backend, loadSeconds: window.aekitExplorer.loadSeconds }));
  if (state.state !== 'ready') throw new Error(`page failed: ${state.error}`);
  return { server, page, ...state };
}

/**
 * A pointer moving over the map for `ms`: pointermove events dispatched in the page every 4 ms (a 250 Hz mouse;
 * a test driver's own moves arrive far slower), each at a new place. The page decodes once per animation frame
 * for the latest position, so the rate is at most the display's; its own meter is read at the end.
 */
async function liveRate(page, ms) {
  return page.evaluate((duration) => new Promise((resolve) => {
    const canvas = document.querySelector('canvas.latent-map');
    const box = canvas.getBoundingClientRect();
    const stats = window.aekitExplorer.explorer.stats;
    const before = stats.hoverUpdates;
    const t0 = performance.now();
    let moves = 0;
    const timer = setInterval(() => {
      const t = moves * 0.02;
      canvas.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: box.left + box.width * (0.5 + 0.4 * Math.cos(t)), clientY: box.top + box.height * (0.5 + 0.4 * Math.sin(1.3 * t)) }));
      moves += 1;
      const elapsed = performance.now() - t0;
      if (elapsed < duration) return;
      clearInterval(timer);
      resolve({ updatesPerSecond: ((stats.hoverUpdates - before) * 1000) / elapsed, meterLastSecond: window.aekitExplorer.explorer.meter.rate(), pointerEventsPerSecond: (moves * 1000) / elapsed });
    }, 4);
  }), ms);
}

const hover = {};
for (const isolated of [true, false]) {
  const p = await openPage(isolated);
  const live = await liveRate(p.page, 4000);
  const capacity = await p.page.evaluate(() => window.aekitExplorer.explorer.measureCapacity(2000));
  const key = isolated ? 'threaded' : 'singleThread';
  hover[key] = { module: p.backend.file, threads: p.backend.threads, loadSeconds: p.loadSeconds, ...live, capacityPerSecond: capacity };
  log(`hover (${p.backend.file}, ${p.backend.threads} thread${p.backend.threads > 1 ? 's' : ''}): ${live.updatesPerSecond.toFixed(1)} decoded images/s under a moving pointer ` +
    `(page meter ${live.meterLastSecond}/s over the last second; ${live.pointerEventsPerSecond.toFixed(0)} pointer moves/s), ${capacity.toFixed(0)}/s back to back; page ready in ${p.loadSeconds.toFixed(2)} s`);
  await p.page.close();
  await p.server.close();
}

if (argv.includes('--hover-only')) {
  await browser.close();
  if (asJson) process.stdout.write(`${JSON.stringify({ config: cfg, hover })}\n`);
  process.exit(0);
}

// Train here, in the isolated page.
const tab = await openPage(true);
await tab.page.evaluate(() => window.aekitExplorer.show('train'));
for (const [name, value] of [['trainCount', cfg.train], ['epochs', cfg.epochs], ['hidden', cfg.hidden], ['batch', cfg.batch], ['lr', cfg.lr], ['threads', cfg.threads]]) {
  await tab.page.fill(`input[name=${name}]`, String(value));
}
await tab.page.click('button.primary');
await tab.page.waitForFunction(() => ['done', 'error'].includes(window.aekitExplorer.train.stats.state), undefined, { timeout: 600_000, polling: 500 });
const inTab = await tab.page.evaluate(() => window.aekitExplorer.train.stats);
if (inTab.error) throw new Error(`train-here failed: ${inTab.error}`);
await browser.close();
await tab.server.close();

// The same loop, images and config in Node.
const trainData = loadMnist({ split: 'train', limit: cfg.train });
const testData = loadMnist({ split: 'test', limit: cfg.test });
async function nodeEpochs(name) {
  if (name === 'wasm') setBackend(await createWasmBackend({ threads: cfg.threads }));
  else await useBackend('native', { threads: cfg.threads });
  const config = defaultConfig('vae', { inputShape: [1, 28, 28], latentDim: 2, overrides: { hidden: [cfg.hidden] } });
  const trainer = new TabTrainer(buildModel(config, new Generator(0)), trainData, testData, { epochs: cfg.epochs, batchSize: cfg.batch, lr: cfg.lr, seed: 0 });
  const epochs = [];
  while (!trainer.done) {
    const { epoch } = trainer.next();
    if (epoch) epochs.push(epoch);
  }
  return epochs;
}
const node = { wasm: await nodeEpochs('wasm'), native: await nodeEpochs('native').catch((e) => (note(`native: ${e.message}`), null)) };

// Epoch 1 includes V8's tier-up of the wasm code; the median of the later ones is the steady rate.
const steady = (epochs) => median(epochs.slice(epochs.length > 1 ? 1 : 0).map((e) => e.seconds));
const tabSec = steady(inTab.epochs), wasmSec = steady(node.wasm), nativeSec = node.native ? steady(node.native) : null;
log(`train here: 784-${cfg.hidden}-2 VAE, ${cfg.train} MNIST images, batch ${cfg.batch}, ${cfg.threads} threads, seconds per epoch (epochs ${cfg.epochs > 1 ? `2–${cfg.epochs}` : 1}, median):`);
log(`  in the tab (worker, wasm, ${inTab.threads} threads): ${tabSec.toFixed(2)} s   [${inTab.epochs.map((e) => e.seconds.toFixed(2)).join(', ')}]`);
log(`  Node, wasm backend:                ${wasmSec.toFixed(2)} s   [${node.wasm.map((e) => e.seconds.toFixed(2)).join(', ')}]   tab/Node-wasm = ${(tabSec / wasmSec).toFixed(2)}`);
if (nativeSec !== null) log(`  Node, native backend:              ${nativeSec.toFixed(2)} s   [${node.native.map((e) => e.seconds.toFixed(2)).join(', ')}]   tab/Node-native = ${(tabSec / nativeSec).toFixed(2)}`);
log(`  final test loss: tab ${inTab.epochs.at(-1).test.total.toFixed(2)}, Node wasm ${node.wasm.at(-1).test.total.toFixed(2)} nats`);
if (asJson) {
  process.stdout.write(`${JSON.stringify({ config: cfg, hover, train: { tab: inTab.epochs, nodeWasm: node.wasm, nodeNative: node.native, steadySeconds: { tab: tabSec, nodeWasm: wasmSec, nodeNative: nativeSec } } })}\n`);
}
