// The VAE in the third slot of the hybrid detector (METHODS 5.6: c_hash = max of the EWMA and VAE
// evidence): fits a small @awad/vae VaeDetector on fault-free training cycles, trains a PPO policy
// with the EWMA pair + the VAE (trainDeployPolicy's defaults, as the shipped policy), and compares
// it with the shipped policy (the EWMA pair alone, same settings), both against the static-threshold
// baseline, on validation cycles (seed 9) or on the seeds given.
// Run: node --conditions=source --import tsx bench/policy-vae-slot.ts [--updates N] [--cycles N] [--seeds 9]
import { parseArgs } from 'node:util';
import { createRandom, type Detector, type Features } from '@awad/core';
import { compareDeployment, DEFAULT_SLO, DEFAULT_TRAIN_DEPLOY_OPTIONS, defaultDetectorSlots, deployPolicyFile, DeploymentSimulator, loadDefaultDeployPolicy, MAINTAIN, PpoPolicy, trainDeployPolicy, type DetectorSlot } from '@awad/policy';
import { ensureBackend } from '@awad/tensor';
import { surpriseOf, VaeDetector, type VaeModel } from '@awad/vae';

const FEATURES = ['latencyMs', 'throughput', 'errorRate', 'cpu', 'memory', 'gpu', 'drift'] as const;

/** Fault-free rows from training cycles (seeds from 10000), with a random action every ~15 steps so the rows cover many configurations; scaled as HybridDetector scales them. */
export function normalRows(cycles: number, seedBase = 10_000): Features[] {
  const rows: Features[] = [];
  const r = createRandom(seedBase + 7);
  for (let c = 0; c < cycles; c++) {
    const sim = new DeploymentSimulator({ seed: seedBase + c, faults: [] });
    while (!sim.done) {
      const m = sim.step().metrics;
      rows.push({ ...m, latencyMs: m.latencyMs / DEFAULT_SLO.latencyMs, throughput: m.throughput / DEFAULT_SLO.throughput, errorRate: m.errorRate / DEFAULT_SLO.errorRate });
      const a = r.chance(1 / 15) ? r.int(0, 3) : MAINTAIN;
      if (a !== MAINTAIN && !(a === 3 && sim.config.workers <= 3)) sim.act(a);
    }
  }
  return rows;
}

/** A fitted VAE whose score is its surprise -log10(1 - c) against its held-out windows (alert at 2.30 = c 0.995). */
class VaeSurprise implements Detector {
  readonly name = 'vae';
  private readonly vae: VaeDetector;
  constructor(private readonly model: VaeModel) {
    this.vae = VaeDetector.fromModel(model, { refitEvery: 0, maxRows: 64 });
  }
  get isReady(): boolean {
    return this.vae.isReady;
  }
  learnOne(x: Features): void {
    this.vae.learnOne(x);
  }
  scoreOne(x: Features): number {
    return this.model.reference.surprise(this.vae.scoreOne(x));
  }
  clone(): VaeSurprise {
    return new VaeSurprise(this.model);
  }
  getConfig() {
    return { type: 'vae-surprise', options: {} };
  }
  snapshot() {
    return { type: 'vae-surprise', version: 1, state: null };
  }
  restore(): void {}
}

export function vaeSlot(model: VaeModel): DetectorSlot {
  return { name: 'vae', detector: new VaeSurprise(model), create: () => new VaeSurprise(model), cutoff: surpriseOf(0.995), metrics: [...FEATURES] };
}

if (process.argv[1]?.endsWith('policy-vae-slot.ts')) {
  const { values } = parseArgs({ options: { updates: { type: 'string', default: String(DEFAULT_TRAIN_DEPLOY_OPTIONS.updates) }, cycles: { type: 'string', default: '100' }, seeds: { type: 'string', default: '9' }, 'fit-cycles': { type: 'string', default: '40' } } });
  await ensureBackend();
  const started = performance.now();
  const vae = new VaeDetector({ features: [...FEATURES], fitAfter: 0, window: 10, hidden: [32], latent: 3, mcSamples: 16, epochs: 30, seed: 1 });
  const model = await vae.fit(normalRows(Number(values['fit-cycles'])));
  const fitSeconds = (performance.now() - started) / 1000;
  process.stderr.write(`vae: ${model.training.rows} rows, best epoch ${model.training.bestEpoch}, ${fitSeconds.toFixed(0)} s\n`);
  const env = { detectors: { slots: [...defaultDetectorSlots(), vaeSlot(model)] } };
  const t = performance.now();
  const { agent } = trainDeployPolicy({ updates: Number(values.updates), env, onUpdate: ({ update }) => void (update % 10 === 0 && process.stderr.write(`ewma pair + vae: update ${update}, ${((performance.now() - t) / 1000).toFixed(0)} s\n`)) });
  const trainSeconds = (performance.now() - t) / 1000;
  const withVae = new PpoPolicy(deployPolicyFile(agent, [], {}));
  const shipped = await loadDefaultDeployPolicy();
  const seeds = values.seeds!.split(',').map(Number);
  const cycles = Number(values.cycles);
  const result = (policy: PpoPolicy, e = {}) => seeds.map((seed) => {
    const r = compareDeployment(policy, seed, cycles, e);
    return { seed, ...r.change, hybridLatencyMs: r.hybrid.meanLatencyMs, actionsPerCycle: r.hybrid.actionsPerCycle };
  });
  const out = {
    vae: { rows: model.training.rows, bestEpoch: model.training.bestEpoch, fitSeconds, threshold: model.threshold, options: { window: 10, hidden: [32], latent: 3, mcSamples: 16 } },
    updates: Number(values.updates),
    cycles,
    'ewma pair (shipped policy)': result(shipped),
    'ewma pair + vae': { trainSeconds, bySeed: result(withVae, env) },
  };
  agent.dispose();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
