/** aekit.nn: modules, layers, activations and initialisers. */
export { Module, Parameter, type AnyModule, type LoadStateDictOptions, type LoadStateDictResult } from './module.js';
export * as init from './init.js';
export { Linear, type LinearOptions } from './linear.js';
export { Conv2d, ConvTranspose2d, type Conv2dLayerOptions, type ConvTranspose2dLayerOptions } from './conv.js';
export { Sequential, type Layer } from './sequential.js';
export { ReLU, Sigmoid, Tanh, LeakyReLU, ELU, Softplus, Identity, activation, type ActivationName } from './activations.js';
export { Dropout } from './dropout.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batch-norm.js';
export { Flatten, Unflatten } from './flatten.js';
export { mlp, type MlpOptions } from './mlp.js';
export { moduleGradCheck, assertModuleGradients, type ModuleGradMismatch } from './module-gradcheck.js';
