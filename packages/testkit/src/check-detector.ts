// checkDetector: the conformance kit every AWAD detector's tests run.
// Reference: river's check_estimator and graphology's specs: generic checks any implementer runs.
import { SeriesHistory, isHistoryAware, type Detector, type DetectorSnapshot, type Features } from '@awad/core';
import { normalStream, type StreamPoint } from './streams';

export type DetectorFactory = (seed: number) => Detector;

export type CheckName = 'config' | 'determinism' | 'pure-scoring' | 'clone' | 'snapshot' | 'robustness' | 'memory' | 'spike' | 'shared-history';

export interface CheckDetectorOptions {
  /** Feature names of the synthetic stream (default durationMs, queueWaitMs). */
  readonly features?: readonly string[];
  /** Points learned before scores are compared (default 500). */
  readonly warmup?: number;
  /** Points learned by the memory check (default 100000). */
  readonly memoryPoints?: number;
  /** The spike multiplies every feature of a normal point by this (default 10). */
  readonly spikeFactor?: number;
  /** Replaces the synthetic normal stream. */
  readonly stream?: (n: number, seed: number) => StreamPoint[];
  /** Checks not to run, with the reason in a comment at the call site. */
  readonly skip?: readonly CheckName[];
}

export const DEFAULT_CHECK_OPTIONS = { warmup: 500, memoryPoints: 100_000, spikeFactor: 10 } as const;

export interface DetectorCheck {
  readonly name: CheckName;
  readonly description: string;
  /** Runs the check; throws DetectorCheckError when the detector breaks the contract. */
  run(): void;
}

export class DetectorCheckError extends Error {
  override readonly name = 'DetectorCheckError' as const;
  constructor(readonly check: CheckName, detector: string, message: string) {
    super(`@awad/testkit/${check}: detector "${detector}" ${message}`);
  }
}

export interface CheckReport {
  readonly detector: string;
  readonly passed: CheckName[];
  readonly failed: { readonly check: CheckName; readonly message: string }[];
}

