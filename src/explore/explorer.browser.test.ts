/**
 * The explorer in a real browser (Debian's chromium via playwright-core), started as users start it
 * (`aekit explore RUN`) on runs that `aekit train` wrote: the page loads the run onto its wasm backend, a
 * hover decodes, a drawn digit encodes to the posterior Node computes, two pins interpolate, train-here lowers
 * the loss and downloads a model file Node reads; a wide conditional model gets sliders and a class selector,
 * an AAE its prior. Every state's screenshot is checked for content. Without chromium the tests skip (or fail
 * when AEKIT_REQUIRE_BROWSER=1, as in CI).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { noGrad } from '../autograd/grad-mode.js';
import { loadMnist } from '../data/mnist.js';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.js';
import { Tensor } from '../tensor/tensor.js';
import { launchChromium } from '../testing/browser.js';
import { screenshotContent, startExplorer, trainRun, type RunningExplorer } from '../testing/explore-runs.js';
import { tempDir } from '../testing/training.js';
import { loadExploreRun } from './explore-run.node.js';
import { startExploreServer } from './server.node.js';
import { TabTrainer } from './tab-trainer.js';

interface Stats {
  hoverUpdates: number;
  lastDecodedSum: number;
  lastCode: number[];
  drawn: { pixels: number[]; code: number[]; variance: number[] | null; reconstructionSum: number } | null;
  strips: { latent: number; pixel: number } | null;
  priorShown: number;
}

interface TrainStats {
  state: string;
  error: string | null;
  threads: number;
  mapUpdates: number;
  epochs: { epoch: number; seconds: number; train: Record<string, number>; test: Record<string, number> | null }[];
}

/** What the page publishes (web/src/main.ts); the callbacks below run in the page. */
declare const window: {
  aekitExplorer: {
    state: string;
    error: string | null;
    backend: { threads: number; isolated: boolean } | null;
    explorer: { stats: Stats; measureCapacity(ms: number): number } | null;
    train: { stats: TrainStats } | null;
  };
};

// The few DOM names the page callbacks below use (this file compiles with Node's types).
declare const document: { querySelector(selector: string): { textContent: string | null; dispatchEvent(event: unknown): boolean } | null };
declare class DataTransfer { items: { add(file: unknown): void } }
declare class DragEvent { constructor(type: string, init: { dataTransfer: DataTransfer; bubbles: boolean; cancelable: boolean }) }

const runs: Record<'vae' | 'cvae' | 'aae', string> = { vae: '', cvae: '', aae: '' };
let browser: Browser | null = null;
const explorers: RunningExplorer[] = [];

before(async () => {
  [runs.vae, runs.cvae, runs.aae] = await Promise.all([
    trainRun('vae', ['--model', 'vae', '--latent', '2', '--hidden', '64']),
    trainRun('cvae', ['--model', 'cvae', '--latent', '8', '--hidden', '64']),
    trainRun('aae', ['--model', 'aae', '--latent', '2', '--hidden', '64']),
  ]);
});
after(async () => {
  await browser?.close();
  for (const e of explorers) await e.stop();
});

/** Opens the page at `url` and waits until it is ready (or failed, which fails the test). */
async function openUrl(t: TestContext, url: string): Promise<{ page: Page; errors: string[] } | null> {
  browser ??= await launchChromium(t);
  if (browser === null) return null;
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.aekitExplorer?.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => ({ state: window.aekitExplorer.state, error: window.aekitExplorer.error }));
  assert.equal(state.error, null);
  assert.equal(state.state, 'ready');
  return { page, errors };
}

/** `aekit explore ARGS…` and its page. */
async function open(t: TestContext, args: string[]): Promise<{ page: Page; errors: string[] } | null> {
  browser ??= await launchChromium(t);
  if (browser === null) return null;
  const explorer = await startExplorer(args);
  explorers.push(explorer);
  return openUrl(t, explorer.url);
}

