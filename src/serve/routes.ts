/**
 * The inference endpoints. Each one checks its request completely (validation.ts, images.ts) and only then
 * hands rows to the batched model operations (inference.ts); results go back as JSON, nested to the model's
 * sample shape, or as a PNG when the client accepts `image/png` and the outputs are images.
 *
 *   POST /encode       {x, labels?} or a PNG  → {z} (+ {logVar} for variational models: z is the posterior mean)
 *   POST /decode       {z, labels?}           → {x} (the decoder's means), or a PNG
 *   POST /reconstruct  {x, labels?} or a PNG  → {x}, or a PNG
 *   POST /sample       {n?, seed?, labels?}   → {x, seed}, or a PNG (generative models)
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noGrad } from '../autograd/grad-mode.js';
import { isGenerative, type Autoencoder, type GenerativeAutoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { pngToSample, requireImages, samplesToPng } from './images.js';
import type { InferenceService, OpInput, OpName } from './inference.js';
import { checkFields, parseCount, parseLabels, parseRows, RequestError, type RequestLimits } from './validation.js';

/** Largest seed a request may give: seeds are exact integers up to 2^53. */
const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** `count` rows of `data` as nested arrays of `shape` each. */
export function nestRows(data: Float32Array, count: number, shape: readonly number[]): NestedArray[] {
  const size = shape.reduce((p, d) => p * d, 1);
  const nest = (offset: number, axis: number): NestedArray => {
    if (axis === shape.length - 1) return Array.from(data.subarray(offset, offset + shape[axis]!));
    const step = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    return Array.from({ length: shape[axis]! }, (_, i) => nest(offset + i * step, axis + 1));
  };
  return Array.from({ length: count }, (_, r) => nest(r * size, 0));
}

function wantsPng(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('image/png');
}

function queryOf(req: FastifyRequest, allowed: readonly string[]): Record<string, string> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  for (const [key, v] of Object.entries(query)) {
    if (!allowed.includes(key)) throw new RequestError(`unknown query parameter '${key}'${allowed.length > 0 ? ` (parameters: ${allowed.join(', ')})` : ''}`);
    if (typeof v !== 'string') throw new RequestError(`query parameter '${key}' is given more than once`);
  }
  return query as Record<string, string>;
}

export interface RouteContext {
  model: Autoencoder;
  inference: InferenceService;
  limits: RequestLimits;
}

/** The rows of field `field` (JSON) or of a PNG body, with labels exactly when the model is conditional. */
function rowsOf(ctx: RouteContext, req: FastifyRequest, op: OpName, field: string): OpInput {
  const { model } = ctx;
  const { conditional, numClasses } = model.capabilities;
  const shape = ctx.inference.inputShape(op);
  if (Buffer.isBuffer(req.body)) {
    const query = queryOf(req, conditional ? ['label'] : []);
    const data = pngToSample(req.body, shape);
    if (!conditional) return { data, rows: 1, labels: null };
    if (query['label'] === undefined) throw new RequestError(`this model is conditional: give the image's class as ?label=K (K in 0..${numClasses - 1})`);
    return { data, rows: 1, labels: parseLabels([Number(query['label'])], 1, numClasses, 'label') };
  }
  queryOf(req, []);
  const body = checkFields(req.body, conditional ? [field, 'labels'] : [field], conditional ? [field, 'labels'] : [field]);
  const rows = parseRows(body[field], field, shape, ctx.limits);
  return { data: rows.data, rows: rows.count, labels: conditional ? parseLabels(body['labels'], rows.count, numClasses) : null };
}

async function sendSamples(reply: FastifyReply, req: FastifyRequest, model: Autoencoder, data: Float32Array, rows: number,
  extra: Record<string, unknown> = {}): Promise<unknown> {
  const shape = model.config.inputShape;
  if (wantsPng(req)) return reply.type('image/png').send(samplesToPng(data, rows, shape));
  return { x: nestRows(data, rows, shape), ...extra };
}

interface SampleRequest {
  model: GenerativeAutoencoder;
  n: number;
  seed: number;
  labels: Float32Array | null;
}

function sampleRequest(ctx: RouteContext, req: FastifyRequest): SampleRequest {
  const { model, limits } = ctx;
  if (!isGenerative(model)) throw new RequestError(`model '${model.config.model}' has no prior to sample from; POST /decode decodes codes you choose`);
  queryOf(req, []);
  const k = model.capabilities.numClasses;
  const body = checkFields(req.body ?? {}, k > 0 ? ['n', 'seed', 'labels'] : ['n', 'seed'], []);
  const given = body['labels'];
  const n = body['n'] !== undefined ? parseCount(body['n'], 'n', 1, limits.maxRows)
    : Array.isArray(given) ? parseCount(given.length, 'labels (its length)', 1, limits.maxRows) : 1;
  const seed = body['seed'] === undefined ? randomInt(2 ** 47) : parseCount(body['seed'], 'seed', 0, MAX_SEED);
  // Without labels, the classes in turn (0, 1, …, K−1, 0, …), as the models' own `sample` does.
  const labels = k === 0 ? null : given === undefined ? Float32Array.from({ length: n }, (_, i) => i % k) : parseLabels(given, n, k);
  return { model, n, seed, labels };
}

export function registerInferenceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { model, inference } = ctx;
  const { conditional } = model.capabilities;

  app.post('/encode', async (req) => {
    if (wantsPng(req)) throw new RequestError('codes are not images: /encode answers JSON only', 406);
    const input = rowsOf(ctx, req, 'encode', 'x');
    const out = await inference.run('encode', input);
    const latent = [model.config.latentDim];
    const result: Record<string, unknown> = { z: nestRows(out['z']!, input.rows, latent) };
    if (out['logVar'] !== undefined) result['logVar'] = nestRows(out['logVar'], input.rows, latent);
    return result;
  });

  app.post('/decode', async (req, reply) => {
    if (Buffer.isBuffer(req.body)) throw new RequestError("/decode takes codes as JSON {\"z\": [[…], …]}, not an image", 415);
    if (wantsPng(req)) requireImages(model.config.inputShape);
    const input = rowsOf(ctx, req, 'decode', 'z');
    const out = await inference.run('decode', input);
    return sendSamples(reply, req, model, out['x']!, input.rows);
  });

  app.post('/reconstruct', async (req, reply) => {
    if (wantsPng(req)) requireImages(model.config.inputShape);
    const input = rowsOf(ctx, req, 'reconstruct', 'x');
    const out = await inference.run('reconstruct', input);
    return sendSamples(reply, req, model, out['x']!, input.rows);
  });

  app.post('/sample', async (req, reply) => {
    if (Buffer.isBuffer(req.body)) throw new RequestError('/sample takes JSON {"n", "seed", "labels"}, not an image', 415);
    if (wantsPng(req)) requireImages(model.config.inputShape);
    const { model: generative, n, seed, labels } = sampleRequest(ctx, req);
    const z = noGrad(() => generative.samplePrior(n, new Generator(seed), labels === null ? null : new Tensor(labels, [n])));
    const out = await inference.run('decode', { data: z.data.slice(), rows: n, labels: conditional ? labels : null });
    return sendSamples(reply, req, model, out['x']!, n, { seed, ...(labels === null ? {} : { labels: Array.from(labels) }) });
  });
}
