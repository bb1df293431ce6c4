/** The optimizers a model trains with: one Adam per parameter group it asks for (one 'main' group by default). */
import type { Autoencoder } from '../models/autoencoder.js';
import { Adam } from '../optim/adam.js';
import type { Optimizer } from '../optim/optimizer.js';

export function makeOptimizers(model: Autoencoder, lr: number): Map<string, Optimizer> {
  const groups = model.optimizerGroups?.() ?? new Map([['main', model.parameters()]]);
  return new Map([...groups].map(([name, params]) => [name, new Adam(params, { lr })]));
}
