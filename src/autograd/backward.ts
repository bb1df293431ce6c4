/**
 * Reverse-mode autodiff. Ops record a graph as they run (see `record`); `gradients` walks it from an output
 * back to chosen inputs in reverse topological order, summing vector–Jacobian products. With `createGraph`
 * the backward pass is itself recorded, so gradients can be differentiated again.
 */
import { formatShape, shapesEqual, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add } from '../ops/binary.js';
import { ones } from '../ops/creation.js';
import { enableGrad, noGrad } from './grad-mode.js';

export interface BackwardOptions {
  /** ∂L/∂output; required when the output is not a single value. */
  gradOutput?: Tensor;
  /** Record the backward pass so its results can be differentiated again (Hessian-vector products, Jacobian penalties). */
  createGraph?: boolean;
  /** Keep the graph after this pass, so another backward through it works. Defaults to `createGraph`. */
  retainGraph?: boolean;
}

/** Nodes reachable from `root` through tensors that require gradients, outputs before inputs. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.gradFn?.inputs ?? []) if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
  }
  return order.reverse();
}

function seedGradient(output: Tensor, gradOutput: Tensor | undefined): Tensor {
  if (gradOutput === undefined) {
    if (output.size !== 1) throw new ShapeError(`backward: output of shape ${formatShape(output.shape)} is not a single value; pass gradOutput`);
    return ones(output.shape);
  }
  if (!shapesEqual(gradOutput.shape, output.shape)) {
    throw new ShapeError(`backward: gradOutput shape ${formatShape(gradOutput.shape)} differs from output shape ${formatShape(output.shape)}`);
  }
  return gradOutput;
}

/** Runs the backward pass and returns ∂output/∂t for every tensor `wanted(t)` accepts. */
function run(output: Tensor, options: BackwardOptions, wanted: (t: Tensor) => boolean): Map<Tensor, Tensor> {
  if (!output.requiresGrad) throw new Error('backward: the output does not depend on any tensor that requires a gradient');
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const grads = new Map<Tensor, Tensor>([[output, seedGradient(output, options.gradOutput)]]);
  const found = new Map<Tensor, Tensor>();
  const pass = (): void => {
    for (const t of topologicalOrder(output)) {
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      if (wanted(t)) found.set(t, g);
      const fn = t.gradFn;
      if (fn === null) continue;
      if (fn.released) throw new Error(`backward: the graph through '${fn.name}' was already freed by an earlier backward; pass retainGraph: true to the first one`);
      const inputGrads = fn.backward(g);
      fn.inputs.forEach((input, i) => {
        const ig = inputGrads[i];
        if (!input.requiresGrad || ig === null || ig === undefined) return;
        if (!shapesEqual(ig.shape, input.shape)) {
          throw new ShapeError(`backward of '${fn.name}': gradient shape ${formatShape(ig.shape)} differs from input shape ${formatShape(input.shape)}`);
        }
        const prev = grads.get(input);
        grads.set(input, prev === undefined ? ig : add(prev, ig));
      });
      if (!retainGraph) {
        // Drop the closure and its saved tensors now, so memory does not wait for the output to be collected.
        // Dropping the inputs too lets a kept output (say, a logged loss) stop pinning the whole forward graph.
        fn.released = true;
        fn.backward = () => { throw new Error(`backward: the graph through '${fn.name}' was already freed`); };
        fn.inputs = [];
      }
    }
  };
  if (createGraph) enableGrad(pass);
  else noGrad(pass);
  return found;
}

/** ∂output/∂input for each of `inputs` (zeros where the output does not depend on one), like torch.autograd.grad. */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: BackwardOptions = {}): Tensor[] {
  for (const x of inputs) if (!x.requiresGrad) throw new Error(`gradients: input ${x.toString()} does not require a gradient`);
  const wantedSet = new Set(inputs);
  const found = run(output, options, (t) => wantedSet.has(t));
  return inputs.map((x) => found.get(x) ?? Tensor.empty(x.shape));
}

function copyOf(t: Tensor): Tensor {
  const out = Tensor.empty(t.shape);
  out.data.set(t.data);
  return out;
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Accumulates ∂output/∂leaf into `leaf.grad` for every leaf that requires a gradient (PyTorch's `backward`). */
export function backward(output: Tensor, options: BackwardOptions = {}): void {
  const createGraph = options.createGraph ?? false;
  const found = [...run(output, options, (t) => t.isLeaf && t.requiresGrad)];
  found.forEach(([leaf, g], i) => {
    if (createGraph) {
      leaf.grad = leaf.grad === null ? g : add(leaf.grad, g);
      return;
    }
    // NOTE: .grad must own its storage: optimizers and clipping update it in place. One gradient can reach
    // several leaves (add passes g to both inputs; reshape passes a view) or be the caller's gradOutput, so a
    // gradient whose memory any other result (or gradOutput) also uses is copied; the rest are taken as they are.
    const shared = (options.gradOutput !== undefined && overlaps(g.data, options.gradOutput.data)) ||
      found.some(([, h], j) => j !== i && overlaps(g.data, h.data));
    leaf.grad = leaf.grad === null ? (shared ? copyOf(g) : g) : noGrad(() => add(leaf.grad!, g));
  });
}
