// AwadError: the one base class for every error this SDK throws, with a stable `code`.
// Reference: house style (STYLE.md): one base error with a literal code; tests assert on the code.

/** Every code an AWAD error can carry. Stable across releases: match on these, not on messages. */
export type AwadErrorCode =
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'INVALID_TIMESTAMP'
  | 'NON_FINITE_NUMBER'
  | 'UNKNOWN_STATE'
  | 'ILLEGAL_TRANSITION'
  | 'UNSUPPORTED_SPEC_VERSION'
  | 'INVALID_OPTION'
  | 'INVALID_SNAPSHOT'
  | 'DETECTOR_FAILED'
  | 'HOOK_FAILED'
  | 'INVALID_INPUT'
  | 'LABEL_BUDGET_EXCEEDED'
  | 'STORE_FAILED'
  | 'ADAPTER_FAILED'
  | 'UNKNOWN_VERDICT';

/**
 * Base class of AWAD errors. `code` is stable; the message starts with the package and
 * module that threw it and says what was expected and what came.
 */
export class AwadError extends Error {
  override readonly name: string = 'AwadError';
  readonly code: AwadErrorCode;

  constructor(code: AwadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Type guard for any AWAD error, optionally of one code. */
export function isAwadError(value: unknown, code?: AwadErrorCode): value is AwadError {
  return value instanceof AwadError && (code === undefined || value.code === code);
}