async function hoverOnce(page: Page, x = 0.5, y = 0.5): Promise<Stats> {
  const before = (await stats(page)).hoverUpdates;
  const map = (await page.locator('canvas.latent-map').boundingBox())!;
  await page.mouse.move(map.x + map.width * x, map.y + map.height * y);
  await page.mouse.move(map.x + map.width * x + 3, map.y + map.height * y + 2);
  await page.waitForFunction((n) => window.aekitExplorer.explorer!.stats.hoverUpdates > n, before);
  return stats(page);
}

const stats = (page: Page): Promise<Stats> => page.evaluate(() => window.aekitExplorer.explorer!.stats);

async function assertShows(page: Page, selector: string, what: string): Promise<void> {
  const { inked, levels } = await screenshotContent(await page.locator(selector).first().screenshot());
  assert.ok(inked > 0.02 && levels > 8, `${what}: the screenshot looks blank (${(100 * inked).toFixed(1)} % inked, ${levels} grey levels)`);
}

function nodeDecodeSum(model: Autoencoder, code: number[], label: number | null): number {
  const labels = model.capabilities.conditional ? new Tensor(Float32Array.from([label ?? 0]), [1]) : null;
  return noGrad(() => model.decode(new Tensor(Float32Array.from(code), [1, code.length]), labels)).toFloat32Array().reduce((a, b) => a + b, 0);
}

test('explorer: loads a run onto the wasm backend; a hover decodes what Node decodes; a drawn digit encodes to its posterior; two pins interpolate', async (t) => {
  const opened = await open(t, [runs.vae]);
  if (opened === null) return;
  const { page, errors } = opened;
  const backend = await page.evaluate(() => window.aekitExplorer.backend!);
  assert.equal(backend.isolated, true, 'the server makes the page cross-origin isolated');
  assert.ok(backend.threads >= 1);
  await assertShows(page, '.map-frame', 'the latent map');
  assert.equal(await page.locator('.legend li').count(), 10);
  assert.deepEqual(await page.locator('.legend li').allInnerTexts(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

  // Hover: a path across the map; every frame decodes the latest point.
  const map = (await page.locator('canvas.latent-map').boundingBox())!;
  for (let i = 0; i <= 20; i++) await page.mouse.move(map.x + map.width * (0.3 + 0.02 * i), map.y + map.height * (0.6 - 0.01 * i));
  await page.waitForFunction(() => window.aekitExplorer.explorer!.stats.hoverUpdates > 0);
  const hovered = await stats(page);
  const model = loadModel(new Uint8Array(readFileSync(join(runs.vae, 'model.safetensors'))));
  model.eval();
  assert.equal(hovered.lastCode.length, 2);
  assert.ok(Math.abs(hovered.lastDecodedSum - nodeDecodeSum(model, hovered.lastCode, null)) < 1e-2, 'the page decodes as Node does');
  await assertShows(page, 'canvas[aria-label="decoded image under the pointer"]', 'the decoded image');

  // Draw a "1": a vertical stroke.
  const pad = (await page.locator('canvas.draw-pad').boundingBox())!;
  await page.mouse.move(pad.x + pad.width / 2, pad.y + 30);
  await page.mouse.down();
  for (let y = 30; y < pad.height - 30; y += 8) await page.mouse.move(pad.x + pad.width / 2 + 2, pad.y + y);
  await page.mouse.up();
  await page.waitForFunction(() => window.aekitExplorer.explorer!.stats.drawn !== null);
  const drawn = (await stats(page)).drawn!;
  assert.ok(drawn.pixels.some((p) => p > 0.5), 'the stroke reached the 28 × 28 image');
  assert.ok(isVariational(model));
  const q = noGrad(() => model.posterior(new Tensor(Float32Array.from(drawn.pixels), [1, 1, 28, 28])));
  q.mu.toFloat32Array().forEach((m, j) => assert.ok(Math.abs(m - drawn.code[j]!) < 1e-3, `μ[${j}]: page ${drawn.code[j]}, Node ${m}`));
  q.logVar.toFloat32Array().forEach((lv, j) => assert.ok(Math.abs(Math.exp(lv) - drawn.variance![j]!) < 1e-3, `σ²[${j}]`));
  await assertShows(page, 'canvas[aria-label="reconstruction of the drawn image"]', 'the reconstruction');

  // Drop a photo-like PNG of a test digit (dark ink on white paper, 4× larger): it is inverted, framed and encoded.
  const digit = loadMnist({ split: 'test', limit: 1 }).images;
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 112, height: 112 });
  for (let y = 0; y < 112; y++) for (let x = 0; x < 112; x++) {
    const v = 255 - Math.round(255 * digit[Math.floor(y / 4) * 28 + Math.floor(x / 4)]!);
    png.data.set([v, v, v, 255], 4 * (y * 112 + x));
  }
  const drop = (base64: string, name: string, type: string) => page.evaluate(([b64, fileName, mime]) => {
    const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], fileName!, { type: mime! }));
    document.querySelector('canvas.draw-pad')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [base64, name, type]);
  await drop(PNG.sync.write(png).toString('base64'), 'seven.png', 'image/png');
  await page.waitForFunction(() => document.querySelector('.draw-frame')!.textContent!.includes('seven.png'));
  const dropped = (await stats(page)).drawn!;
  const ink = dropped.pixels.filter((p) => p > 0.5).length;
  assert.ok(ink > 40 && ink < 300, `the dropped digit came through inverted and framed: ${ink} of 784 pixels lit`);
  const qd = noGrad(() => model.posterior(new Tensor(Float32Array.from(dropped.pixels), [1, 1, 28, 28]))).mu.toFloat32Array();
  qd.forEach((m, j) => assert.ok(Math.abs(m - dropped.code[j]!) < 1e-3));
  await drop(Buffer.from('not an image').toString('base64'), 'notes.txt', 'text/plain');
  await page.waitForFunction(() => document.querySelector('.draw-frame')!.textContent!.includes('notes.txt is not an image'));

  // Two pins: the strips.
  await page.mouse.click(map.x + map.width * 0.3, map.y + map.height * 0.3);
  await page.mouse.click(map.x + map.width * 0.7, map.y + map.height * 0.7);
  await page.waitForFunction(() => window.aekitExplorer.explorer!.stats.strips !== null);
  const strips = (await stats(page)).strips!;
  assert.ok(strips.latent > 0 && strips.pixel > 0);
  await assertShows(page, 'canvas.strips', 'the interpolation strips');
  await assertShows(page, '.run-panel', 'the run panel');
  assert.ok(await page.locator('.figures img').count() >= 3, 'the run’s figures are shown');

  const rate = await page.evaluate(() => window.aekitExplorer.explorer!.measureCapacity(500));
  t.diagnostic(`hover decode + draw capacity in headless chromium: ${rate.toFixed(0)} updates/s (${backend.threads} threads)`);
  assert.ok(rate > 0);
  assert.deepEqual(errors, []);
});

