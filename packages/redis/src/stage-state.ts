// The learned state shared by every series of a monitor: each stage's calibrator and threshold.
// In shared mode it lives in one Redis hash; a stateless calibrator (the stats presets') never
// writes it, so it costs one version read per scored event and no contention.
import { SnapshotError, type Stage } from '@awad/core';

/** JSON of every stage's calibrator and threshold state, in stage order. */
export function stageStateJson(stages: readonly Stage[]): string {
  let out = '[';
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i] as Stage;
    out += `${i > 0 ? ',' : ''}[${JSON.stringify(stage.calibrator.snapshot() ?? null)},${JSON.stringify(stage.threshold.snapshot() ?? null)}]`;
  }
  return `${out}]`;
}

export function restoreStageState(stages: readonly Stage[], json: string): void {
  const saved = JSON.parse(json) as [unknown, unknown][];
  if (!Array.isArray(saved) || saved.length !== stages.length) {
    throw new SnapshotError('@awad/redis/stage-state', `calibrator and threshold states of ${stages.length} stages`, `${Array.isArray(saved) ? saved.length : typeof saved} in Redis (were the workers given other stages?)`);
  }
  stages.forEach((stage, i) => {
    const [calibrator, threshold] = saved[i] as [unknown, unknown];
    stage.calibrator.restore(calibrator);
    stage.threshold.restore(threshold);
  });
}
