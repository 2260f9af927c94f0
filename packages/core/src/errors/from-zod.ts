// validationErrorFromZod: a zod failure as AWAD's ValidationError (code, path, expected, received),
// for packages that validate their own inputs with zod (adapters, the sidecar's request bodies).
// Reference: docs/events.md "Validation errors"; the codes are the ones events use.
import type { z } from 'zod';
import { ValidationError, describeValue, type ValidationIssue } from './validation-error';

/** The value at a zod issue's path in the input (undefined where the path leaves it). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return ({ object: 'an object', array: 'an array', int: 'an integer' } as Record<string, string>)[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'number' ? `a number >= ${String(issue.minimum)}` : issue.origin === 'string' ? `a string of at least ${String(issue.minimum)} characters` : `at least ${String(issue.minimum)} items`;
    case 'too_big':
      return issue.origin === 'number' ? `a number <= ${String(issue.maximum)}` : issue.origin === 'string' ? `a string of at most ${String(issue.maximum)} characters` : `at most ${String(issue.maximum)} items`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `a ${issue.format} string`;
    case 'unrecognized_keys':
      return `no key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

/**
 * Converts a zod error on `input` to a ValidationError naming each problem's path, what was
 * expected and what came. `subject` names the input in messages (e.g. "the OpenLineage event").
 */
export function validationErrorFromZod(module: string, error: z.ZodError, input: unknown, subject = 'the input'): ValidationError {
  const issues: ValidationIssue[] = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const received = issue.code === 'unrecognized_keys' ? undefined : valueAt(input, issue.path);
    const shown = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => JSON.stringify(k)).join(', ') : describeValue(received);
    const expected = expectedOf(issue);
    const code = typeof received === 'number' && !Number.isFinite(received) ? 'NON_FINITE_NUMBER' : received === undefined && issue.code !== 'unrecognized_keys' ? 'MISSING_FIELD' : 'INVALID_FIELD';
    const field = path === '' ? subject : `\`${path}\``;
    return { code, path, expected, received: shown, message: `${module}: expected ${field} to be ${expected}, got ${shown}` };
  });
  return new ValidationError(issues);
}
