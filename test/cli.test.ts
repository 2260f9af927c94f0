// The `awad` command as a user runs it: score then eval on real SKAB files, and its errors.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@awad/cli';
import { GraphNodeDetector } from '@awad/graph';
import { captureCliOutput } from './cli-output';
import { dataset } from './datasets';

const output = captureCliOutput();

const dir = mkdtempSync(join(tmpdir(), 'awad-cli-'));

describe('awad score + eval on SKAB', () => {
  it('writes one row per input row and evaluates it against the labels', async () => {
    const input = dataset('skab', 'valve1', '0.csv');
    const scores = join(dir, '0.scores.csv');
    expect(await runCli(['score', '--input', input, '--format', 'skab', '--detector', 'hotelling-t2,ewma', '--train-rows', '400', '--out', scores])).toBe(0);
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    const inputRows = readFileSync(input, 'utf8').trim().split('\n').length - 1;
    expect(lines).toHaveLength(inputRows + 1);
    expect(lines[0]).toBe('time,split,score,is_anomaly,raw_hotelling-t2,raw_ewma,reason');
    expect(lines[1]).toMatch(/^2020-03-09 10:14:33,train,,,/);
    expect(lines[401]).toMatch(/,test,[0-9.e-]+,[01],/);

    output.out = '';
    expect(await runCli(['eval', '--scores', scores, '--labels', input, '--format', 'skab', '--metrics', 'point,skab,range,auc,ap', '--json'])).toBe(0);
    const report = JSON.parse(output.out);
    expect(report.rows).toBe(inputRows - 400);
    expect(report.positives).toBeGreaterThan(300);
    for (const k of ['f1', 'far', 'mar']) expect(report.skab[k]).toBeGreaterThanOrEqual(0);
    expect(report.skab.f1).toBeCloseTo(report.point.f1, 10);
    expect(report.auc.rocAuc).toBeGreaterThan(0.5);
  });

  it('a training-quantile threshold scores the test rows of window detectors too', async () => {
    const input = dataset('skab', 'valve1', '3.csv');
    const scores = join(dir, '3.scores.csv');
    expect(await runCli(['score', '--input', input, '--format', 'skab', '--detector', 'robust-z,iqr', '--train-rows', '400', '--threshold', 'q:0.99x1.5', '--out', scores, '--json'])).toBe(0);
    const summary = JSON.parse(output.out);
    const cut = summary.files[0].thresholds;
    expect(Object.keys(cut)).toEqual(['robust-z', 'iqr']);
    const rows = readFileSync(scores, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const test = rows.filter((r) => r[1] === 'test');
    expect(test.length).toBe(rows.length - 400);
    expect(test.every((r) => r[2] !== '' && (r[3] === '0' || r[3] === '1'))).toBe(true);
    // Each flagged row's raw score is at or above its detector's training cut-off.
    for (const r of test.filter((x) => x[3] === '1')) expect(Number(r[4]) >= cut['robust-z'] || Number(r[5]) >= cut.iqr).toBe(true);
  });

  it('online scoring (no --train-rows) scores every row once the detector is warm', async () => {
    const input = dataset('skab', 'valve1', '1.csv');
    const scores = join(dir, '1.scores.csv');
    expect(await runCli(['score', '--input', input, '--format', 'skab', '--detector', 'robust-z', '--out', scores, '--json'])).toBe(0);
    const summary = JSON.parse(output.out);
    const rows = readFileSync(scores, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(summary.files[0].rows);
    const firstScored = rows.findIndex((r) => r[2] !== '');
    expect(firstScored).toBe(8); // robust-z warms up on 8 points, then every row has a score
    expect(rows.slice(firstScored).every((r) => r[1] === 'test' && r[2] !== '')).toBe(true);
  });
});

describe('awad score: nab and generic csv', () => {
  it('scores a NAB data file (timestamp,value) and a csv with chosen time and label columns', async () => {
    const nab = join(dir, 'nab.csv');
    const rows = ['timestamp,value'];
    for (let i = 0; i < 300; i++) rows.push(`2026-01-01 ${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${i === 250 ? 500 : 100 + (i % 7)}`);
    writeFileSync(nab, `${rows.join('\n')}\n`);
    const out1 = join(dir, 'nab.scores.csv');
    expect(await runCli(['score', '--input', nab, '--format', 'nab', '--detector', 'robust-z', '--out', out1])).toBe(0);
    const scored = readFileSync(out1, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(scored).toHaveLength(301);
    const flagged = scored.slice(1).flatMap((r, i) => (r[3] === '1' ? [i] : []));
    expect(flagged).toContain(250); // the spike
    expect(flagged.length).toBeLessThan(10);

    const csv = join(dir, 'generic.csv');
    writeFileSync(csv, `when,cpu,mem,truth\n${Array.from({ length: 120 }, (_, i) => `${i},${i === 100 ? 99 : 10 + (i % 3)},${50 + (i % 5)},${i === 100 ? 1 : 0}`).join('\n')}\n`);
    const out2 = join(dir, 'generic.scores.csv');
    expect(await runCli(['score', '--input', csv, '--format', 'csv', '--time-col', 'when', '--label-col', 'truth', '--detector', 'ewma', '--train-rows', '60', '--out', out2])).toBe(0);
    // The label column is not a feature: the scorer only sees cpu and mem.
    expect(readFileSync(out2, 'utf8').split('\n')[0]).toBe('time,split,score,is_anomaly,raw_ewma,reason');
    output.out = '';
    expect(await runCli(['eval', '--scores', out2, '--labels', csv, '--format', 'csv', '--time-col', 'when', '--label-col', 'truth', '--metrics', 'point,auc', '--json'])).toBe(0);
    const report = JSON.parse(output.out);
    expect(report.rows).toBe(60);
    expect(report.positives).toBe(1);
    expect(report.point.recall).toBe(1);
  });
});

describe('awad errors', () => {
  it('names the file and line of a bad value, exit code 2', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'datetime;a;b;anomaly\n2020-01-01 00:00:00;1;2;0\n2020-01-01 00:00:01;1;oops;0\n');
    expect(await runCli(['score', '--input', bad, '--format', 'skab', '--out', join(dir, 'x.csv')])).toBe(2);
    expect(output.err).toContain(`${bad}:3: expected a number in column "b", got "oops"`);
  });

  it('rejects an unknown detector, a missing file and a bad format', async () => {
    expect(await runCli(['score', '--input', 'nope.csv', '--format', 'skab', '--detector', 'magic', '--out', 'x.csv'])).toBe(2);
    expect(output.err).toMatch(/--detector: expected one of .*got "magic"/);
    output.err = '';
    expect(await runCli(['score', '--input', join(dir, 'missing.csv'), '--format', 'skab', '--out', 'x.csv'])).toBe(2);
    expect(output.err).toMatch(/missing\.csv: cannot read the file \(ENOENT\)/);
    output.err = '';
    expect(await runCli(['score', '--input', 'x', '--format', 'xml', '--out', 'x.csv'])).toBe(2);
    expect(output.err).toMatch(/--format: expected one of skab, nab, csv, flowbench, got "xml"/);
  });

  it('eval refuses files whose rows do not line up', async () => {
    const scores = join(dir, 'short.csv');
    writeFileSync(scores, 'time,split,score,is_anomaly\n1,test,0.5,0\n');
    expect(await runCli(['eval', '--scores', scores, '--labels', dataset('skab', 'valve1', '2.csv')])).toBe(2);
    expect(output.err).toMatch(/expected one row per row of .*2\.csv/);
  });
});

describe('awad score --format flowbench', () => {
  // A tiny Flow-Bench folder: 10 runs of a -> b, b -> c; in run 9 job b on host h2 is throttled.
  const fb = join(dir, 'fb');
  const header = ',anomaly_type,type,is_clustered,runtime,queue_delay,stage_in_delay,kickstart_executables_cpu_time,kickstart_hostname';
  mkdirSync(fb, { recursive: true });
  for (let r = 0; r < 10; r++) {
    const slow = r === 9 ? 6 : 1;
    const jitter = 1 + 0.05 * Math.sin(r * 7.3);
    const rows = [`a_ID01,None,auxiliary,0,${(5 * jitter).toFixed(2)},2,,0.1,submit`, `b_ID02,${r === 9 ? 'hdd_5' : 'None'},compute,0,${(40 * jitter * slow).toFixed(2)},3,${(4 * slow).toFixed(2)},${(36 * jitter).toFixed(2)},h2`, `c_ID03,None,compute,0,${(20 / jitter).toFixed(2)},3,2,${(18 / jitter).toFixed(2)},h1`];
    writeFileSync(join(fb, `wf-run${String(r).padStart(2, '0')}.csv`), `${header}\n${rows.join('\n')}\n`);
  }
  const dag = join(dir, 'wf.json');
  writeFileSync(dag, JSON.stringify({ a_ID01: ['b_ID02'], b_ID02: ['c_ID03'], c_ID03: [] }));

  it('scores the held-out jobs with the multi-feature z and ranks the throttled job first', async () => {
    const scores = join(dir, 'fb.scores.csv');
    const labels = join(dir, 'fb.labels.csv');
    const args = ['score', '--input', fb, '--format', 'flowbench', '--dag', dag, '--detector', 'template-zscore-multi', '--pool', 'host', '--combine', 'max', '--features', 'runtime,stage_in_delay', '--train-runs', '0.6', '--seed', '1', '--out', scores, '--labels-out', labels];
    expect(await runCli(args)).toBe(0);
    const rows = readFileSync(scores, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const labelRows = readFileSync(labels, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(12);
    const top = rows.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a));
    expect(labelRows.filter((l) => l[2] === '1').map((l) => l[0])).toEqual(['wf-run09/b_ID02']); // seed 1 scores run 9
    expect(top[0]).toBe('wf-run09/b_ID02');
    expect(await runCli([...args.slice(0, -4), '--pool', 'rack', '--out', scores])).toBe(2);
    expect(output.err).toMatch(/--pool: expected none or host, got "rack"/);
    expect(await runCli([...args.slice(0, -4), '--features', 'gpu', '--out', scores])).toBe(2);
    expect(output.err).toMatch(/--features: expected names among/);
    expect(await runCli([...args.slice(0, -4), '--fuse-multi-z', 'runtime', '--out', scores])).toBe(2);
    expect(output.err).toMatch(/--fuse-multi-z: only with --detector graph-ssl or graph-gat/);
  });

  it('reads one-sided columns, tail-calibrates them and writes the model a live GraphNodeDetector scores', async () => {
    const scores = join(dir, 'fb1.scores.csv');
    const model = join(dir, 'fb1.model.json');
    const args = ['score', '--input', fb, '--format', 'flowbench', '--dag', dag, '--detector', 'template-zscore-multi', '--pool', 'host', '--calibrate', 'tail', '--combine', 'sum', '--features', 'stage_in_delay:high,cpu_time:low', '--train-runs', '0.6', '--seed', '1', '--out', scores, '--model-out', model];
    expect(await runCli(args)).toBe(0);
    const rows = readFileSync(scores, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a))[0]).toBe('wf-run09/b_ID02');
    const detector = new GraphNodeDetector(JSON.parse(readFileSync(model, 'utf8')));
    expect(detector.getConfig().options).toMatchObject({ pool: 'host', calibrate: 'tail', combine: 'sum', sides: ['high', 'low'] });
    // The throttled job's stage-in delay, scored live as a one-node run, beats a normal one's.
    const live = (stageIn: number): number => detector.scoreOne({ 'metrics.stage_in_delay': stageIn, 'metrics.cpu_time': 36 }, { taskKey: 'b_ID02' });
    expect(live(24)).toBeGreaterThan(live(4));
    expect(await runCli([...args.slice(0, -2), '--features', 'cpu_time:down'])).toBe(2);
    expect(output.err).toMatch(/--features: expected name or name:both\|high\|low, got "cpu_time:down"/);
    expect(await runCli([...args.slice(0, -4), '--calibrate', 'quantile', '--out', scores])).toBe(2);
    expect(output.err).toMatch(/--calibrate: expected none or tail/);
  });
});
