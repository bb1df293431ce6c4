/**
 * Training progress on stderr: a cli-progress bar (step, loss parts, ETA) when stderr is a terminal, plain
 * periodic lines otherwise (CI logs, pipes), and nothing at all with `silentProgress`.
 */
import cliProgress from 'cli-progress';
import { formatNumber, formatParts, type EpochMetrics, type LossParts } from './metrics.js';

export interface ProgressReporter {
  startEpoch(epoch: number, epochs: number, steps: number): void;
  /** After each step: steps done in this epoch and the step's loss parts. */
  step(done: number, parts: LossParts): void;
  endEpoch(metrics: EpochMetrics): void;
  /** A message that must not be mangled by the bar. */
  note(message: string): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = {
  startEpoch() {},
  step() {},
  endEpoch() {},
  note() {},
  stop() {},
};

function shortParts(parts: LossParts): string {
  return Object.entries(parts).map(([k, v]) => `${k} ${formatNumber(v, 2)}`).join(' ');
}

/** The widest progress line, so logs read in a 100-column terminal. */
export const PROGRESS_COLUMNS = 100;

/**
 * `text` in lines of at most `width` columns: whole when it fits, else one line per ' | ' group, and a group
 * that is still too wide broken at its ' · ' separators; continuation lines are indented by two spaces. A
 * single piece longer than `width` (a long path) stays whole.
 */
export function wrapLine(text: string, width = PROGRESS_COLUMNS): string {
  if (text.length <= width) return text;
  const lines: string[] = [];
  text.split(' | ').forEach((group, g) => {
    let line = g === 0 ? '' : '  ';
    for (const [i, piece] of group.split(' · ').entries()) {
      const joined = i === 0 ? line + piece : `${line} · ${piece}`;
      if (i > 0 && joined.length > width) {
        lines.push(line);
        line = `  ${piece}`;
      } else {
        line = joined;
      }
    }
    lines.push(line);
  });
  return lines.join('\n');
}

/** One finished epoch: its own wall-clock time (not the run's total), train and test loss parts. */
export function epochLine(m: EpochMetrics, epochSeconds: number): string {
  const test = m.test ? ` | test ${formatParts(m.test)}` : '';
  return wrapLine(`epoch ${m.epoch} (${epochSeconds.toFixed(1)} s): train ${formatParts(m.train)}${test}`);
}

/** Plain lines: at most one per `everySeconds` within an epoch, plus one per finished epoch. */
export class LineProgress implements ProgressReporter {
  #epoch = 0;
  #epochs = 0;
  #steps = 0;
  #start = 0;
  #last = 0;

  constructor(readonly write: (line: string) => void = (l) => process.stderr.write(`${l}\n`), readonly everySeconds = 10) {}

  startEpoch(epoch: number, epochs: number, steps: number): void {
    this.#epoch = epoch;
    this.#epochs = epochs;
    this.#steps = steps;
    this.#start = this.#last = performance.now();
  }

  step(done: number, parts: LossParts): void {
    const now = performance.now();
    if (now - this.#last < this.everySeconds * 1000 || done === this.#steps) return;
    this.#last = now;
    const eta = ((now - this.#start) / done) * (this.#steps - done) / 1000;
    this.write(`epoch ${this.#epoch}/${this.#epochs} step ${done}/${this.#steps} ${shortParts(parts)} ETA ${eta.toFixed(0)} s`);
  }

  endEpoch(metrics: EpochMetrics): void {
    this.write(epochLine(metrics, (performance.now() - this.#start) / 1000));
  }

  note(message: string): void {
    this.write(message);
  }

  stop(): void {}
}

/** A bar per epoch on a terminal. */
export class BarProgress implements ProgressReporter {
  readonly #bar = new cliProgress.SingleBar({
    format: 'epoch {epoch} [{bar}] {value}/{total} | {parts} | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  #active = false;
  #start = 0;

  startEpoch(epoch: number, epochs: number, steps: number): void {
    this.#bar.start(steps, 0, { epoch: `${epoch}/${epochs}`, parts: '' });
    this.#active = true;
    this.#start = performance.now();
  }

  step(done: number, parts: LossParts): void {
    this.#bar.update(done, { parts: shortParts(parts) });
  }

  endEpoch(metrics: EpochMetrics): void {
    this.stop();
    process.stderr.write(`${epochLine(metrics, (performance.now() - this.#start) / 1000)}\n`);
  }

  note(message: string): void {
    const active = this.#active;
    if (active) this.#bar.stop();
    process.stderr.write(`${message}\n`);
    this.#active = false;
  }

  stop(): void {
    if (this.#active) this.#bar.stop();
    this.#active = false;
  }
}

/** The bar on a terminal, lines otherwise. */
export function defaultProgress(): ProgressReporter {
  return process.stderr.isTTY ? new BarProgress() : new LineProgress();
}
