/** `aekit serve RUN`: the model behind an HTTP inference service on 127.0.0.1 (see src/serve). */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_SERVICE_OPTIONS, startService } from '../serve/server.js';
import { openModel } from './model-source.js';
import { note, parseNonNegativeInt, parseNumber, parsePositiveInt, printJson } from './options.js';

function parsePort(value: string): number {
  const n = parseNonNegativeInt(value);
  if (n > 65535) throw new InvalidArgumentError(`'${value}' is not a port (0..65535; 0 picks a free one).`);
  return n;
}

function parseWait(value: string): number {
  const n = parseNumber(value);
  if (n < 0) throw new InvalidArgumentError(`'${value}' must be 0 or more.`);
  return n;
}

interface ServeFlags {
  host: string;
  port: number;
  maxBatch: number;
  maxWaitMs: number;
  batching: boolean;
  bodyLimit: number;
  maxRows: number;
  log?: boolean;
  json?: boolean;
}

export function registerServe(program: Command): void {
  const d = DEFAULT_SERVICE_OPTIONS;
  program.command('serve')
    .description('serve a trained model over HTTP: POST /encode /decode /reconstruct /sample (JSON, or PNG for images); GET /healthz /readyz /metrics /model')
    .argument('<run>', 'a run folder from `aekit train`, or a model file')
    .option('--host <host>', 'address to listen on', d.host)
    .option('--port <n>', 'port (0: any free one)', parsePort, d.port)
    .option('--max-batch <n>', 'dynamic batching: most rows per kernel call', parsePositiveInt, d.batching.maxBatch)
    .option('--max-wait-ms <ms>', 'dynamic batching: how long a request waits for others to join its batch', parseWait, d.batching.maxWaitMs)
    .option('--no-batching', 'run every request on its own (max batch 1, no wait)')
    .option('--body-limit <bytes>', 'largest request body', parsePositiveInt, d.bodyLimit)
    .option('--max-rows <n>', 'most samples or codes in one request', parsePositiveInt, d.maxRows)
    .option('--log', 'log every request as JSON on stderr')
    .option('--json', 'print the listening address and settings as one JSON object')
    .action(async (path: string, opts: ServeFlags) => {
      const { model } = openModel(path);
      const batching = opts.batching ? { maxBatch: opts.maxBatch, maxWaitMs: opts.maxWaitMs } : { maxBatch: 1, maxWaitMs: 0 };
      const service = await startService(model, {
        host: opts.host, port: opts.port, batching, bodyLimit: opts.bodyLimit, maxRows: opts.maxRows, source: path, log: opts.log ?? false,
      });
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        note(`aekit serve: ${signal}: finishing the requests in flight, then stopping`);
        service.close().then(() => {
          note('aekit serve: stopped');
          process.exit(0);
        }, (err: unknown) => {
          note(`aekit serve: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
          process.exit(1);
        });
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      if (opts.json) printJson({ url: service.url, model: model.config.model, source: path, batching, bodyLimit: opts.bodyLimit, maxRows: opts.maxRows, pid: process.pid });
      else console.log(`aekit serve: ${model.config.model} from ${path} on ${service.url} (max batch ${batching.maxBatch}, max wait ${batching.maxWaitMs} ms); Ctrl-C stops`);
    });
}
