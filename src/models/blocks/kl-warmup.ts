/**
 * KL warm-up (Bowman et al. 2016, "KL annealing"; Sønderby et al. 2016, "deterministic warm-up"): the KL term's
 * weight rises linearly from 0 to β over the first W epochs of training, step by step, so the decoder learns to
 * use the code before the KL pulls the posterior onto the prior (early posterior collapse). The weight is a
 * function of the trainer's fractional epoch alone, so a resumed run sets the same weights; outside training (no
 * context) it is β, so test losses score the full objective. Only the total uses the weight: the reported `kl`
 * part stays the unweighted KL.
 */
import type { LossContext } from '../autoencoder.js';
import { numberField, type Field } from './config-fields.js';

/** The config key of the warm-up length, W epochs (0: no warm-up). */
export const KL_WARMUP_KEY = 'klWarmupEpochs';

export const klWarmupFields: { [KL_WARMUP_KEY]: Field<number> } = {
  [KL_WARMUP_KEY]: {
    ...numberField(0,
      "KL warm-up: the KL term's weight rises linearly from 0 to β over this many epochs, per step (Sønderby et al. 2016); 0: β from the start",
      { min: 0, max: 1e6 }),
    absentInOlderFiles: true,
  },
};

/** The KL term's weight at training progress `ctx` (β·min(1, epoch / W)); β without a context or a warm-up. */
export function klWeight(beta: number, warmupEpochs: number, ctx?: LossContext): number {
  if (warmupEpochs <= 0 || ctx === undefined) return beta;
  return beta * Math.min(1, Math.max(0, ctx.epoch) / warmupEpochs);
}
