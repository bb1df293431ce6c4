/** Parsers for command-line option values, so bad input fails with a message that names the option. */
import { InvalidArgumentError } from 'commander';

/**
 * The command line asks for something that cannot be (an unknown model, an option the model lacks, options
 * that exclude each other): reported in one line with exit code 2, like commander's own usage errors.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The widest line aekit prints (help aside), so output reads in an 100-column terminal or log. */
export const MAX_COLUMNS = 100;

export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`'${value}' is not a number.`);
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = parseNumber(value);
  if (n <= 0) throw new InvalidArgumentError(`'${value}' must be greater than 0.`);
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a non-negative integer.`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = parseNonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError(`'${value}' must be at least 1.`);
  return n;
}

/** Writes one JSON document to stdout (the machine-readable result of a command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Progress and notes go to stderr so stdout stays clean for results. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