test('explorer: train-here trains a 2-D VAE in the tab, the loss falls, the map follows, and the downloaded model file is one Node reads', async (t) => {
  const opened = await open(t, []);
  if (opened === null) return;
  const { page, errors } = opened;
  assert.equal(await page.locator('.train').isVisible(), true, 'without a run the page opens on train-here');
  await page.fill('input[name=trainCount]', '1000');
  await page.fill('input[name=epochs]', '3');
  await page.fill('input[name=hidden]', '64');
  await page.fill('input[name=lr]', '0.003');
  await page.click('button.primary');
  await page.waitForFunction(() => ['done', 'error'].includes(window.aekitExplorer.train!.stats.state), undefined, { timeout: 120_000 });
  const trained = await page.evaluate(() => window.aekitExplorer.train!.stats);
  assert.equal(trained.error, null);
  assert.equal(trained.epochs.length, 3);
  assert.equal(trained.mapUpdates, 3);
  const tests = trained.epochs.map((e) => e.test!['total']!);
  assert.ok(tests[2]! < tests[0]!, `test loss per epoch: ${tests.join(', ')}`);
  t.diagnostic(`in-tab epochs (1000 images, 784-64-2 VAE, ${trained.threads} threads): ${trained.epochs.map((e) => e.seconds.toFixed(2)).join(', ')} s`);
  await assertShows(page, '.loss-chart', 'the loss curve');
  await assertShows(page, '.train-map .map-frame', 'the in-tab latent map');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=download model')]);
  const path = join(tempDir('aekit-explore-dl-'), 'model.safetensors');
  await download.saveAs(path);
  const model = loadModel(new Uint8Array(readFileSync(path)), { source: path });
  assert.equal(model.config.model, 'vae');
  assert.equal(model.config.latentDim, 2);
  // Node scores the downloaded weights on the same test images as the page did after the last epoch.
  const test = loadMnist({ split: 'test', limit: 1000 });
  const nodeTest = new TabTrainer(model, test, test, { epochs: 1, batchSize: 100, lr: 1e-3, seed: 0 }).evaluate()!;
  assert.ok(Math.abs(nodeTest['total']! - tests[2]!) < 1e-2 * Math.abs(tests[2]!), `Node ${nodeTest['total']}, page ${tests[2]}`);
  assert.deepEqual(errors, []);

  // The downloaded file opens in the explorer itself (shown on MNIST's test split).
  const again = await open(t, [path, '--points', '300']);
  const decoded = await hoverOnce(again!.page);
  assert.ok(Math.abs(decoded.lastDecodedSum - nodeDecodeSum(model, decoded.lastCode, null)) < 1e-2);
  assert.deepEqual(again!.errors, []);
});

