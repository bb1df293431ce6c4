/**
 * Test helpers for pages in a real browser: Debian's chromium driven by playwright-core, and a static file
 * server on 127.0.0.1 that serves the page cross-origin isolated (so SharedArrayBuffer and wasm threads exist).
 * Without chromium a test skips, or fails when AEKIT_REQUIRE_BROWSER=1 (CI installs chromium).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env['AEKIT_CHROMIUM'] ?? '/usr/bin/chromium';
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html',
  '.json': 'application/json', '.safetensors': 'application/octet-stream', '.csv': 'text/csv',
};

/** What the server answers: a URL path → the file to send, or the text itself. */
export type Routes = Record<string, { file: string } | { text: string; type: string }>;

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

type Route = Routes[string];

/** Serves exactly `routes` (everything else is a 404) with the headers of a cross-origin-isolated page. */
export function serveRoutes(routes: Routes): Promise<StaticServer> {
  return serveResolved((path) => routes[path]);
}

/**
 * Serves `page` at '/' and the package's own dist/ and wasm/ files beside it (what a page that imports aekit's
 * compiled modules needs), cross-origin isolated; everything else is a 404.
 */
export function servePackage(page: string): Promise<StaticServer> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return serveResolved((urlPath) => {
    if (urlPath === '/' || urlPath === '/index.html') return { text: page, type: 'text/html' };
    const path = normalize(decodeURIComponent(urlPath));
    const file = join(root, path);
    return (path.startsWith('/dist/') || path.startsWith('/wasm/')) && file.startsWith(root) ? { file } : undefined;
  });
}

async function serveResolved(resolve: (path: string) => Route | undefined): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const route = resolve(new URL(req.url ?? '/', 'http://localhost').pathname);
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (req.url === '/favicon.ico') {
      res.writeHead(204, headers).end(); // asked by every page; not a missing file of ours
      return;
    }
    if (route === undefined || ('file' in route && !existsSync(route.file))) {
      res.writeHead(404, headers).end();
      return;
    }
    const [type, body] = 'file' in route
      ? [CONTENT_TYPES[extname(route.file)] ?? 'application/octet-stream', readFileSync(route.file)]
      : [route.type, route.text];
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Headless chromium with a fresh profile, or null after marking the test skipped when there is none. */
export async function launchChromium(t: TestContext): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    if (process.env['AEKIT_REQUIRE_BROWSER'] === '1') assert.fail(`AEKIT_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
    t.skip(`no browser at ${CHROMIUM}`);
    return null;
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Opens `url` and waits for the page to set `window.result`; returns it, failing on any uncaught page error.
 * A page reports its own failure as `{ error }`.
 */
export async function pageResult<T>(browser: Browser, url: string, timeoutMs = 60_000): Promise<T> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  const result = await page.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result, undefined, { timeout: timeoutMs })
    .then((h) => h.jsonValue()) as T & { error?: string };
  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(errors, []);
  return result;
}
