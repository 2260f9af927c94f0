// The sidecar's JSON body parser: secure-json-parse (as Fastify's own) with errors that say which
// problem it was: INVALID_JSON (with the parser's position) or FORBIDDEN_KEY (`__proto__`,
// `constructor.prototype`: prototype-pollution attempts), instead of one generic message.
// Reference: secure-json-parse (https://github.com/fastify/secure-json-parse).
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';

/** An HTTP 400 raised while reading a body, with its error code for the reply. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly statusCode = 400;
  constructor(readonly code: 'INVALID_JSON' | 'FORBIDDEN_KEY' | 'EMPTY_BODY', message: string) {
    super(message);
  }
}

export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(new BodyError('EMPTY_BODY', 'expected a JSON body, got an empty one'), undefined);
    try {
      done(null, sjson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const message = (error as Error).message;
      const forbidden = /prototype property|constructor/.test(message) && !/JSON/.test(message);
      done(new BodyError(forbidden ? 'FORBIDDEN_KEY' : 'INVALID_JSON', forbidden ? `a key that could pollute prototypes: ${message}` : `the body is not JSON: ${message}`), undefined);
    }
  });
}
