/**
 * Building a model from a config that came from outside (a model file, a checkpoint, the command line) under
 * a budget on the memory its tensors take, so a few bytes of JSON asking for a 300,000-unit layer are refused
 * at once instead of after gigabytes of weights have been allocated and initialised.
 *
 * It works for every registered model without asking it anything: while the model is built, the active
 * backend's `alloc` (through which every parameter and buffer is made) counts the values handed out and
 * throws once the count would pass the budget, before that allocation happens. So at most `maxValues`
 * values are ever allocated, whatever the config says.
 */
import { backend, setBackend } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import type { Generator } from '../tensor/random.js';
import type { Autoencoder, ModelConfigBase } from './autoencoder.js';
import { ModelConfigError } from './blocks/config-fields.js';
import { buildModel } from './registry.js';

/** The default budget: 2^27 float32 values (512 MiB) of parameters and buffers. */
export const MAX_MODEL_VALUES = 2 ** 27;

export interface ModelBudget {
  /** The most float32 values the model's tensors may take (default MAX_MODEL_VALUES). */
  maxValues?: number;
  /** What the budget is, for the error, e.g. "the 13,568 values its file holds" (default: the number and its MiB). */
  describe?: string;
}

/** A config whose model would not fit the budget. */
export class ModelBudgetError extends ModelConfigError {
  constructor(readonly model: string, readonly maxValues: number, describe: string) {
    super(`${model}: the config describes a model too big for ${describe}; use smaller sizes (hidden layers, latentDim, channels, input shape)`);
    this.name = 'ModelBudgetError';
  }
}

class BudgetExceeded extends Error {}

function describeBudget(maxValues: number): string {
  return `the budget of ${maxValues.toLocaleString('en-US')} float32 values (${Math.round((maxValues * 4) / 2 ** 20)} MiB) in parameters and buffers`;
}

/** Runs `build` with an allocator that refuses to hand out more than `maxValues` values in all. */
function withAllocationBudget<T>(maxValues: number, build: () => T): T {
  const real = backend();
  let used = 0;
  const counting = new Proxy(real, {
    get(target, prop) {
      if (prop === 'alloc') {
        return (size: number) => {
          used += size;
          if (used > maxValues) throw new BudgetExceeded();
          return target.alloc(size);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Backend;
  setBackend(counting);
  try {
    return build();
  } finally {
    setBackend(real);
  }
}

/** `buildModel` under a memory budget (see the file comment); throws ModelBudgetError when the model is too big. */
export function buildModelWithinBudget(config: ModelConfigBase, gen: Generator, budget: ModelBudget = {}): Autoencoder {
  const maxValues = budget.maxValues ?? MAX_MODEL_VALUES;
  try {
    return withAllocationBudget(maxValues, () => buildModel(config, gen));
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    throw new ModelBudgetError(config.model, maxValues, budget.describe ?? describeBudget(maxValues));
  }
}
