// decodeKombuMessage and the event channel names, checked against what kombu's Redis transport writes.
import { isAwadError } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { decodeKombuMessage, eventChannel, eventChannelPatterns } from '../src/index';

/** A message as kombu's virtual transport builds it (base64 body, JSON content). */
function kombuMessage(body: unknown, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: { hostname: 'celery@test' },
    properties: { delivery_mode: 1, delivery_info: { exchange: 'celeryev', routing_key: 'task.multi' }, priority: 0, body_encoding: 'base64', delivery_tag: 'x' },
    ...overrides,
  });
}

const started = { type: 'task-started', uuid: 'u1', timestamp: 1795332554.41, hostname: 'celery@test' };

function errorOf(fn: () => unknown): { code?: string; path?: string } {
  try {
    fn();
  } catch (error) {
    expect(isAwadError(error)).toBe(true);
    return error as { code: string; path: string };
  }
  throw new Error('expected a throw');
}

describe('decodeKombuMessage', () => {
  it('reads one event and a worker\'s buffered list of events, from a string or a Buffer', () => {
    expect(decodeKombuMessage(kombuMessage(started))).toEqual([started]);
    const list = [started, { ...started, type: 'task-succeeded', runtime: 0.5 }];
    expect(decodeKombuMessage(Buffer.from(kombuMessage(list)))).toEqual(list);
  });

  it('reads a body that is not base64-encoded', () => {
    const plain = JSON.stringify({ body: JSON.stringify(started), 'content-type': 'application/json', properties: {} });
    expect(decodeKombuMessage(plain)).toEqual([started]);
  });

  it('refuses what is not a JSON envelope of Celery events, naming the field', () => {
    expect(errorOf(() => decodeKombuMessage('not json'))).toMatchObject({ code: 'INVALID_FIELD', path: 'message' });
    expect(errorOf(() => decodeKombuMessage('[1]'))).toMatchObject({ path: 'message' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage(started, { 'content-type': 'application/x-python-serialize' })))).toMatchObject({ path: 'content-type' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage(started, { body: 42 })))).toMatchObject({ path: 'body' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage(started, { body: Buffer.from('{oops').toString('base64') })))).toMatchObject({ path: 'body' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage([started, { uuid: 'u2', timestamp: 1 }])))).toMatchObject({ code: 'MISSING_FIELD', path: 'body[1].type' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage({ type: 'task-started', timestamp: '10:00' })))).toMatchObject({ code: 'INVALID_FIELD', path: 'body.timestamp' });
    expect(errorOf(() => decodeKombuMessage(kombuMessage(started, { properties: { body_encoding: 'rot13' } })))).toMatchObject({ path: 'properties.body_encoding' });
  });
});

describe('eventChannelPatterns', () => {
  it('follows kombu: /<db>.<exchange>, then /<routing key> with fanout patterns', () => {
    expect(eventChannel()).toBe('/0.celeryev');
    expect(eventChannelPatterns({ db: 9 })).toEqual(['/9.celeryev', '/9.celeryev/*']);
    expect(eventChannelPatterns({ keyPrefix: 'app1:', exchange: 'events' })).toEqual(['app1:/0.events', 'app1:/0.events/*']);
    expect(eventChannel({ fanoutPrefix: false })).toBe('celeryev');
    expect(eventChannel({ fanoutPrefix: 'ev.', db: 3 })).toBe('ev.celeryev');
  });

  it('escapes glob characters of a prefix', () => {
    expect(eventChannelPatterns({ keyPrefix: 'a*[b]?:' })[0]).toBe('a\\*\\[b\\]\\?:/0.celeryev');
  });

  it('refuses bad options with a ConfigError', () => {
    expect(() => eventChannel({ db: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'db' }));
    expect(() => eventChannel({ exchange: '' })).toThrow(expect.objectContaining({ option: 'exchange' }));
    expect(() => eventChannel({ fanoutPrefix: 1 as unknown as boolean })).toThrow(expect.objectContaining({ option: 'fanoutPrefix' }));
  });
});
