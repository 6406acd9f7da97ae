/** Parsers for command-line option values, with messages that name the option. */
import { DomainError } from '../core/errors.js';

/** A commander argument parser for a non-negative whole number. */
export function integerOption(name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value))
      throw new DomainError('invalid_input', `${name} must be a whole number, not "${value}"`);
    return Number(value);
  };
}
