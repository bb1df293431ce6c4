/**
 * `aekit compare A B …`: runs and baselines side by side. Each folder's evaluation report (`aekit eval`, in
 * <dir>/eval/report.json) is used when it was made with the same options; otherwise it is computed now and saved.
 * Prints one table, and writes compare.json, compare.svg (the table) and, for 2-D codes, codes.svg.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { codePanelsSvg, compareReports, comparisonTableSvg, comparisonText, type CodePanel } from '../eval/compare.js';
import { DEFAULT_EVAL_OPTIONS, evaluateSubject, type EvalOptions, type EvalReport } from '../eval/report.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseJsonStrict } from '../io/strict-json.js';
import { addEvalOptions, EVAL_DIR, evalOptions, REPORT_FILE, type EvalCliOptions } from './eval.js';
import { note, printJson } from './options.js';
import { openSource } from './run-source.js';

const PANEL_POINTS = 2000;

function sameOptions(a: EvalOptions, b: EvalOptions): boolean {
  return JSON.stringify({ ...a }) === JSON.stringify({ ...b });
}

function savedReport(dir: string, options: EvalOptions): EvalReport | null {
  const path = join(dir, EVAL_DIR, REPORT_FILE);
  if (!existsSync(path)) return null;
  try {
    const r = parseJsonStrict(readFileSync(path, 'utf8')) as EvalReport;
    return Array.isArray(r.values) && typeof r.options === 'object' && sameOptions({ ...DEFAULT_EVAL_OPTIONS, ...r.options }, options) ? r : null;
  } catch {
    return null;
  }
}

/** Short unique column names: folder base names, with the parent folder added where two collide. */
function columnNames(dirs: readonly string[]): string[] {
  const base = dirs.map((d) => basename(d.replace(/\/+$/, '')));
  return base.map((b, i) => (base.indexOf(b) !== base.lastIndexOf(b) ? `${basename(join(dirs[i]!, '..'))}/${b}` : b));
}

export function registerCompare(program: Command): void {
  addEvalOptions(program.command('compare')
    .description('runs and baselines side by side: one table of their evaluation metrics (printed, SVG, JSON)')
    .argument('<dirs...>', 'run folders (`aekit train`) and baseline folders (`aekit baseline`)'))
    .option('--out <dir>', 'where compare.json and the figures go', 'compare')
    .option('--recompute', 'evaluate every folder again even where a saved report matches')
    .option('--json', 'print the comparison as one JSON object')
    .action(async (dirs: string[], opts: EvalCliOptions & { out: string; recompute?: boolean; json?: boolean }) => {
      if (dirs.length < 2) throw new Error('compare: give at least two folders');
      const options: EvalOptions = { ...DEFAULT_EVAL_OPTIONS, ...evalOptions(opts) };
      const names = columnNames(dirs);
      const reports: EvalReport[] = [];
      const panels: CodePanel[] = [];
      for (const [i, dir] of dirs.entries()) {
        const source = openSource(dir, opts.testSize === undefined ? {} : { testSize: opts.testSize });
        let report = opts.recompute ? null : savedReport(dir, options);
        if (report === null) {
          note(`${dir}: evaluating`);
          report = (await evaluateSubject(source.subject, source.data, options, note)).report;
          delete report.details['negativeElboPerImage'];
          mkdirSync(join(dir, EVAL_DIR), { recursive: true });
          await writeFileAtomic(join(dir, EVAL_DIR, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
        } else {
          note(`${dir}: using ${join(dir, EVAL_DIR, REPORT_FILE)}`);
        }
        reports.push(report);
        if (source.subject.latentDim === 2) {
          const n = Math.min(PANEL_POINTS, source.subject.codeRows('test'), source.data.test.count);
          const codes = source.subject.codes('test', n).data;
          panels.push({
            name: names[i]!, x: Float32Array.from({ length: n }, (_, j) => codes[2 * j]!), y: Float32Array.from({ length: n }, (_, j) => codes[2 * j + 1]!),
            labels: source.data.test.labels === null ? null : source.data.test.labels.subarray(0, n),
          });
        }
      }
      const cmp = compareReports(reports, names);
      mkdirSync(opts.out, { recursive: true });
      const files = [join(opts.out, 'compare.json'), join(opts.out, 'compare.svg')];
      await writeFileAtomic(files[0]!, `${JSON.stringify({ folders: dirs, ...cmp }, null, 2)}\n`);
      await writeFileAtomic(files[1]!, await comparisonTableSvg(cmp, `Comparison on ${reports[0]!.data}`));
      if (panels.length === dirs.length) {
        files.push(join(opts.out, 'codes.svg'));
        await writeFileAtomic(files[2]!, await codePanelsSvg(panels, `2-D codes of the first ${PANEL_POINTS} test samples`));
      }
      if (opts.json) {
        printJson({ folders: dirs, ...cmp, files });
        return;
      }
      console.log(comparisonText(cmp));
      console.log(`(* best of the row; ↑ higher is better, ↓ lower)\nfiles: ${files.join(', ')}`);
    });
}
