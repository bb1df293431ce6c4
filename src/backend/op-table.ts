/**
 * The one table of elementwise, binary, reduction and fused-activation op names. Each name is written here
 * once; the types (`UnaryOp`, …), the op codes the C kernels use (an op's code is its position in its table),
 * the JS reference's function tables (mapped types over these names, so the compiler demands an entry for
 * each) and the conformance suite are all derived from it.
 *
 * The C side (csrc/aekit.h's AEKIT_*_OPS lists) must list the same names in the same order. Each compiled
 * module (the native addon, every wasm build) carries its table as one string (`aekit_op_table`), which its
 * loader compares with `opTableSignature()` before it uses the module; a module built from another table is
 * refused with a message saying how to rebuild it.
 */

/** How a kernel's result compares with the reference: bit-identical, or within a few ulp (transcendentals). */
export type Accuracy = 'exact' | 'approx';

interface UnaryEntry {
  accuracy: Accuracy;
  /** The (p0, p1) parameters the conformance suite tries; ops without parameters use [[0, 0]]. */
  cases?: readonly (readonly [number, number])[];
}

/** Unary ops `out = f(x; p0, p1)`, in code order. */
export const UNARY = {
  neg: { accuracy: 'exact' },
  exp: { accuracy: 'approx' },
  log: { accuracy: 'approx' },
  log1p: { accuracy: 'approx' },
  expm1: { accuracy: 'approx' },
  sqrt: { accuracy: 'exact' },
  rsqrt: { accuracy: 'approx' },
  abs: { accuracy: 'exact' },
  sign: { accuracy: 'exact' },
  square: { accuracy: 'exact' },
  reciprocal: { accuracy: 'exact' },
  sigmoid: { accuracy: 'approx' },
  tanh: { accuracy: 'approx' },
  relu: { accuracy: 'exact' },
  softplus: { accuracy: 'approx' },
  logSigmoid: { accuracy: 'approx' },
  step: { accuracy: 'exact' },
  /** max(x, 0) + p0·min(x, 0) */
  leakyRelu: { accuracy: 'approx', cases: [[0.1, 0]] },
  /** x > 0 ? x : p0·(eˣ − 1) */
  elu: { accuracy: 'approx', cases: [[1.3, 0]] },
  /** min(max(x, p0), p1) */
  clamp: { accuracy: 'exact', cases: [[-0.5, 0.75]] },
  /** p0·x + p1 */
  affine: { accuracy: 'approx', cases: [[2.5, -1]] },
  /** x ** p0 */
  powScalar: { accuracy: 'approx', cases: [[2, 0], [0.5, 0], [3, 0], [-1.5, 0]] },
} as const satisfies Record<string, UnaryEntry>;

/** Broadcasting binary ops `out = f(a, b)`, in code order (comparisons give 1 or 0). */
export const BINARY = {
  add: { accuracy: 'exact' },
  sub: { accuracy: 'exact' },
  mul: { accuracy: 'exact' },
  div: { accuracy: 'exact' },
  pow: { accuracy: 'approx' },
  maximum: { accuracy: 'exact' },
  minimum: { accuracy: 'exact' },
  gt: { accuracy: 'exact' },
  ge: { accuracy: 'exact' },
  lt: { accuracy: 'exact' },
  le: { accuracy: 'exact' },
  eq: { accuracy: 'exact' },
  ne: { accuracy: 'exact' },
  /** max(a, 0) − a·b + log1p(exp(−|a|)): binary cross-entropy of logits a against targets b */
  bceWithLogits: { accuracy: 'approx' },
} as const satisfies Record<string, { accuracy: Accuracy }>;

/** Reductions over axes, in code order. */
export const REDUCE = {
  sum: {},
  max: {},
  min: {},
  prod: {},
} as const satisfies Record<string, object>;

/**
 * The activations the fused bias + activation kernels apply, each computable backwards from its output alone.
 * `code` is the activation's unary op (the C kernels take that code, or -1 for the identity).
 */
export const ACTIVATION = {
  identity: { code: null },
  relu: { code: 'relu' },
  sigmoid: { code: 'sigmoid' },
  tanh: { code: 'tanh' },
  /** p0: the negative slope */
  leakyRelu: { code: 'leakyRelu' },
  /** p0: α */
  elu: { code: 'elu' },
  softplus: { code: 'softplus' },
} as const satisfies Record<string, { code: keyof typeof UNARY | null }>;

export type UnaryOp = keyof typeof UNARY;
export type BinaryOp = keyof typeof BINARY;
export type ReduceOp = keyof typeof REDUCE;
export type Activation = keyof typeof ACTIVATION;

export const UNARY_OPS = Object.keys(UNARY) as UnaryOp[];
export const BINARY_OPS = Object.keys(BINARY) as BinaryOp[];
export const REDUCE_OPS = Object.keys(REDUCE) as ReduceOp[];
export const ACTIVATIONS = Object.keys(ACTIVATION) as Activation[];

function codes<K extends string>(names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map((name, i) => [name, i])) as Record<K, number>;
}

/** The C kernels' op codes. */
export const UNARY_CODE = codes(UNARY_OPS);
export const BINARY_CODE = codes(BINARY_OPS);
export const REDUCE_CODE = codes(REDUCE_OPS);
/** The code the fused C kernels take for an activation: its unary op's code, -1 for the identity. */
export const ACTIVATION_CODE = Object.fromEntries(ACTIVATIONS.map((a) => {
  const op = ACTIVATION[a].code;
  return [a, op === null ? -1 : UNARY_CODE[op]];
})) as Record<Activation, number>;

/**
 * The version of the C kernels' calling conventions (arguments, structs, exported functions). Bump it here and
 * in csrc/aekit.h (AEKIT_ABI_VERSION) together whenever either changes.
 */
export const KERNEL_ABI_VERSION = 5;

/**
 * The string every compiled module must carry, 'abi=2;unary=neg,exp,…,;binary=…' (each name followed by a
 * comma): csrc/op_table.c builds the same one from csrc/aekit.h's lists.
 */
export function opTableSignature(): string {
  const list = (names: readonly string[]): string => names.map((n) => `${n},`).join('');
  return `abi=${KERNEL_ABI_VERSION};unary=${list(UNARY_OPS)};binary=${list(BINARY_OPS)};reduce=${list(REDUCE_OPS)}`;
}

/** Throws, naming the first difference and how to rebuild, unless a module's table matches this one. */
export function checkOpTable(module: string, signature: string, rebuild: string): void {
  const want = opTableSignature();
  if (signature === want) return;
  const have = new Map(signature.split(';').map((part) => part.split('=') as [string, string]));
  const diff = want.split(';').map((part) => part.split('=') as [string, string]).find(([key, value]) => have.get(key) !== value);
  const [key, value] = diff ?? ['table', want];
  throw new Error(`${module} was built from another kernel table (${key}: '${have.get(key) ?? 'missing'}', expected '${value}'); rebuild it: ${rebuild}`);
}
