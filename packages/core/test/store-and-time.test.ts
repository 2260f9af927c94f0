import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryStore, WorkflowGraph, createMonitor, downstreamImpact, hourOfWeek, loadSnapshot, parseIsoTime, saveSnapshot } from '../src/index';
import { ToyDetector, taskRun, zCalibrator } from './helpers';

describe('time', () => {
  it('hourOfWeek counts from Monday 00:00 in the given offset', () => {
    expect(hourOfWeek(Date.UTC(2026, 10, 23, 0, 30))).toBe(0); // Monday 23 Nov 2026, 00:30 UTC
    expect(hourOfWeek(Date.UTC(2026, 10, 29, 23, 59))).toBe(167); // Sunday 23:59
    expect(hourOfWeek(Date.UTC(2026, 10, 22, 23, 0), 120)).toBe(1); // Sunday 23:00 UTC = Monday 01:00 at +02:00
  });

  it('parseIsoTime needs a zone', () => {
    expect(parseIsoTime('2026-11-22T10:00:00.123+01:00')).toBe(Date.UTC(2026, 10, 22, 9, 0, 0, 123));
    expect(parseIsoTime('2026-11-22T10:00:00')).toBeNaN();
  });
});

describe('InMemoryStore', () => {
  const series = () => ({ detectors: [new ToyDetector()], streak: 0, lastSeen: 0, count: 0 });

  it('evicts the least recently used series beyond maxSeries and says which', () => {
    const evicted: string[] = [];
    const store = new InMemoryStore({ maxSeries: 2, onEvict: (k) => evicted.push(k) });
    store.set('a', series());
    store.set('b', series());
    store.get('a');
    store.set('c', series());
    expect([...store.keys()]).toEqual(['c', 'a']);
    expect(evicted).toEqual(['b']);
  });

  it('rejects a bad maxSeries with a typed error', () => {
    expect(() => new InMemoryStore({ maxSeries: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('a snapshot with the wrong number of detectors leaves the store as it was', () => {
    const store = new InMemoryStore();
    store.set('keep', series());
    const bad = { kind: 'awad-store' as const, version: 1 as const, series: [['x', { streak: 0, lastSeen: 0, count: 0, detectors: [] }] as const] };
    expect(() => store.restore(bad, series)).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
    expect([...store.keys()]).toEqual(['keep']);
  });
});

describe('downstreamImpact', () => {
  it('is a noisy-OR over the DAG: a child of two at-risk parents is at higher risk', () => {
    const g = new WorkflowGraph();
    g.addEdge('a', 'b');
    g.addEdge('a', 'c');
    g.addEdge('b', 'd');
    g.addEdge('c', 'd');
    const impact = downstreamImpact(g, 'a', 1, { propagation: 0.5 });
    const risk = Object.fromEntries(impact.map((i) => [i.taskKey, i.risk]));
    // b, c: 1 - (1 - 0.5*1) = 0.5; d: 1 - (1 - 0.5*0.5)^2 = 0.4375
    expect(risk).toEqual({ b: 0.5, c: 0.5, d: 0.4375 });
  });

  it('skips finished tasks', () => {
    const g = new WorkflowGraph();
    g.addEdge('a', 'b');
    g.ensureTask('b').state = 'SUCCEEDED';
    expect(downstreamImpact(g, 'a', 1)).toEqual([]);
  });
});

describe('snapshot files', () => {
  it('save then load restores a monitor; a corrupt file is a typed error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'awad-'));
    const make = () => createMonitor({ stages: [{ detector: new ToyDetector(), calibrator: zCalibrator }] });
    const a = make();
    for (let r = 0; r < 8; r++) for (const e of taskRun(`r${r}`, r * 50, 10)) a.observe(e);
    await saveSnapshot(a, join(dir, 'm.json'));
    const b = make();
    await loadSnapshot(b, join(dir, 'm.json'));
    expect(b.stats().series).toBe(1);
    expect(b.snapshot()).toEqual(a.snapshot());
    await writeFile(join(dir, 'bad.json'), '{"kind":');
    await expect(loadSnapshot(b, join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'INVALID_SNAPSHOT' });
  });
});

describe('InMemoryStore.clear', () => {
  it('lets go of the series it held (nothing keeps them reachable)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run the tests with --expose-gc (vitest.config.ts sets it)');
    const store = new InMemoryStore({ maxSeries: 10 });
    let state: { detectors: ToyDetector[]; streak: number; lastSeen: number; count: number } | undefined = { detectors: [new ToyDetector()], streak: 0, lastSeen: 0, count: 0 };
    const ref = new WeakRef(state.detectors[0] as object);
    store.set('a', state);
    state = undefined;
    store.clear();
    expect(store.size).toBe(0);
    expect(store.get('a')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});
