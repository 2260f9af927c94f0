// The simple baseline: a z-score of log1p(runtime) per job template (job type), fit on training
// runs. Two-sided |z|, so a job much faster than its template is as suspect as a slow one.
// Reference: the "z-score on runtime per job type" baseline of issue 3; METHODS.md 6.3.
import type { RunGraph } from './run-graph';

export class TemplateZScore {
  private readonly stats = new Map<string, { mean: number; std: number }>();

  constructor(readonly feature: 'runtime' | 'queue_delay' = 'runtime') {}

  fit(runs: readonly RunGraph[]): this {
    const acc = new Map<string, number[]>();
    for (const run of runs) {
      for (const task of run.tasks) {
        const v = task.measurements[this.feature];
        if (v === undefined || !Number.isFinite(v)) continue;
        let list = acc.get(task.template);
        if (!list) acc.set(task.template, (list = []));
        list.push(Math.log1p(Math.max(0, v)));
      }
    }
    for (const [t, values] of acc) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      this.stats.set(t, { mean, std: Math.sqrt(variance) + 1e-3 });
    }
    return this;
  }

  /** |z| per task; 0 for unknown templates or missing values. */
  score(run: RunGraph): Float32Array {
    return Float32Array.from(run.tasks, (task) => {
      const v = task.measurements[this.feature];
      const s = this.stats.get(task.template);
      if (v === undefined || !Number.isFinite(v) || s === undefined) return 0;
      return Math.abs((Math.log1p(Math.max(0, v)) - s.mean) / s.std);
    });
  }
}
