/** `aekit encode RUN_DIR`: latent codes of a data split as CSV (header z1..zd[,label]). */
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { encodeDataset } from '../train/figures.js';
import { note, UsageError } from './options.js';
import { openRun, runData } from './run-model.js';
import { takeFirst, type Dataset } from '../data/dataset.js';
import { BASELINE_FORMAT, folderFormat } from './baseline-folder.js';
import { openSource } from './run-source.js';

export function registerEncode(program: Command): void {
  program.command('encode')
    .description('latent codes (posterior means for VAEs) of a data split as CSV: z1..zd[,label]')
    .argument('<run-dir>', 'a run folder from `aekit train` or a baseline folder from `aekit baseline`')
    .option('--data <spec>', 'data to encode (default: the run\'s)')
    .option('--split <name>', "'test' or 'train'", 'test')
    .option('--out <file>', 'CSV file (default: stdout)')
    .action(async (dir: string, opts: { data?: string; split: string; out?: string }) => {
      if (opts.split !== 'test' && opts.split !== 'train') throw new UsageError(`--split must be 'test' or 'train', got '${opts.split}'`);
      let ds: Dataset;
      let codes: Float32Array;
      let L: number;
      if (folderFormat(dir) === BASELINE_FORMAT) {
        // A baseline folder (`aekit baseline`) holds its codes; PCA's map new rows too.
        if (opts.data !== undefined) throw new UsageError(`${dir} is a baseline folder: its codes are of its own data (--data is for run folders)`);
        const { subject, data } = openSource(dir);
        ds = opts.split === 'test' ? data.test : data.train;
        const n = Math.min(ds.count, subject.codeRows(opts.split));
        ds = takeFirst(ds, n);
        codes = subject.codes(opts.split, n).data;
        L = subject.latentDim;
      } else {
        const { run, model } = openRun(dir);
        const data = runData(run, opts.data === undefined ? {} : { spec: opts.data });
        ds = opts.split === 'test' ? data.test : data.train;
        codes = encodeDataset(model, ds);
        L = model.config.latentDim;
      }
      const header = [...Array.from({ length: L }, (_, j) => `z${j + 1}`), ...(ds.labels ? ['label'] : [])].join(',');
      const lines = [header];
      for (let i = 0; i < ds.count; i++) {
        const row = Array.from(codes.subarray(i * L, (i + 1) * L), (v) => String(v));
        if (ds.labels) row.push(String(ds.labels[i]));
        lines.push(row.join(','));
      }
      const csv = `${lines.join('\n')}\n`;
      if (opts.out === undefined) {
        process.stdout.write(csv);
        return;
      }
      await writeFileAtomic(opts.out, csv);
      note(`${ds.count} codes of size ${L}: ${opts.out}`);
    });
}
