/**
 * The WebAssembly backend in a real browser (Debian's chromium driven by playwright-core): the page imports
 * aekit's compiled modules over HTTP, instantiates the committed .wasm from bytes it fetched, and checks
 * kernels against the JS reference: the single-thread module, then the shared-memory module with one thread and
 * with two (a module Worker joins; the page is served cross-origin isolated, so SharedArrayBuffer exists).
 * Without chromium the test skips, or fails when AEKIT_REQUIRE_BROWSER=1 (CI installs chromium).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, servePackage } from '../testing/browser.js';

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { createWasmBackend } from '/dist/backend/wasm-backend.js';
import { JsBackend } from '/dist/backend/js-backend.js';
import { Generator } from '/dist/tensor/random.js';
async function check(file, shared, threads) {
  const bytes = await (await fetch('/wasm/' + file)).arrayBuffer();
  const be = await createWasmBackend({ wasmBytes: bytes, shared, threads });
  const ref = new JsBackend();
  const gen = new Generator(7);
  // Big enough that the pool splits it across threads.
  const [m, n, k] = [257, 301, 131];
  const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n), c0 = new Float32Array(m * n);
  gen.fillUniform(a, -1, 1); gen.fillUniform(b, -1, 1);
  be.gemm(false, true, m, n, k, 1, a, b, 0, c);
  ref.gemm(false, true, m, n, k, 1, a, b, 0, c0);
  let gemmErr = 0;
  for (let i = 0; i < c.length; i++) gemmErr = Math.max(gemmErr, Math.abs(c[i] - c0[i]));
  const x = be.alloc(1000), y = be.alloc(1000), y0 = new Float32Array(1000);
  gen.fillNormal(x, 0, 3);
  be.unary('sigmoid', x, y); ref.unary('sigmoid', x, y0);
  let unaryErr = 0;
  for (let i = 0; i < y.length; i++) unaryErr = Math.max(unaryErr, Math.abs(y[i] - y0[i]));
  return { file, threads: be.threads, isolated: self.crossOriginIsolated, gemmErr, unaryErr };
}
try {
  window.result = { runs: [await check('aekit-single.wasm', false, 1), await check('aekit.wasm', true, 1), await check('aekit.wasm', true, 2)] };
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script>`;

test('the wasm backend runs in headless chromium: single-thread module, shared memory with 1 and 2 threads', async (t) => {
  if (!existsSync(CHROMIUM)) {
    if (process.env['AEKIT_REQUIRE_BROWSER'] === '1') assert.fail(`AEKIT_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
    t.skip(`no browser at ${CHROMIUM}`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const server = await servePackage(PAGE);
  // playwright starts the browser with a new, empty profile directory of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  }).catch(async (e: unknown) => {
    await server.close();
    throw e;
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/`);
    const result = await page.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result, undefined, { timeout: 30_000 })
      .then((h) => h.jsonValue()) as { error?: string; runs?: { file: string; threads: number; isolated: boolean; gemmErr: number; unaryErr: number }[] };
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(errors, []);
    // One thread on an ordinary memory, then the shared memory with one thread and with two (a module Worker).
    assert.deepEqual(result.runs!.map((r) => [r.file, r.threads]), [['aekit-single.wasm', 1], ['aekit.wasm', 1], ['aekit.wasm', 2]]);
    t.diagnostic(JSON.stringify(result.runs));
    for (const run of result.runs!) {
      assert.equal(run.isolated, true, 'the page is cross-origin isolated');
      assert.ok(run.gemmErr < 1e-4, `${run.file}: gemm differs from the JS reference by ${run.gemmErr}`);
      assert.ok(run.unaryErr < 1e-6, `${run.file}: sigmoid differs from the JS reference by ${run.unaryErr}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
