// invalidMessage: the ValidationError this package reports for a message or event it cannot read.
import { ValidationError, describeValue, type AwadErrorCode } from '@awad/core';

/** A ValidationError for one problem at `path`, its message naming the module. */
export function invalidMessage(module: string, path: string, expected: string, received: unknown, code: AwadErrorCode = 'INVALID_FIELD'): ValidationError {
  const got = describeValue(received);
  return new ValidationError([
    { code, path, expected, received: got, message: `${module}: expected \`${path}\` to be ${expected}, got ${got}` },
  ]);
}
