/**
 * Run folders and a running explorer for the explorer's tests (not part of the public API): small MNIST runs
 * trained by the real `aekit train`, and `aekit explore` started as users start it, its URL read from --json.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './training.js';

export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** `aekit train … --out DIR` on a small MNIST subset; returns DIR. */
export function trainRun(name: string, args: string[]): Promise<string> {
  const dir = join(tempDir('aekit-explore-'), name);
  const all = ['train', '--data', 'mnist', '--train-size', '600', '--test-size', '300', '--epochs', '1', '--batch', '100', ...args, '--out', dir];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...all], (err, _stdout, stderr) => (err ? reject(new Error(`aekit ${all.join(' ')}: ${stderr}`)) : resolve(dir)));
  });
}

export interface RunningExplorer {
  url: string;
  process: ChildProcess;
  /** The process's stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `aekit explore [RUN] --json …`, once it prints its URL. */
export function startExplorer(args: string[]): Promise<RunningExplorer> {
  const proc = spawn(process.execPath, [CLI, 'explore', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      if (!out.includes('\n')) return;
      try {
        const { url } = JSON.parse(out.slice(0, out.indexOf('\n'))) as { url: string };
        resolve({ url, process: proc, stderr: () => err, stop: () => (proc.kill('SIGTERM'), exited) });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    void exited.then((code) => reject(new Error(`aekit explore exited with ${code} before listening: ${err}`)));
  });
}

/**
 * Whether a screenshot shows something: the share of pixels that differ clearly from its most common colour,
 * and how many distinct grey levels it has (a blank or single-colour area has ~0 and 1).
 */
export async function screenshotContent(png: Buffer): Promise<{ inked: number; levels: number }> {
  const { PNG } = await import('pngjs');
  const img = PNG.sync.read(png);
  const counts = new Map<number, number>();
  const grey = new Uint8Array(img.width * img.height);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round((img.data[4 * i]! + img.data[4 * i + 1]! + img.data[4 * i + 2]!) / 3);
    counts.set(grey[i]!, (counts.get(grey[i]!) ?? 0) + 1);
  }
  const mode = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  let inked = 0;
  for (const g of grey) if (Math.abs(g - mode) > 24) inked += 1;
  return { inked: inked / grey.length, levels: counts.size };
}
