/**
 * Sequential: applies its layers in order; they are registered as '0', '1', … like PyTorch's nn.Sequential.
 * A layer that can apply an activation itself (Linear, Conv2d, ConvTranspose2d) and the activation module right
 * after it run as one fused op; the result is the same, the parameters and their names too.
 */
import { Tensor } from '../tensor/tensor.js';
import { isActivationFusingLayer, isFusibleActivation } from './activations.js';
import { Module } from './module.js';

export type Layer = Module<[Tensor], Tensor>;

export class Sequential extends Module {
  readonly #layers: Layer[] = [];

  constructor(...layers: Layer[]) {
    super();
    for (const layer of layers) this.append(layer);
  }

  /** Adds a layer at the end; returns this. */
  append(layer: Layer): this {
    this.#layers.push(this.registerModule(String(this.#layers.length), layer));
    return this;
  }

  get length(): number {
    return this.#layers.length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): Layer {
    const layer = this.#layers.at(index);
    if (layer === undefined) throw new RangeError(`Sequential.at: index ${index} is out of range for ${this.#layers.length} layers`);
    return layer;
  }

  [Symbol.iterator](): Iterator<Layer> {
    return this.#layers[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    const layers = this.#layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      const fused = next !== undefined && isActivationFusingLayer(layer) && isFusibleActivation(next) ? next.fusedActivation() : null;
      if (fused !== null && isActivationFusingLayer(layer)) {
        x = layer.forwardActivated(x, fused);
        i++;
      } else {
        x = layer.forward(x);
      }
    }
    return x;
  }
}
