// `awad sim deploy` and `awad sim thresholds`: the policy package's simulations and their figures.
import type { Command } from 'commander';
import Table from 'cli-table3';
import { compareDeployment, compareThresholdPolicy, DEFAULT_READAPT_EVERY, DEPLOYMENT_REGIMES, deploymentRegime, type DeploymentRegime, HELD_OUT_WORKFLOW_SEEDS, HETEROGENEOUS_HELD_OUT_WORKFLOW_SEEDS, loadDefaultDeployPolicy, loadDefaultThresholdPolicy, loadPolicyFile, PpoPolicy, WORKFLOW_FAMILIES, type WorkflowFamily } from '@awad/policy';
import { ensureBackend } from '@awad/tensor';
import { choiceOption, intOption, listOption } from '../options';
import { CliError } from '../cli-error';

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const signed = (v: number, digits = 1): string => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
const json = (value: unknown): string => `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2)}\n`;

export function registerSim(program: Command): void {
  const sim = program.command('sim').description('simulations of detection that acts: a controlled model deployment, and meta-learned thresholds');
  sim
    .command('deploy')
    .description('run simulated model-deployment cycles under the static-threshold baseline and under the hybrid detector + PPO controller; print uptime, latency, error rate and time to recovery')
    .option('--cycles <n>', 'cycles of 240 one-minute steps', intOption('--cycles', 1), 1000)
    .option('--seed <n>', 'evaluation seed (cycles use seeds N*1e6 + i; training used 10000..20000)', intOption('--seed', 0), 1)
    .option('--regime <name>', `simulator regime: ${DEPLOYMENT_REGIMES.join(' (1-2 faults a cycle) or ')} (8-12 faults a cycle: the baseline at the seed's 78% uptime)`, choiceOption('--regime', DEPLOYMENT_REGIMES), 'default')
    .option('--policy <file>', 'a PPO policy file (default: the one shipped in @awad/policy, trained on the default regime)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { cycles: number; seed: number; regime: DeploymentRegime; policy?: string; json?: boolean }) => {
      const started = performance.now();
      const policy = opts.policy ? new PpoPolicy(await loadPolicyFile(opts.policy)) : await loadDefaultDeployPolicy();
      const result = { regime: opts.regime, ...compareDeployment(policy, opts.seed, opts.cycles, { simulator: deploymentRegime(opts.regime) }) };
      if (opts.json) process.stdout.write(json(result));
      else {
        const t = new Table({ head: ['', 'uptime', 'mean latency', 'error rate', 'time to recovery (per fault)', 'outage (mean length)', 'cost (workers/16)', 'actions/cycle'], style: { head: [], border: [] } });
        for (const [name, e] of [['static-threshold baseline', result.baseline], ['hybrid detector + PPO', result.hybrid]] as const) {
          t.push([name, pct(e.uptime), `${e.meanLatencyMs.toFixed(0)} ms`, pct(e.errorRate), `${e.timeToRecovery.toFixed(1)} min`, `${e.meanOutage.toFixed(1)} min (${e.outagesPerCycle.toFixed(1)}/cycle)`, e.meanCost.toFixed(3), e.actionsPerCycle.toFixed(1)]);
        }
        const c = result.change;
        t.push(['change', `${signed(c.uptimePoints)} points`, `${signed(100 * c.latency)}%`, `${signed(100 * c.errorRate)}%`, `${signed(100 * c.timeToRecovery)}%`, `${signed(100 * c.outage)}%`, `${signed(100 * c.cost)}%`, '']);
        process.stdout.write(`${opts.cycles} cycles (seed ${opts.seed}, ${opts.regime} regime), ${result.baseline.faults} faults (memory leak, bad rollout, slow upstream, traffic spike)\n${t.toString()}\n`);
      }
      process.stderr.write(`awad sim deploy: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });
  sim
    .command('thresholds')
    .description('compare the meta-learned threshold policy, adapted to each held-out workflow in a few gradient steps (once, and again every --readapt-every runs on the feedback so far), with fixed thresholds (F1 and false positives)')
    .option('--family <name>', `workflows: ${WORKFLOW_FAMILIES.join(' (one shared behaviour) or ')} (a regime per seed: noise, flakiness, seasonality, anomaly kinds)`, 'default')
    .option('--seeds <list>', 'held-out workflow seeds (default: 1-5, or 201-210 for heterogeneous; training used 100-123 and 300-347)', listOption)
    .option('--steps <n>', 'adaptation gradient steps (at most 5)', intOption('--steps', 0), 3)
    .option('--readapt-every <n>', 're-adapt the policy (and re-tune the per-workflow rule) every n scored runs on the feedback so far; 0: leave these rows out', intOption('--readapt-every', 0), DEFAULT_READAPT_EVERY)
    .option('--policy <file>', 'a meta-threshold policy file, e.g. from `pnpm --filter @awad/policy train --only thresholds --out FILE` (default: the one shipped in @awad/policy)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { family: string; seeds?: string[]; steps: number; readaptEvery: number; policy?: string; json?: boolean }) => {
      const started = performance.now();
      if (opts.steps > 5) throw new CliError(`--steps: expected an integer in 0..5, got ${opts.steps}`);
      if (!(WORKFLOW_FAMILIES as readonly string[]).includes(opts.family)) throw new CliError(`--family: expected one of ${WORKFLOW_FAMILIES.join(', ')}, got ${JSON.stringify(opts.family)}`);
      const family = opts.family as WorkflowFamily;
      const defaults = family === 'heterogeneous' ? HETEROGENEOUS_HELD_OUT_WORKFLOW_SEEDS : HELD_OUT_WORKFLOW_SEEDS;
      const seeds = (opts.seeds ?? defaults.map(String)).map((s) => {
        const n = Number(s);
        if (!Number.isInteger(n) || n < 0) throw new CliError(`--seeds: expected integers >= 0, got ${JSON.stringify(s)}`);
        return n;
      });
      await ensureBackend();
      const file = opts.policy ? await loadPolicyFile(opts.policy, 'awad-meta-threshold-policy') : await loadDefaultThresholdPolicy();
      const result = compareThresholdPolicy(file, seeds, { adaptSteps: opts.steps, readaptEvery: opts.readaptEvery, family });
      if (opts.json) process.stdout.write(json(result));
      else {
        const t = new Table({ head: ['', 'mean F1', 'F1 sd', 'precision', 'recall', 'false positives'], style: { head: [], border: [] } });
        for (const [name, s] of Object.entries(result.summary)) t.push([name, s.f1.toFixed(3), s.f1Std.toFixed(3), s.precision.toFixed(3), s.recall.toFixed(3), String(s.falsePositives)]);
        const runs = result.rows.reduce((a, r) => a + r.evaluatedRuns, 0);
        const anomalies = result.rows.reduce((a, r) => a + r.anomalies, 0);
        process.stdout.write(`${seeds.length} held-out workflows (${family}), ${runs} scored task runs after the labelled 30% (${anomalies} anomalous)\n${t.toString()}\n`);
      }
      process.stderr.write(`awad sim thresholds: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });
}
