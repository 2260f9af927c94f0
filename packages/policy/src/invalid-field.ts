// The ValidationIssue of a field that is not what was expected, as this package's modules report it.
import type { ValidationIssue } from '@awad/core';

export function invalidField(module: string, path: string, expected: string, received: string): ValidationIssue {
  return { code: 'INVALID_FIELD', path, expected, received, message: `${module}: expected \`${path}\` to be ${expected}, got ${received}` };
}
