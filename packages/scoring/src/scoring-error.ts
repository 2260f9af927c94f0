// ScoringError: the one typed error every @awad/scoring function throws on bad input.
// Reference: METHODS.md §6 input conventions (y in {0,1}, finite scores, equal lengths).

/** Machine-readable reason for a {@link ScoringError}; tests and callers branch on this, not on the message. */
export type ScoringErrorCode =
  | 'LENGTH_MISMATCH'
  | 'INVALID_LABEL'
  | 'INVALID_SCORE'
  | 'EMPTY_INPUT'
  | 'INVALID_OPTION';

/**
 * Thrown for invalid input to any scoring function. The message starts with
 * `@awad/scoring/<function>:` and says what was expected and what came.
 *
 * @example
 * ```ts
 * try {
 *   rocAuc([0, 1], [0.3]);
 * } catch (err) {
 *   if (err instanceof ScoringError && err.code === 'LENGTH_MISMATCH') console.error(err.message);
 * }
 * ```
 */
export class ScoringError extends Error {
  override readonly name = 'ScoringError' as const;
  readonly code: ScoringErrorCode;

  constructor(code: ScoringErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
