/**
 * The inference endpoints. Each one checks its request completely (validation.ts, images.ts) and only then
 * hands rows to the batched model operations (inference.ts); results go back as JSON, nested to the model's
 * sample shape, or as a PNG when the client accepts `image/png` and the outputs are images.
 *
 *   POST /encode       {x, labels?} or a PNG  → {z} (+ {logVar} for variational models: z is the posterior mean)
 *   POST /decode       {z, labels?}           → {x} (the decoder's means), or a PNG
 *   POST /reconstruct  {x, labels?} or a PNG  → {x}, or a PNG
 *   POST /sample       {n?, seed?, labels?}   → {x, seed}, or a PNG (generative models)
 *   POST /score        {x, labels?, score?, samples?, seed?} or a PNG (?score=…) → {score, unit, scores}: anomaly
 *                      scores in nats (eval/anomaly-score.ts); the deterministic reconstruction NLL is batched, the
 *                      Monte Carlo ones (−ELBO, IW NLL) run per request, their draws seeded per request row
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noGrad } from '../autograd/grad-mode.js';
import { ANOMALY_SCORES, anomalyScoresOfBatch, unsupportedScore, type AnomalyScoreName } from '../eval/anomaly-score.js';
import { isGenerative, type Autoencoder, type GenerativeAutoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { pngToSample, requireImages, samplesToPng } from './images.js';
import type { InferenceService, OpInput, OpName } from './inference.js';
import { checkFields, parseCount, parseLabels, parseRows, RequestError, type RequestLimits } from './validation.js';

/** Largest seed a request may give: seeds are exact integers up to 2^53. */
const MAX_SEED = Number.MAX_SAFE_INTEGER;
/** Most decoder passes (rows × samples) one Monte Carlo score request may ask for. */
export const MAX_SCORE_DRAWS = 20_000;

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

interface RowsRequest {
  input: OpInput;
  /** The endpoint's other fields: from the JSON body, or (as strings) from the query of a PNG request. */
  options: Record<string, unknown>;
}

/**
 * The rows of field `field` (JSON) or of a PNG body, with labels exactly when the model is conditional, and the
 * endpoint's `extra` fields.
 */
function rowsOf(ctx: RouteContext, req: FastifyRequest, op: OpName, field: string, extra: readonly string[] = []): RowsRequest {
  const { model } = ctx;
  const { conditional, numClasses } = model.capabilities;
  const shape = ctx.inference.inputShape(op);
  const pick = (source: Record<string, unknown>) => Object.fromEntries(extra.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
  if (Buffer.isBuffer(req.body)) {
    const query = queryOf(req, [...(conditional ? ['label'] : []), ...extra]);
    const data = pngToSample(req.body, shape);
    if (!conditional) return { input: { data, rows: 1, labels: null }, options: pick(query) };
    if (query['label'] === undefined) throw new RequestError(`this model is conditional: give the image's class as ?label=K (K in 0..${numClasses - 1})`);
    return { input: { data, rows: 1, labels: parseLabels([Number(query['label'])], 1, numClasses, 'label') }, options: pick(query) };
  }
  queryOf(req, []);
  const required = conditional ? [field, 'labels'] : [field];
  const body = checkFields(req.body, [...required, ...extra], required);
  const rows = parseRows(body[field], field, shape, ctx.limits);
  const labels = conditional ? parseLabels(body['labels'], rows.count, numClasses) : null;
  return { input: { data: rows.data, rows: rows.count, labels }, options: pick(body) };
}

/** A number given in JSON, or as a query string of a PNG request. */
function numeric(v: unknown): unknown {
  return typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : v;
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
    const { input } = rowsOf(ctx, req, 'encode', 'x');
    const out = await inference.run('encode', input);
    const latent = [model.config.latentDim];
    const result: Record<string, unknown> = { z: nestRows(out['z']!, input.rows, latent) };
    if (out['logVar'] !== undefined) result['logVar'] = nestRows(out['logVar'], input.rows, latent);
    return result;
  });

  app.post('/decode', async (req, reply) => {
    if (Buffer.isBuffer(req.body)) throw new RequestError("/decode takes codes as JSON {\"z\": [[…], …]}, not an image", 415);
    if (wantsPng(req)) requireImages(model.config.inputShape);
    const { input } = rowsOf(ctx, req, 'decode', 'z');
    const out = await inference.run('decode', input);
    return sendSamples(reply, req, model, out['x']!, input.rows);
  });

  app.post('/reconstruct', async (req, reply) => {
    if (wantsPng(req)) requireImages(model.config.inputShape);
    const { input } = rowsOf(ctx, req, 'reconstruct', 'x');
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

  app.post('/score', async (req) => {
    if (wantsPng(req)) throw new RequestError('scores are not images: /score answers JSON only', 406);
    const { input, options } = rowsOf(ctx, req, 'score', 'x', ['score', 'samples', 'seed']);
    const score = (options['score'] ?? 'reconstruction') as AnomalyScoreName;
    if (!(ANOMALY_SCORES as readonly unknown[]).includes(score)) throw new RequestError(`'score' must be one of ${ANOMALY_SCORES.join(', ')}; got ${JSON.stringify(score)}`);
    const problem = unsupportedScore(model, score);
    if (problem !== null) throw new RequestError(problem);
    if (score === 'reconstruction') {
      if (options['samples'] !== undefined || options['seed'] !== undefined) throw new RequestError("'samples' and 'seed' belong to the Monte Carlo scores (negative-elbo, iw-nll)");
      const out = await inference.run('score', input);
      return { score, unit: 'nats', scores: Array.from(out['score']!) };
    }
    // The defaults of eval/anomaly-score.ts: one draw for −ELBO, K = 50 for the IW NLL.
    const samples = parseCount(numeric(options['samples'] ?? (score === 'iw-nll' ? 50 : 1)), 'samples', 1, MAX_SCORE_DRAWS);
    if (input.rows * samples > MAX_SCORE_DRAWS) throw new RequestError(`${input.rows} rows × ${samples} samples is more than ${MAX_SCORE_DRAWS} decoder passes per request`);
    const seed = parseCount(numeric(options['seed'] ?? 0), 'seed', 0, MAX_SEED);
    const x = new Tensor(input.data, [input.rows, ...model.config.inputShape]);
    const labels = input.labels === null ? null : new Tensor(input.labels, [input.rows]);
    const scores = anomalyScoresOfBatch(model, x, labels, score, { samples, seed });
    return { score, unit: 'nats', samples, seed, scores: Array.from(scores) };
  });
}
