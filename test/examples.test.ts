// The examples run, and say what their comments promise.
import { describe, expect, it } from 'vitest';
import { main } from '../examples/embedded-monitor';

describe('examples/embedded-monitor', () => {
  it('reports transform stuck while it runs, then slow when it ends, with load at risk', () => {
    const lines: string[] = [];
    const anomalies = main((line) => lines.push(line));
    expect(anomalies.length).toBeGreaterThanOrEqual(2);
    expect(anomalies.every((v) => v.taskKey === 'transform')).toBe(true);
    const stuck = anomalies.find((v) => v.origin === 'tick');
    expect(stuck?.reasons[0]?.kind).toBe('stuck');
    expect(stuck?.impact?.[0]?.taskKey).toBe('load');
    const done = anomalies.find((v) => v.origin === 'event');
    expect(done?.state).toBe('SUCCEEDED');
    expect(done?.reasons[0]?.feature).toBe('durationMs');
    expect(lines.length).toBe(anomalies.length);
  });
});
