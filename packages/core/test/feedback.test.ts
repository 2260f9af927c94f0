// monitor.feedback: validation, the label store, the feedback event, and "normal" moving the baseline.
import { describe, expect, it } from 'vitest';
import { UnknownVerdictError, ValidationError, createMonitor, type Verdict, type VerdictLabel } from '../src/index';
import { ToyDetector, taskRun, zCalibrator } from './helpers';

function warmMonitor(options: { maxLabels?: number } = {}) {
  const monitor = createMonitor({ stages: [{ detector: new ToyDetector(), calibrator: zCalibrator }], ...options });
  for (let r = 0; r < 20; r++) for (const e of taskRun(`w${r}`, r * 100, 9 + (r % 3))) monitor.observe(e);
  return monitor;
}

/** The SUCCEEDED verdict of one run of `seconds`. */
function run(monitor: ReturnType<typeof createMonitor>, id: string, start: number, seconds: number): Verdict {
  return taskRun(id, start, seconds).map((e) => monitor.observe(e))[2] as Verdict;
}

describe('monitor.feedback', () => {
  it('a point marked normal lowers the score of a repeat of the same value; without feedback it does not', () => {
    const withFeedback = warmMonitor();
    const control = warmMonitor();
    const first = run(withFeedback, 'slow1', 5000, 30);
    const firstControl = run(control, 'slow1', 5000, 30);
    expect(first.isAnomaly).toBe(true);
    expect(first.score).toBeCloseTo(firstControl.score, 12);

    const label = withFeedback.feedback({ verdictId: first.id, label: 'normal', note: 'planned backfill' });
    expect(label).toMatchObject({ verdictId: first.id, label: 'normal', note: 'planned backfill', learned: true, wasAnomaly: true, taskKey: 'extract' });

    const repeat = run(withFeedback, 'slow2', 6000, 30);
    const repeatControl = run(control, 'slow2', 6000, 30);
    // Protection kept the control's anomaly out of its baseline: the repeat scores the same.
    expect(repeatControl.score).toBeCloseTo(firstControl.score, 12);
    expect(repeat.score).toBeLessThan(repeatControl.score);
  });

  it('stores labels by verdict id (bounded, newest label wins), emits feedback, learns a point once', () => {
    const monitor = warmMonitor({ maxLabels: 2 });
    const seen: VerdictLabel[] = [];
    monitor.on('feedback', (l) => seen.push(l));
    const a = run(monitor, 'a', 5000, 10);
    const b = run(monitor, 'b', 5100, 10);
    const c = run(monitor, 'c', 5200, 10);
    monitor.feedback({ verdictId: a.id, label: 'anomaly' });
    monitor.feedback({ verdictId: b.id, label: 'anomaly' });
    monitor.feedback({ verdictId: b.id, label: 'normal' });
    monitor.feedback({ verdictId: c.id, label: 'anomaly' });
    expect(monitor.labels().map((l) => [l.verdictId, l.label])).toEqual([[b.id, 'normal'], [c.id, 'anomaly']]);
    expect(seen).toHaveLength(4);
    // A normal verdict labelled normal teaches nothing new: it was learned already.
    expect(seen.every((l) => !l.learned)).toBe(true);

    const slow = run(monitor, 'slow', 5300, 40);
    expect(slow.isAnomaly).toBe(true);
    expect(monitor.feedback({ verdictId: slow.id, label: 'normal' }).learned).toBe(true);
    const count = monitor.store.get('etl\u001fextract')?.count;
    monitor.feedback({ verdictId: slow.id, label: 'normal' });
    expect(monitor.store.get('etl\u001fextract')?.count).toBe(count);
  });

  it('rejects malformed feedback with ValidationError and unknown ids with UnknownVerdictError', () => {
    const monitor = warmMonitor();
    const v = run(monitor, 'x', 5000, 10);
    expect(() => monitor.feedback({ verdictId: 'v999999', label: 'normal' })).toThrow(UnknownVerdictError);
    const bad = () => monitor.feedback({ verdictId: v.id, label: 'maybe' as never });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_FIELD', path: 'label', received: '"maybe"' }));
    expect(() => monitor.feedback({ label: 'normal' } as never)).toThrow(expect.objectContaining({ code: 'MISSING_FIELD', path: 'verdictId' }));
    expect(() => monitor.feedback(null as never)).toThrow(ValidationError);
    expect(monitor.labels()).toEqual([]);
  });
});
