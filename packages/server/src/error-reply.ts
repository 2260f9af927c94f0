// How the sidecar answers errors: a status code and one JSON body shape,
// { error: { code, message, path?, expected?, received?, issues? } }, reusing core's codes for
// validation (MISSING_FIELD, INVALID_FIELD, INVALID_TIMESTAMP...) and naming HTTP-level problems
// (INVALID_JSON, FORBIDDEN_KEY, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ...) for the rest.
import { AwadError, UnknownVerdictError, ValidationError } from '@awad/core';
import { BodyError } from './json-body';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly path?: string;
    readonly expected?: string;
    readonly received?: string;
    readonly issues?: readonly { readonly code: string; readonly path: string; readonly expected: string; readonly received: string }[];
  };
}

const MAX_ISSUES = 20;

/** The status and body for any error a route or Fastify raised. */
export function errorReply(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ValidationError) {
    return {
      status: 400,
      body: {
        error: {
          code: error.code,
          message: error.message,
          path: error.path,
          expected: error.expected,
          received: error.received,
          issues: error.issues.slice(0, MAX_ISSUES).map(({ code, path, expected, received }) => ({ code, path, expected, received })),
        },
      },
    };
  }
  if (error instanceof UnknownVerdictError) return { status: 404, body: { error: { code: error.code, message: error.message, path: 'verdictId', received: JSON.stringify(error.verdictId) } } };
  if (error instanceof AwadError) return { status: 400, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof BodyError) {
    if (error.code === 'EMPTY_BODY') return { status: 400, body: { error: { code: 'MISSING_FIELD', message: `@awad/server: ${error.message}`, path: '', expected: 'a JSON body', received: 'an empty body' } } };
    return { status: 400, body: { error: { code: error.code, message: `@awad/server: ${error.message}`, path: '', expected: error.code === 'FORBIDDEN_KEY' ? 'no "__proto__" or "constructor.prototype" keys' : 'a JSON body' } } };
  }

  const e = error as { code?: string; statusCode?: number; message?: string; name?: string };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'BODY_TOO_LARGE', message: `@awad/server: ${message}` } } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 415 : 400, body: { error: { code: e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_CONTENT_LENGTH', message: `@awad/server: ${message}`, expected: 'Content-Type: application/json' } } };
    default:
      break;
  }
  const status = typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status < 500) return { status, body: { error: { code: e.code ?? 'BAD_REQUEST', message: `@awad/server: ${message}` } } };
  return { status, body: { error: { code: 'INTERNAL', message: '@awad/server: internal error' } } };
}
