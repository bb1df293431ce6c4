/**
 * The Tensor: float32 values in row-major order with a shape, plus what reverse-mode autodiff needs
 * (`requiresGrad`, the accumulated `grad`, and `gradFn`, the op that made it).
 *
 * Storage: `data` is a contiguous Float32Array view of exactly `size` elements. Reshapes and slices of
 * leading axes are views that share it; everything else is a new array from the active backend's `alloc`.
 * Tensors are garbage-collected like any JavaScript object — there is no `dispose`.
 */
import { backend } from '../backend/registry.js';
import { checkShape, formatShape, ShapeError, sizeOf, type Shape } from './shape.js';

/** How a tensor was computed: its inputs and the vector–Jacobian product back to them. */
export interface GradFn {
  readonly name: string;
  /** Emptied when the graph is released after a backward pass. */
  inputs: readonly Tensor[];
  /** Given ∂L/∂out, returns ∂L/∂input for each input (null where an input needs none). */
  backward: (gradOut: Tensor) => (Tensor | null)[];
  /** Set once backward has run without `retainGraph`; the saved tensors are released. */
  released?: boolean;
}

export type NestedArray = number | NestedArray[];

let nextId = 0;

export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly data: Float32Array;
  /** Whether gradients flow to this tensor. Leaves set it; op outputs inherit it from their inputs. */
  requiresGrad = false;
  /** ∂L/∂this, accumulated by `backward()` on leaves. */
  grad: Tensor | null = null;
  gradFn: GradFn | null = null;
  /** A stable id, handy in error messages and debugging. */
  readonly id = nextId++;
  name: string | undefined;
  /**
   * The allocation `data` is a view of, when it is a view (a slice). Holding it keeps the memory alive for
   * backends that reclaim their own memory once an allocation is unreachable.
   */
  readonly base: Float32Array | null;

  constructor(data: Float32Array, shape: Shape, base: Float32Array | null = null) {
    checkShape(shape);
    const size = sizeOf(shape);
    if (data.length !== size) throw new ShapeError(`Tensor: ${data.length} values do not fill shape ${formatShape(shape)} (size ${size})`);
    this.data = data;
    this.base = base;
    this.shape = Object.freeze([...shape]);
    this.size = size;
  }

  /** A new tensor of `shape` filled with zeros, allocated by the active backend. */
  static empty(shape: Shape): Tensor {
    checkShape(shape);
    return new Tensor(backend().alloc(sizeOf(shape)), shape);
  }

  /** A new tensor of `shape` whose values are unspecified: for an op's output that its kernel writes entirely. */
  static uninitialized(shape: Shape): Tensor {
    checkShape(shape);
    return new Tensor(backend().alloc(sizeOf(shape), false), shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** True for tensors the user made (not computed by an op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`);
    return this.data[0]!;
  }

  /** The values as (nested) JavaScript arrays, like `tolist()` in PyTorch. */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.rank) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim]! }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** A copy of the values as a flat Float32Array. */
  toFloat32Array(): Float32Array {
    return Float32Array.from(this.data);
  }

  /** The same values, cut off from the graph (shares storage). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.base);
  }

  /** Marks a leaf as a variable to differentiate with respect to. Returns `this`. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag) throw new Error('requiresGrad_(false) is only allowed on leaf tensors; use detach()');
    this.requiresGrad = flag;
    return this;
  }

  toString(): string {
    const preview = this.size <= 8 ? Array.from(this.data).map((v) => +v.toPrecision(5)).join(', ') : `${Array.from(this.data.subarray(0, 6)).map((v) => +v.toPrecision(5)).join(', ')}, …`;
    return `Tensor(shape=${formatShape(this.shape)}, [${preview}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
