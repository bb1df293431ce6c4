/**
 * The inference service: a Fastify app around one model. Fastify brings what a service must not get wrong —
 * a body limit enforced while the body streams in (413), JSON parsed without prototype poisoning, content
 * types (JSON, PNG; others 415), and a `close()` that stops accepting connections, answers new requests on
 * open ones with 503, and waits for the requests in flight. aekit adds the checks of every request
 * (validation.ts), dynamic batching (batcher.ts), Prometheus metrics and the probes:
 *
 *   GET /healthz  200 while the process runs      GET /readyz  200 when serving, 503 once shutting down
 *   GET /metrics  Prometheus text                  GET /model   config, capabilities and service settings
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { importOptional, required } from '../util/optional-package.js';
import type { AddressInfo } from 'node:net';
import { backend } from '../backend/registry.js';
import type { Autoencoder } from '../models/autoencoder.js';
import type { BatchingOptions } from './batcher.js';
import { InferenceService } from './inference.js';
import { SERVICE_PACKAGES, ServiceMetrics } from './metrics.js';
import { registerInferenceRoutes } from './routes.js';
import { RequestError } from './validation.js';

export interface ServiceOptions {
  host: string;
  /** 0: an ephemeral port (the bound one is in `url`). */
  port: number;
  batching: BatchingOptions;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Most rows one request may carry. */
  maxRows: number;
  /** Where the model came from, shown by /model. */
  source: string;
  /** Log each request as JSON on stderr. */
  log?: boolean;
}

export const DEFAULT_SERVICE_OPTIONS: Omit<ServiceOptions, 'source'> = {
  host: '127.0.0.1', port: 8080, batching: { maxBatch: 64, maxWaitMs: 2 }, bodyLimit: 8 * 1024 * 1024, maxRows: 512,
};

export interface RunningService {
  app: FastifyInstance;
  url: string;
  metrics: ServiceMetrics;
  /** Stops accepting, finishes the requests in flight, then resolves. */
  close(): Promise<void>;
}

const ENDPOINTS = ['POST /encode', 'POST /decode', 'POST /reconstruct', 'POST /sample', 'POST /score', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /model'];

/** The message and status a client gets for `err`; Fastify's own errors are reworded to say what to do. */
function clientError(err: FastifyError | RequestError | Error, options: ServiceOptions): { status: number; message: string } {
  if (err instanceof RequestError) return { status: err.status, message: err.message };
  const { code, statusCode } = err as FastifyError;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return { status: 413, message: `the request body is larger than the limit of ${options.bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return { status: 415, message: `${err.message}; send application/json (or image/png to /encode and /reconstruct)` };
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return { status: 400, message: 'the body is not valid JSON (or holds a forbidden __proto__ or constructor.prototype key)' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return { status: 400, message: 'the body is empty; send a JSON object' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return { status: 400, message: 'the Content-Length does not match the body' };
    default: break;
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) return { status: statusCode, message: err.message };
  return { status: 500, message: `internal error: ${err.message}` };
}

export async function startService(model: Autoencoder, options: ServiceOptions): Promise<RunningService> {
  const fastify = required(await importOptional<typeof import('fastify')>('fastify'), 'aekit serve', SERVICE_PACKAGES);
  const metrics = new ServiceMetrics();
  const inference = new InferenceService(model, options.batching, (op, rows, requests) => metrics.observeBatch(op, rows, requests));
  const app = fastify.default({
    bodyLimit: options.bodyLimit,
    logger: options.log ? { level: 'info', stream: process.stderr } : false,
    // A client has this long to send its whole request (a slow sender cannot hold a connection forever).
    requestTimeout: 30_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  let closing = false;

  // JSON and PNG only: a text/plain body would otherwise arrive as a string.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('image/png', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async () => {
    metrics.inFlight.inc();
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.inFlight.dec();
    metrics.observeRequest(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, message } = clientError(err, options);
    if (status >= 500) req.log.error(err);
    return reply.code(status).type('application/json').send({ error: message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no endpoint ${req.method} ${req.url.split('?')[0]} (endpoints: ${ENDPOINTS.join(', ')})` }));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => (closing ? reply.code(503).send({ ready: false, reason: 'shutting down' }) : { ready: true }));
  app.get('/metrics', async (_req, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.type(contentType).send(body);
  });
  app.get('/model', async () => ({
    model: model.config.model, config: model.config, capabilities: model.capabilities,
    inputShape: model.config.inputShape, latentDim: model.config.latentDim, parameters: model.numParameters(),
    source: options.source, backend: backend().name, threads: backend().threads,
    batching: options.batching, limits: { bodyLimit: options.bodyLimit, maxRows: options.maxRows }, endpoints: ENDPOINTS,
  }));
  registerInferenceRoutes(app, { model, inference, limits: { maxRows: options.maxRows } });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    app, metrics, url: `http://${host}:${address.port}`,
    async close() {
      closing = true;
      await app.close();
    },
  };
}
