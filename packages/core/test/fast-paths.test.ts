// The hand-written fast paths must agree with their reference implementations.
import { describe, expect, it } from 'vitest';
import { createRandom, parseIsoTime, taskStateChangeSchema } from '../src/index';
import { isWellFormedEvent } from '../src/event/fast-check';
import { ev } from './helpers';

const ODD_VALUES: unknown[] = [undefined, null, '', 'x', 0, 1, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, true, [], {}, ['a'], { message: 'm' }, 'RUNNING', '2026-11-02T08:00:00Z'];
const PATHS = [
  ['specVersion'], ['eventId'], ['source'], ['source', 'system'], ['source', 'version'], ['occurredAt'], ['state'], ['previousState'], ['rawState'],
  ['task'], ['task', 'key'], ['task', 'runId'], ['task', 'attempt'], ['task', 'maxAttempts'], ['task', 'name'],
  ['workflow'], ['workflow', 'key'], ['workflow', 'runId'], ['workflow', 'parentRunId'],
  ['upstream'], ['upstream', 0], ['upstream', 0, 'taskKey'], ['upstream', 0, 'taskRunId'],
  ['timing'], ['timing', 'startedAt'], ['timing', 'durationMs'], ['timing', 'queueWaitMs'],
  ['error'], ['error', 'message'], ['error', 'willRetry'], ['metrics'], ['metrics', 'cpu'], ['context'], ['context', 'deploy'], ['tags'], ['tags', 0],
];

function base(): Record<string, unknown> {
  return {
    ...ev({ state: 'SUCCEEDED', t: 5, upstream: ['a'], metrics: { cpu: 0.5 } }),
    timing: { startedAt: '2026-11-02T08:00:00Z', durationMs: 5000 },
    error: { message: 'none', willRetry: false },
    context: { deploy: 1, version: 'v2' },
    tags: ['etl'],
  };
}

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined && typeof last === 'string') delete node[last];
  else node[last] = value;
}

describe('isWellFormedEvent agrees with the zod schema', () => {
  it('on a valid event and on 5000 random corruptions of it', () => {
    expect(isWellFormedEvent(base())).toBe(true);
    const rng = createRandom(42);
    for (let i = 0; i < 5000; i++) {
      const input = structuredClone(base());
      const changes = rng.int(1, 3);
      for (let k = 0; k < changes; k++) setAt(input, rng.pick(PATHS), rng.pick(ODD_VALUES));
      const fast = isWellFormedEvent(input);
      const reference = taskStateChangeSchema.safeParse(input).success;
      if (fast !== reference) throw new Error(`disagree (fast ${fast}, zod ${reference}) on ${JSON.stringify(input)}`);
    }
  });
});

describe('parseIsoTime agrees with Date.parse', () => {
  it('on random timestamps in the common shapes', () => {
    const rng = createRandom(7);
    for (let i = 0; i < 5000; i++) {
      const t = Date.UTC(1990, 0, 1) + Math.floor(rng.next() * 60 * 365 * 86_400_000);
      const d = new Date(t);
      const offset = rng.pick([0, 60, -300, 330, 525, -720]);
      const local = new Date(t + offset * 60_000).toISOString().slice(0, 19);
      const frac = rng.pick(['', '.5', '.123', '.123456', '.000000001']);
      const zone = offset === 0 && rng.chance(0.5) ? 'Z' : `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      const text = `${local}${frac}${zone}`;
      expect(parseIsoTime(text), text).toBe(Date.parse(text));
      expect(parseIsoTime(d.toISOString())).toBe(t);
    }
  });

  it('rejects what is not ISO-8601 with a zone, and impossible dates', () => {
    for (const bad of ['2026-11-02T08:00:00', '2026-11-02 08:00:00Z', '2026-02-30T08:00:00Z', '2026-13-01T00:00:00Z', '2026-11-02T24:00:00Z', '2026-11-02T08:00:00.Z', 'tomorrow', '']) {
      expect(parseIsoTime(bad), bad).toBeNaN();
    }
    expect(parseIsoTime('2026-11-02T08:00Z')).toBe(Date.UTC(2026, 10, 2, 8)); // no seconds: the slow path
    expect(parseIsoTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