test('explorer: a wide conditional code gets the PCA plane, sliders and a class selector; an AAE shows its prior', async (t) => {
  const opened = await open(t, [runs.cvae]);
  if (opened === null) return;
  const { page, errors } = opened;
  assert.equal(await page.locator('.sliders input[type=range]').count(), 6, 'one slider per component beyond the plane');
  assert.match(await page.locator('.map-frame').innerText(), /0/);
  const as0 = await hoverOnce(page);
  await page.selectOption('select[aria-label="class to decode"]', '7');
  await page.waitForFunction((n) => window.aekitExplorer.explorer!.stats.hoverUpdates > n, as0.hoverUpdates);
  const as7 = await stats(page);
  assert.deepEqual(as7.lastCode, as0.lastCode, 'the same code');
  assert.notEqual(as7.lastDecodedSum, as0.lastDecodedSum, 'decoded as another class');
  const model = loadModel(new Uint8Array(readFileSync(join(runs.cvae, 'model.safetensors'))));
  model.eval();
  assert.ok(Math.abs(as7.lastDecodedSum - nodeDecodeSum(model, as7.lastCode, 7)) < 1e-2);
  await page.locator('.sliders input[type=range]').first().fill('1');
  await page.waitForFunction((n) => window.aekitExplorer.explorer!.stats.hoverUpdates > n, as7.hoverUpdates);
  const slid = await stats(page);
  assert.notDeepEqual(slid.lastCode, as7.lastCode, 'a slider moves the full code off the plane');
  assert.equal(slid.lastCode.length, 8);
  await assertShows(page, '.explore', 'the wide-code explorer');
  assert.deepEqual(errors, []);

  const aae = await open(t, [runs.aae]);
  if (aae === null) return;
  assert.equal((await stats(aae.page)).priorShown, 2000, 'an AAE draws its prior under the codes');
  await assertShows(aae.page, '.map-frame', 'the AAE map with its prior');
  assert.deepEqual(aae.errors, []);
});

test('explorer: a page that is not cross-origin isolated runs the single-thread module, and decodes the same', async (t) => {
  const server = await startExploreServer({ run: loadExploreRun(runs.vae, 300), version: 'test', crossOriginIsolated: false });
  try {
    const opened = await openUrl(t, server.url);
    if (opened === null) return;
    const backend = await opened.page.evaluate(() => window.aekitExplorer.backend!);
    assert.equal(backend.isolated, false);
    assert.equal(backend.threads, 1);
    const hovered = await hoverOnce(opened.page, 0.4, 0.6);
    const model = loadModel(new Uint8Array(readFileSync(join(runs.vae, 'model.safetensors'))));
    model.eval();
    assert.ok(Math.abs(hovered.lastDecodedSum - nodeDecodeSum(model, hovered.lastCode, null)) < 1e-2);
    await assertShows(opened.page, '.map-frame', 'the latent map (single-thread module)');
    assert.deepEqual(opened.errors, []);
  } finally {
    await server.close();
  }
});
