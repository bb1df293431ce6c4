/**
 * `aekit explore [RUN_DIR]`: the latent-space explorer, a local web page whose model runs in the page on
 * aekit's WebAssembly backend; without a run folder, only its train-here mode. Serves until interrupted.
 */
import type { Command } from 'commander';
import { loadExploreRun } from '../explore/explore-run.node.js';
import { startExploreServer } from '../explore/server.node.js';
import { note, parseNonNegativeInt, parsePositiveInt, printJson } from './options.js';

export function registerExplore(program: Command, version: string): void {
  program.command('explore')
    .description('explore a run in the browser (latent map, decoding, drawing, interpolation) and train in the tab')
    .argument('[run]', 'a run folder from `aekit train`, or a model file (e.g. downloaded from train-here); without one: train-here only')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', parseNonNegativeInt, 0)
    .option('--points <n>', 'test samples to show on the map (default: the run\'s whole test split)', parsePositiveInt)
    .option('--data <spec>', 'a model file\'s data to show (default mnist)')
    .option('--json', 'print {"url": …} as one JSON object once listening')
    .action(async (dir: string | undefined, opts: { host: string; port: number; points?: number; data?: string; json?: boolean }) => {
      const run = dir === undefined ? null : loadExploreRun(dir, opts.points, opts.data);
      const explorer = await startExploreServer({ run, version, host: opts.host, port: opts.port });
      if (opts.json) printJson({ url: explorer.url, run: run?.dir ?? null, points: run?.summary.testCount ?? 0 });
      else console.log(`aekit explore: ${explorer.url}`);
      note(run === null ? 'no run given: the page offers train-here only' : `exploring ${run.dir} (${run.summary.testCount} test samples); Ctrl-C stops`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void explorer.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
