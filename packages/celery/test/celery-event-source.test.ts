// createCeleryEventSource against a real Redis on 127.0.0.1:6379: messages PUBLISHed on the
// channel kombu uses reach the monitor; errors reach onError and never stop the source.
import { ConfigError, createMonitor, ValidationError, type TaskStateChange, type Verdict } from '@awad/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCeleryEventSource, type CeleryErrorState } from '../src/index';

const REDIS_URL = 'redis://127.0.0.1:6379/5';

async function redisUp(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const up = await redisUp();
if (!up) console.warn('celery-event-source.test: skipped, no Redis on 127.0.0.1:6379');

const publisher = up ? new Redis(REDIS_URL) : undefined;
afterAll(() => publisher?.disconnect());

function message(events: unknown[]): string {
  return JSON.stringify({ body: Buffer.from(JSON.stringify(events)).toString('base64'), 'content-type': 'application/json', properties: { body_encoding: 'base64' } });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

const t = Date.now() / 1000;
const lifecycle = [
  { type: 'task-received', uuid: 'j1', name: 'etl.load', root_id: 'j1', parent_id: null, retries: 0, timestamp: t },
  { type: 'task-started', uuid: 'j1', timestamp: t + 0.1 },
  { type: 'task-succeeded', uuid: 'j1', runtime: 0.2, timestamp: t + 0.3 },
];

describe.skipIf(!up)('createCeleryEventSource on a real Redis', () => {
  it('judges the events PUBLISHed on the Celery event channel, and stops', async () => {
    const keyPrefix = `awad-src-${process.pid}-${Math.random().toString(36).slice(2)}:`;
    const seen: { event: TaskStateChange; verdict: Verdict }[] = [];
    const errors: CeleryErrorState[] = [];
    const monitor = createMonitor();
    const source = createCeleryEventSource({ redisUrl: REDIS_URL, keyPrefix, monitor, onVerdict: ({ event, verdict }) => seen.push({ event, verdict }), onError: (s) => errors.push(s) });
    expect(source.patterns).toEqual([`${keyPrefix}/5.celeryev`, `${keyPrefix}/5.celeryev/*`]);
    await source.start();
    expect(await publisher!.publish(`${keyPrefix}/5.celeryev/task.multi`, message(lifecycle))).toBe(1);
    await until(() => seen.length === 3, 'three verdicts');
    expect(seen.map(({ event }) => event.state)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(monitor.tracker.getRun('j1')?.tasks.get('j1')?.state).toBe('SUCCEEDED');
    // Another app's db, or no key prefix: not this source's channel.
    expect(await publisher!.publish(`${keyPrefix}/6.celeryev/task.multi`, message(lifecycle))).toBe(0);
    expect(await publisher!.publish('/5.celeryev/task.multi', message(lifecycle))).toBe(0);
    expect(errors).toEqual([]);
    await source.stop();
    expect(await publisher!.publish(`${keyPrefix}/5.celeryev/task.multi`, message(lifecycle))).toBe(0);
    expect(source.stats()).toMatchObject({ messages: 1, events: 3, observed: 3, errors: 0 });
  });

  it('reports unreadable messages, refused events and failing callbacks on onError, and goes on', async () => {
    const keyPrefix = `awad-src-${process.pid}-${Math.random().toString(36).slice(2)}:`;
    const errors: CeleryErrorState[] = [];
    const verdicts: Verdict[] = [];
    const real = createMonitor();
    let calls = 0;
    const monitor = {
      observe(event: TaskStateChange): Verdict {
        calls += 1;
        if (calls === 2) throw new ValidationError([{ code: 'INVALID_FIELD', path: 'x', expected: 'y', received: 'z', message: 'refused' }]);
        return real.observe(event);
      },
    };
    const source = createCeleryEventSource({
      redisUrl: REDIS_URL, keyPrefix, monitor,
      onVerdict: ({ verdict }) => {
        verdicts.push(verdict);
        if (verdict.state === 'SUCCEEDED') throw new Error('callback failed');
      },
      onError: (s) => errors.push(s),
    });
    await source.start();
    const channel = `${keyPrefix}/5.celeryev/task.multi`;
    await publisher!.publish(channel, 'garbage');
    await publisher!.publish(channel, message([{ type: 'task-started', timestamp: t }])); // no uuid
    await publisher!.publish(channel, message(lifecycle));
    await until(() => errors.length === 4, 'four errors');
    await source.stop();
    expect(errors.map((e) => (e.error as { code?: string }).code ?? e.error.message)).toEqual(['INVALID_FIELD', 'MISSING_FIELD', 'INVALID_FIELD', 'callback failed']);
    expect(errors[1]?.celeryEvent?.type).toBe('task-started');
    expect(verdicts.map((v) => v.state)).toEqual(['QUEUED', 'SUCCEEDED']);
    expect(source.stats()).toMatchObject({ messages: 3, events: 4, observed: 2, errors: 4 });
  });

  it('start() rejects when Redis cannot be reached, and stops trying', async () => {
    const errors: CeleryErrorState[] = [];
    const source = createCeleryEventSource({ redisUrl: 'redis://127.0.0.1:1/0', monitor: createMonitor(), onError: (s) => errors.push(s) });
    await expect(source.start()).rejects.toThrow();
    await source.stop();
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('createCeleryEventSource options', () => {
  it('refuses a missing monitor and a URL that is not redis://', () => {
    expect(() => createCeleryEventSource({} as never)).toThrow(ConfigError);
    expect(() => createCeleryEventSource({ monitor: createMonitor(), redisUrl: 'http://x/0' })).toThrow(expect.objectContaining({ option: 'redisUrl' }));
    expect(() => createCeleryEventSource({ monitor: createMonitor(), redisUrl: 'redis://x/abc' })).toThrow(expect.objectContaining({ option: 'redisUrl' }));
    expect(createCeleryEventSource({ monitor: createMonitor(), redisUrl: 'redis://x:6379' }).patterns[0]).toBe('/0.celeryev');
    expect(createCeleryEventSource({ monitor: createMonitor(), redisUrl: 'redis://x:6379/2', db: 7 }).patterns[0]).toBe('/7.celeryev');
  });
});
