/**
 * Learning-rate schedules. Each sets its optimizer's group lrs from a closed form lr(base, t), where t counts
 * calls to `step()` — per epoch or per update, as the caller chooses — and base is the group's `initialLr`
 * (recorded by the first schedule attached, so schedules compose and can be rebuilt after a resume).
 */
import type { HyperParams, Optimizer } from './optimizer.js';

/** lr after t steps for a group whose base rate is `baseLr`. */
export type Schedule = (baseLr: number, t: number) => number;

/** Any optimizer, whatever its hyper-parameters. */
export type AnyOptimizer = Optimizer<HyperParams>;

export class LRScheduler {
  /** Number of `step()` calls so far. */
  lastEpoch = 0;
  readonly baseLrs: number[];
  readonly #schedule: Schedule;

  constructor(readonly optimizer: AnyOptimizer, schedule: Schedule) {
    this.#schedule = schedule;
    for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.#apply();
  }

  lrAt(baseLr: number, t: number): number {
    return this.#schedule(baseLr, t);
  }

  /** Advances one step (epoch or update) and sets the new learning rates. */
  step(): void {
    this.lastEpoch += 1;
    this.#apply();
  }

  #apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.#schedule(this.baseLrs[i]!, this.lastEpoch)));
  }

  /** The learning rates now in effect, one per group. */
  get lastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): { lastEpoch: number } {
    return { lastEpoch: this.lastEpoch };
  }

  loadStateDict(state: { lastEpoch: number }): void {
    this.lastEpoch = state.lastEpoch;
    this.#apply();
  }
}

function positiveInteger(name: string, what: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name}: ${what} must be a positive integer, got ${v}`);
  return v;
}

/** lr = base·γ^⌊t/stepSize⌋ (γ default 0.1). */
export class StepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, options: { stepSize: number; gamma?: number }) {
    const stepSize = positiveInteger('StepLR', 'stepSize', options.stepSize);
    const gamma = options.gamma ?? 0.1;
    super(optimizer, (base, t) => base * gamma ** Math.floor(t / stepSize));
  }
}

/** lr = base·γ^t. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, options: { gamma: number }) {
    super(optimizer, (base, t) => base * options.gamma ** t);
  }
}

/**
 * Cosine annealing (Loshchilov & Hutter 2017, without restarts): etaMin + (base − etaMin)·(1 + cos(π·t/tMax))/2,
 * held at etaMin after tMax. The one formula both `CosineAnnealingLR` and the trainer's per-epoch schedule use.
 */
export function cosineAnnealing(base: number, t: number, tMax: number, etaMin = 0): number {
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * Math.min(t, tMax)) / tMax))) / 2;
}

/** Half a cosine from base down to etaMin over tMax steps (see `cosineAnnealing`). */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, options: { tMax: number; etaMin?: number }) {
    const tMax = positiveInteger('CosineAnnealingLR', 'tMax', options.tMax);
    const etaMin = options.etaMin ?? 0;
    super(optimizer, (base, t) => cosineAnnealing(base, t, tMax, etaMin));
  }
}

export interface LinearWarmupOptions {
  warmupSteps: number;
  /** Fraction of the base lr at t = 0 (default 1/warmupSteps), rising linearly to 1 at t = warmupSteps. */
  startFactor?: number;
  /** The schedule that takes over after warm-up, with its t starting at 0 (default: constant base lr). */
  then?: LRScheduler;
}

/** Linear warm-up (Goyal et al. 2017), optionally followed by another schedule. */
export class LinearWarmupLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, options: LinearWarmupOptions) {
    const w = positiveInteger('LinearWarmupLR', 'warmupSteps', options.warmupSteps);
    const start = options.startFactor ?? 1 / w;
    const then = options.then;
    if (then !== undefined && then.optimizer !== optimizer) throw new Error('LinearWarmupLR: `then` must schedule the same optimizer');
    super(optimizer, (base, t) => (t < w ? base * (start + ((1 - start) * t) / w) : then === undefined ? base : then.lrAt(base, t - w)));
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min' when lower metrics are better (a loss), 'max' otherwise. */
  mode?: 'min' | 'max';
  /** Multiplies the lr on a plateau (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Relative improvement that counts (default 1e-4). */
  threshold?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  minLr?: number;
}

/** Divides the lr when a watched metric stops improving (PyTorch's ReduceLROnPlateau with relative threshold). */
export class ReduceLROnPlateau {
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  readonly #o: Required<ReduceLROnPlateauOptions>;

  constructor(readonly optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    this.#o = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, cooldown: 0, minLr: 0, ...options };
    if (!(this.#o.factor < 1 && this.#o.factor > 0)) throw new RangeError(`ReduceLROnPlateau: factor must be in (0, 1), got ${this.#o.factor}`);
    this.best = this.#o.mode === 'min' ? Infinity : -Infinity;
  }

  #isBetter(metric: number): boolean {
    return this.#o.mode === 'min' ? metric < this.best * (1 - this.#o.threshold) : metric > this.best * (1 + this.#o.threshold);
  }

  /** Reports this epoch's metric; reduces the lr when it has not improved for more than `patience` epochs. */
  step(metric: number): void {
    if (this.#isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.#o.patience) {
      for (const g of this.optimizer.paramGroups) g.lr = Math.max(g.lr * this.#o.factor, this.#o.minLr);
      this.cooldownCounter = this.#o.cooldown;
      this.numBadEpochs = 0;
    }
  }

  stateDict(): { best: number; numBadEpochs: number; cooldownCounter: number } {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter };
  }

  loadStateDict(s: { best: number; numBadEpochs: number; cooldownCounter: number }): void {
    Object.assign(this, { best: s.best, numBadEpochs: s.numBadEpochs, cooldownCounter: s.cooldownCounter });
  }
}
