// Hooks for stores that keep state outside the process: one series and one workflow run at a
// time (snapshotSeries/restoreSeries, RunTracker.snapshotRun/restoreRun), and Store.attach.
import { describe, expect, it } from 'vitest';
import { InMemoryStore, RunTracker, SnapshotError, createMonitor, normalizeEvent, restoreSeries, snapshotSeries, type SeriesState, type Store } from '../src/index';
import { ToyDetector, ev, taskRun, zCalibrator } from './helpers';

describe('snapshotSeries / restoreSeries', () => {
  it('a series restored into a fresh one scores like the original', () => {
    const monitor = createMonitor({ stages: [{ detector: new ToyDetector(), calibrator: zCalibrator }] });
    for (let i = 0; i < 8; i++) for (const e of taskRun(`r${i}`, i * 100, 10 + (i % 3))) monitor.observe(e);
    const [key] = [...monitor.store.keys()];
    const original = monitor.store.get(key as string) as SeriesState;
    const copy = restoreSeries(monitor.newSeries(), JSON.parse(JSON.stringify(snapshotSeries(original))), key);
    expect(copy.count).toBe(original.count);
    expect(copy.detectors[0]?.scoreOne({ durationMs: 30_000 })).toBe(original.detectors[0]?.scoreOne({ durationMs: 30_000 }));
  });

  it('refuses a snapshot with another number of detectors, leaving the series as it was', () => {
    const monitor = createMonitor({ stages: [{ detector: new ToyDetector() }] });
    const fresh = monitor.newSeries();
    const saved = { streak: 3, lastSeen: 1, count: 9, detectors: [] };
    expect(() => restoreSeries(fresh, saved, 'wf\u001fa')).toThrow(SnapshotError);
    expect(fresh.count).toBe(0);
  });
});

describe('RunTracker.snapshotRun / restoreRun', () => {
  it('moves one run between trackers, graph and open tasks included, next to the runs already there', () => {
    const a = new RunTracker();
    a.apply(normalizeEvent(ev({ state: 'SUCCEEDED', t: 0, task: 'extract' })));
    a.apply(normalizeEvent(ev({ state: 'RUNNING', t: 1, task: 'load', upstream: ['extract'] })));
    const b = new RunTracker();
    b.apply(normalizeEvent(ev({ state: 'QUEUED', t: 0, runId: 'other' })));
    b.restoreRun(JSON.parse(JSON.stringify(a.snapshotRun('run-1'))));
    expect(b.size).toBe(2);
    expect(b.getRun('run-1')?.graph.parents('load')).toEqual(['extract']);
    expect(b.getRun('run-1')?.openTasks).toBe(1);
    expect(b.apply(normalizeEvent(ev({ state: 'SUCCEEDED', t: 4, task: 'load' }))).measurements.durationMs).toBe(3000);
    expect(a.snapshotRun('missing')).toBeUndefined();
  });
});

describe('Store.attach', () => {
  it('the monitor tells its store how to build an empty series of its stages', () => {
    let create: (() => SeriesState) | undefined;
    const store: Store = Object.assign(new InMemoryStore(), { attach: (c: () => SeriesState) => (create = c) });
    createMonitor({ stages: [{ detector: new ToyDetector() }, { detector: new ToyDetector({ name: 'toy2' }) }], store });
    expect(create?.().detectors.map((d) => d.name)).toEqual(['toy', 'toy2']);
  });
});

describe('dedupeWindow 0', () => {
  it('turns idempotency off: a repeated event id is judged again (the caller dedupes elsewhere)', () => {
    const monitor = createMonitor({ stages: [{ detector: new ToyDetector() }], dedupeWindow: 0 });
    const e = ev({ state: 'QUEUED', t: 0, eventId: 'same' });
    expect(monitor.observe(e).duplicate).toBeUndefined();
    expect(monitor.observe(e).duplicate).toBeUndefined();
    expect(monitor.stats().events).toBe(2);
    expect(() => createMonitor({ dedupeWindow: -1 })).toThrow(/dedupeWindow/);
  });
});
