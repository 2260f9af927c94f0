// `awad sim deploy` and `awad sim thresholds` with the policies shipped in @awad/policy.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '@awad/cli';
import { DEFAULT_DEPLOY_POLICY_FILE, DEFAULT_THRESHOLD_POLICY_FILE, weightsDir } from '@awad/policy';
import { captureCliOutput } from './cli-output';

const output = captureCliOutput();

describe('awad sim', () => {
  it('deploy: the shipped PPO controller against the static-threshold baseline on the same cycles', async () => {
    expect(await runCli(['sim', 'deploy', '--cycles', '20', '--seed', '1', '--json'])).toBe(0);
    const r = JSON.parse(output.out);
    expect(r.baseline.cycles).toBe(20);
    expect(r.baseline.faults).toBe(r.hybrid.faults);
    expect(r.hybrid.policy).toBe('ppo');
    // The shipped policy beats the baseline on uptime and time to recovery on these held-out cycles.
    expect(r.hybrid.uptime).toBeGreaterThan(r.baseline.uptime);
    expect(r.hybrid.timeToRecovery).toBeLessThan(r.baseline.timeToRecovery);
    expect(r.regime).toBe('default');
    expect(r.hybrid.meanOutage).toBeLessThan(r.baseline.meanOutage);
  });

  it('deploy --regime stormy: 8-12 faults a cycle, the baseline far below the default regime, the same shipped policy', async () => {
    expect(await runCli(['sim', 'deploy', '--cycles', '10', '--seed', '1', '--regime', 'stormy', '--json'])).toBe(0);
    const r = JSON.parse(output.out);
    expect(r.regime).toBe('stormy');
    expect(r.baseline.faults).toBeGreaterThanOrEqual(80);
    expect(r.baseline.uptime).toBeLessThan(0.85);
    expect(r.hybrid.uptime).toBeGreaterThan(r.baseline.uptime + 0.05);
    expect(r.hybrid.meanOutage).toBeLessThan(r.baseline.meanOutage);
    expect(r.change.outage).toBeCloseTo(r.hybrid.meanOutage / r.baseline.meanOutage - 1, 9);
    expect(await runCli(['sim', 'deploy', '--cycles', '2', '--regime', 'calm'])).toBe(2);
    expect(output.err).toMatch(/--regime: expected one of default, stormy, got "calm"/);
  });

  it('deploy prints a table and rejects a bad option', async () => {
    expect(await runCli(['sim', 'deploy', '--cycles', '2'])).toBe(0);
    expect(output.out).toMatch(/static-threshold baseline/);
    expect(output.out).toMatch(/hybrid detector \+ PPO/);
    expect(output.out).toMatch(/default regime/);
    expect(output.out).toMatch(/outage/);
    expect(await runCli(['sim', 'deploy', '--cycles', '0'])).toBe(2);
  });

  it('thresholds: meta-learned and fixed thresholds on a held-out workflow', async () => {
    expect(await runCli(['sim', 'thresholds', '--seeds', '2', '--steps', '1', '--readapt-every', '2000', '--json'])).toBe(0);
    const r = JSON.parse(output.out);
    expect(r.rows).toHaveLength(1);
    const names = Object.keys(r.summary);
    expect(names).toContain('fixed 0.5 (every check at its cut-off)');
    expect(names.some((n: string) => n.startsWith('meta-learned, adapted'))).toBe(true);
    expect(names).toContain('meta-learned, re-adapted every 2000 runs on the feedback so far (1 steps)');
    expect(names).toContain('fixed, re-tuned every 2000 runs on the feedback so far');
    for (const s of Object.values(r.summary) as { f1: number }[]) expect(s.f1).toBeGreaterThanOrEqual(0);
    output.out = '';
    expect(await runCli(['sim', 'thresholds', '--seeds', '2', '--steps', '1', '--readapt-every', '0', '--json'])).toBe(0);
    expect(Object.keys(JSON.parse(output.out).summary).some((n) => n.includes('so far'))).toBe(false);
    expect(await runCli(['sim', 'thresholds', '--steps', '6'])).toBe(2);
    expect(await runCli(['sim', 'thresholds', '--readapt-every', '-5'])).toBe(2);
    expect(await runCli(['sim', 'thresholds', '--family', 'uniform'])).toBe(2);
  }, 90_000);

  it('thresholds --policy: a policy file of one\'s own gives the figures of the same policy shipped; a deploy policy or a missing file is refused', async () => {
    const shipped = join(weightsDir(), DEFAULT_THRESHOLD_POLICY_FILE);
    expect(await runCli(['sim', 'thresholds', '--seeds', '3', '--steps', '1', '--readapt-every', '0', '--json'])).toBe(0);
    const byDefault = JSON.parse(output.out).summary;
    output.out = '';
    expect(await runCli(['sim', 'thresholds', '--seeds', '3', '--steps', '1', '--readapt-every', '0', '--policy', shipped, '--json'])).toBe(0);
    expect(JSON.parse(output.out).summary).toEqual(byDefault);
    expect(await runCli(['sim', 'thresholds', '--seeds', '3', '--policy', join(weightsDir(), DEFAULT_DEPLOY_POLICY_FILE)])).not.toBe(0);
    expect(output.err).toMatch(/awad-meta-threshold-policy/);
    expect(await runCli(['sim', 'thresholds', '--policy', '/nonexistent/policy.json'])).not.toBe(0);
    expect(output.err).toMatch(/nonexistent/);
  });

  it('thresholds --family heterogeneous: a held-out workflow with its own regime, against the family\'s tuned rule', async () => {
    expect(await runCli(['sim', 'thresholds', '--family', 'heterogeneous', '--seeds', '208', '--steps', '0', '--json'])).toBe(0);
    const r = JSON.parse(output.out);
    expect(r.family).toBe('heterogeneous');
    expect(r.rows[0].workflow).toBe('wf-208');
    expect(r.summary['fixed, tuned on training workflows'].f1).toBeGreaterThan(r.summary['fixed 0.5 (every check at its cut-off)'].f1 - 1e-9);
  });
});
