/**
 * The service's Prometheus metrics (prom-client, in a registry of its own): requests by route, method and
 * status; request latency; rows and requests per kernel call (how well dynamic batching is working); requests
 * in flight; and the process's own metrics (CPU, memory, event-loop lag).
 */
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { importOptional, required } from '../util/optional-package.js';

/** What `aekit serve` needs beyond aekit: optional peer dependencies (see util/optional-package.ts). */
export const SERVICE_PACKAGES = ['fastify', 'prom-client'] as const;
const promClient = await importOptional<typeof import('prom-client')>('prom-client');

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

export class ServiceMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: Histogram<'route'>;
  readonly batchRows: Histogram<'op'>;
  readonly batchRequests: Histogram<'op'>;
  readonly inFlight: Gauge;

  constructor() {
    const prom = required(promClient, 'aekit serve', SERVICE_PACKAGES);
    const registry = new prom.Registry();
    this.registry = registry;
    this.requests = new prom.Counter({
      name: 'aekit_http_requests_total', help: 'HTTP requests answered, by route, method and status code',
      labelNames: ['route', 'method', 'status'] as const, registers: [registry],
    });
    this.latency = new prom.Histogram({
      name: 'aekit_http_request_duration_seconds', help: 'Time from a request arriving to its response being sent, by route',
      labelNames: ['route'] as const, buckets: LATENCY_BUCKETS, registers: [registry],
    });
    this.batchRows = new prom.Histogram({
      name: 'aekit_batch_rows', help: 'Rows (samples or codes) per kernel call, by operation',
      labelNames: ['op'] as const, buckets: SIZE_BUCKETS, registers: [registry],
    });
    this.batchRequests = new prom.Histogram({
      name: 'aekit_batch_requests', help: 'Requests served by one kernel call, by operation',
      labelNames: ['op'] as const, buckets: SIZE_BUCKETS, registers: [registry],
    });
    this.inFlight = new prom.Gauge({ name: 'aekit_http_requests_in_flight', help: 'Requests received and not yet answered', registers: [registry] });
    prom.collectDefaultMetrics({ register: registry, prefix: 'aekit_' });
  }

  observeBatch(op: string, rows: number, requests: number): void {
    this.batchRows.observe({ op }, rows);
    this.batchRequests.observe({ op }, requests);
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  /** The Prometheus text exposition and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
