/**
 * Method-style access to the ops (`x.add(y).relu()`), attached to Tensor's prototype here so that the ops
 * and the Tensor class do not import each other. Each method is the op of the same name in src/ops.
 */
import { backward, type BackwardOptions } from '../autograd/backward.js';
import * as binary from '../ops/binary.js';
import { matmul, type MatmulOptions } from '../ops/matmul.js';
import * as reduce from '../ops/reduce.js';
import * as shapeOps from '../ops/shape-ops.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import * as unary from '../ops/unary.js';
import { Tensor } from './tensor.js';

type Operand = binary.Operand;
type Axes = reduce.Axes;

declare module './tensor.js' {
  interface Tensor {
    add(other: Operand): Tensor;
    sub(other: Operand): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand): Tensor;
    pow(other: Operand): Tensor;
    maximum(other: Operand): Tensor;
    minimum(other: Operand): Tensor;
    gt(other: Operand): Tensor;
    ge(other: Operand): Tensor;
    lt(other: Operand): Tensor;
    le(other: Operand): Tensor;
    eq(other: Operand): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    relu(): Tensor;
    softplus(): Tensor;
    clamp(low?: number, high?: number): Tensor;
    sum(axes?: Axes, keepDims?: boolean): Tensor;
    mean(axes?: Axes, keepDims?: boolean): Tensor;
    max(axes?: Axes, keepDims?: boolean): Tensor;
    min(axes?: Axes, keepDims?: boolean): Tensor;
    argmax(axis?: number, keepDims?: boolean): Tensor;
    logSumExp(axes?: Axes, keepDims?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    matmul(other: Tensor, options?: MatmulOptions): Tensor;
    reshape(shape: readonly number[]): Tensor;
    flatten(startAxis?: number, endAxis?: number): Tensor;
    transpose(axis0?: number, axis1?: number): Tensor;
    permute(perm: readonly number[]): Tensor;
    unsqueeze(axis: number): Tensor;
    squeeze(axis?: number): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    /** Accumulates gradients into the leaves this tensor depends on. */
    backward(options?: BackwardOptions): void;
  }
}

const proto = Tensor.prototype;
proto.add = function (o) { return binary.add(this, o); };
proto.sub = function (o) { return binary.sub(this, o); };
proto.mul = function (o) { return binary.mul(this, o); };
proto.div = function (o) { return binary.div(this, o); };
proto.pow = function (o) { return binary.pow(this, o); };
proto.maximum = function (o) { return binary.maximum(this, o); };
proto.minimum = function (o) { return binary.minimum(this, o); };
proto.gt = function (o) { return binary.gt(this, o); };
proto.ge = function (o) { return binary.ge(this, o); };
proto.lt = function (o) { return binary.lt(this, o); };
proto.le = function (o) { return binary.le(this, o); };
proto.eq = function (o) { return binary.eq(this, o); };
proto.neg = function () { return unary.neg(this); };
proto.exp = function () { return unary.exp(this); };
proto.log = function () { return unary.log(this); };
proto.log1p = function () { return unary.log1p(this); };
proto.sqrt = function () { return unary.sqrt(this); };
proto.abs = function () { return unary.abs(this); };
proto.square = function () { return unary.square(this); };
proto.sigmoid = function () { return unary.sigmoid(this); };
proto.tanh = function () { return unary.tanh(this); };
proto.relu = function () { return unary.relu(this); };
proto.softplus = function () { return unary.softplus(this); };
proto.clamp = function (low, high) { return unary.clamp(this, low, high); };
proto.sum = function (axes, keepDims) { return reduce.sum(this, axes, keepDims); };
proto.mean = function (axes, keepDims) { return reduce.mean(this, axes, keepDims); };
proto.max = function (axes, keepDims) { return reduce.max(this, axes, keepDims); };
proto.min = function (axes, keepDims) { return reduce.min(this, axes, keepDims); };
proto.argmax = function (axis, keepDims) { return reduce.argmax(this, axis, keepDims); };
proto.logSumExp = function (axes, keepDims) { return reduce.logSumExp(this, axes, keepDims); };
proto.softmax = function (axis) { return softmax(this, axis); };
proto.logSoftmax = function (axis) { return logSoftmax(this, axis); };
proto.matmul = function (o, options) { return matmul(this, o, options); };
proto.reshape = function (shape) { return shapeOps.reshape(this, shape); };
proto.flatten = function (s, e) { return shapeOps.flatten(this, s, e); };
proto.transpose = function (a, b) { return shapeOps.transpose(this, a, b); };
proto.permute = function (perm) { return shapeOps.permute(this, perm); };
proto.unsqueeze = function (axis) { return shapeOps.unsqueeze(this, axis); };
proto.squeeze = function (axis) { return shapeOps.squeeze(this, axis); };
proto.broadcastTo = function (shape) { return shapeOps.broadcastTo(this, shape); };
proto.backward = function (options) { backward(this, options); };