/** The checks as a list, so a test runner can register each one as its own test. */
export function detectorChecks(factory: DetectorFactory, options: CheckDetectorOptions = {}): DetectorCheck[] {
  const warmup = options.warmup ?? DEFAULT_CHECK_OPTIONS.warmup;
  const memoryPoints = options.memoryPoints ?? DEFAULT_CHECK_OPTIONS.memoryPoints;
  const spikeFactor = options.spikeFactor ?? DEFAULT_CHECK_OPTIONS.spikeFactor;
  const stream = options.stream ?? ((n: number, seed: number) => normalStream(n, seed, options.features ? { features: options.features } : {}));
  const name = factory(1).name;
  const fail = (check: CheckName, message: string): never => {
    throw new DetectorCheckError(check, name, message);
  };
  const points = stream(warmup + 400, 11);

  const checks: DetectorCheck[] = [
    {
      name: 'config',
      description: 'has a name and a JSON-safe config; snapshot carries the config type',
      run() {
        const d = factory(1);
        if (typeof d.name !== 'string' || d.name.length === 0) fail('config', 'has no name');
        const config = d.getConfig();
        if (typeof config.type !== 'string' || config.type.length === 0) fail('config', 'getConfig() has no type');
        const json = JSON.stringify(config);
        if (JSON.stringify(JSON.parse(json)) !== json) fail('config', 'getConfig() is not JSON-safe');
        if (d.snapshot().type !== config.type) fail('config', `snapshot().type "${d.snapshot().type}" differs from getConfig().type "${config.type}"`);
      },
    },
    {
      name: 'determinism',
      description: 'the same seed gives the same scores',
      run() {
        compare('determinism', replay(factory(7), points), replay(factory(7), points));
      },
    },
    {
      name: 'pure-scoring',
      description: 'scoreOne does not change state',
      run() {
        const a = factory(7);
        const b = factory(7);
        const extra = stream(points.length, 99);
        const sa: number[] = [];
        const sb: number[] = [];
        points.forEach((p, i) => {
          const e = extra[i] as StreamPoint;
          b.scoreOne(e.x, { time: e.time });
          const first = b.scoreOne(p.x, { time: p.time });
          const again = b.scoreOne(p.x, { time: p.time });
          if (!same(first, again)) fail('pure-scoring', `scored the same point ${first} then ${again} at point ${i}`);
          sa.push(a.scoreOne(p.x, { time: p.time }));
          sb.push(first);
          a.learnOne(p.x, { time: p.time });
          b.learnOne(p.x, { time: p.time });
        });
        compare('pure-scoring', sa, sb);
      },
    },
    {
      name: 'clone',
      description: 'clone() of a trained detector is a fresh one with the same hyperparameters',
      run() {
        const trained = factory(7);
        for (const p of points.slice(0, warmup)) trained.learnOne(p.x, { time: p.time });
        const clone = trained.clone();
        if (JSON.stringify(clone.getConfig()) !== JSON.stringify(trained.getConfig())) fail('clone', 'clone() changed the config');
        compare('clone', replay(clone, points), replay(factory(7), points));
      },
    },
    {
      name: 'snapshot',
      description: 'restore(snapshot()) through JSON reproduces the scores exactly',
      run() {
        const original = factory(7);
        const half = Math.floor(points.length / 2);
        for (const p of points.slice(0, half)) original.learnOne(p.x, { time: p.time });
        const saved = JSON.parse(JSON.stringify(original.snapshot())) as DetectorSnapshot;
        const restored = factory(7);
        restored.restore(saved);
        const rest = points.slice(half);
        compare('snapshot', replay(original, rest), replay(restored, rest));
        let threw = false;
        try {
          factory(7).restore({ type: 'not-this-detector', version: 1, state: null });
        } catch {
          threw = true;
        }
        if (!threw) fail('snapshot', 'accepted a snapshot of another type without an error');
      },
    },
    {
      name: 'robustness',
      description: 'missing, new, NaN and extreme features never throw nor corrupt the state',
      run() {
        const d = factory(7);
        for (const p of points.slice(0, warmup)) d.learnOne(p.x, { time: p.time });
        const odd: Features[] = [
          {},
          { durationMs: Number.NaN },
          { durationMs: Number.POSITIVE_INFINITY, queueWaitMs: Number.NEGATIVE_INFINITY },
          { brandNewFeature: 3 },
          { durationMs: 0, queueWaitMs: -5 },
          { durationMs: 1e300 },
        ];
        const t = points[warmup]?.time ?? 0;
        for (const x of odd) {
          try {
            const s = d.scoreOne(x, { time: t });
            if (!Number.isNaN(s) && !(s >= 0 || s < 0)) fail('robustness', `returned a non-number for ${JSON.stringify(x)}`);
            d.learnOne(x, { time: t });
            d.scoreOne(x);
            d.learnOne(x);
          } catch (error) {
            fail('robustness', `threw on ${JSON.stringify(x)}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        for (const p of points.slice(warmup, warmup + 50)) {
          const s = d.scoreOne(p.x, { time: p.time });
          if (!Number.isFinite(s)) fail('robustness', `gave a non-finite score ${s} to a normal point after odd inputs`);
          d.learnOne(p.x, { time: p.time });
        }
      },
    },
    {
      name: 'memory',
      description: `learned state stays bounded over ${memoryPoints} points`,
      run() {
        const d = factory(7);
        const long = stream(memoryPoints, 5);
        const early = Math.floor(memoryPoints / 5);
        let earlySize = 0;
        long.forEach((p, i) => {
          if (i % 10 === 0) d.scoreOne(p.x, { time: p.time });
          d.learnOne(p.x, { time: p.time });
          if (i + 1 === early) earlySize = JSON.stringify(d.snapshot()).length;
        });
        const lateSize = JSON.stringify(d.snapshot()).length;
        if (lateSize > earlySize * 1.1 + 512) fail('memory', `grew its state from ${earlySize} B after ${early} points to ${lateSize} B after ${memoryPoints}`);
      },
    },
    {
      name: 'spike',
      description: `a point ${spikeFactor}x a normal one scores above every normal point`,
      run() {
        const d = factory(7);
        for (const p of points.slice(0, warmup)) d.learnOne(p.x, { time: p.time });
        let maxNormal = Number.NEGATIVE_INFINITY;
        for (const p of points.slice(warmup)) {
          const s = d.scoreOne(p.x, { time: p.time });
          if (s > maxNormal) maxNormal = s;
          d.learnOne(p.x, { time: p.time });
        }
        const last = points[points.length - 1] as StreamPoint;
        const spike: Record<string, number> = {};
        for (const [k, v] of Object.entries(last.x)) spike[k] = v * spikeFactor;
        const s = d.scoreOne(spike, { time: last.time });
        if (!(s > maxNormal)) fail('spike', `scored a ${spikeFactor}x spike ${s}, not above the highest normal score ${maxNormal}`);
      },
    },
  ];
  if (isHistoryAware(factory(1))) {
    checks.push({
      name: 'shared-history',
      description: 'reading a shared series history gives exactly the scores of its own windows',
      run() {
        const own = factory(7);
        const shared = factory(7);
        if (!isHistoryAware(shared)) return fail('shared-history', 'is history-aware only on some instances');
        const history = new SeriesHistory();
        points.forEach((p, i) => {
          const a = own.scoreOne(p.x, { time: p.time });
          const b = shared.scoreOne(p.x, { time: p.time, history });
          if (!same(a, b)) fail('shared-history', `scored ${b} with a shared history and ${a} with its own windows at point ${i}`);
          own.learnOne(p.x, { time: p.time });
          // What a monitor does: the point goes into the history first, then the detector learns.
          for (const [feature, value] of Object.entries(p.x)) if (Number.isFinite(value) && shared.readsFeature(feature)) history.push(shared.historySize, feature, value);
          shared.learnOne(p.x, { time: p.time, history });
        });
      },
    });
  }
  return checks.filter((c) => !options.skip?.includes(c.name));
}

/**
 * Runs every check and returns a report; throws a DetectorCheckError naming the failures.
 *
 * @example
 * checkDetector((seed) => new EwmaDetector({ seed }));
 */
export function checkDetector(factory: DetectorFactory, options: CheckDetectorOptions = {}): CheckReport {
  const report: CheckReport = { detector: factory(1).name, passed: [], failed: [] };
  for (const check of detectorChecks(factory, options)) {
    try {
      check.run();
      report.passed.push(check.name);
    } catch (error) {
      report.failed.push({ check: check.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (report.failed.length > 0) {
    const first = report.failed[0] as { check: CheckName; message: string };
    throw new DetectorCheckError(first.check, report.detector, `failed ${report.failed.length} check(s):\n${report.failed.map((f) => `- ${f.message}`).join('\n')}`);
  }
  return report;
}

/** Scores then learns each point, as a live stream does. */
function replay(detector: Detector, points: readonly StreamPoint[]): number[] {
  return points.map((p) => {
    const s = detector.scoreOne(p.x, { time: p.time });
    detector.learnOne(p.x, { time: p.time });
    return s;
  });
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function compare(check: CheckName, a: readonly number[], b: readonly number[]): void {
  for (let i = 0; i < a.length; i++) {
    if (!same(a[i] as number, b[i] as number)) throw new DetectorCheckError(check, '', `scores differ at point ${i}: ${a[i]} vs ${b[i]}`);
  }
}
