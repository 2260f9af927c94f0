// The typed error of @awad/graph's readers: a ValidationError (code INVALID_INPUT) naming the
// file or field, what was expected and what came.
import { ValidationError, describeValue } from '@awad/core';

export function invalidInput(module: string, path: string, expected: string, received: unknown): ValidationError {
  const got = typeof received === 'string' ? received : describeValue(received);
  return new ValidationError([{ code: 'INVALID_INPUT', path, expected, received: got, message: `${module}: ${path}: expected ${expected}, got ${got}` }]);
}
