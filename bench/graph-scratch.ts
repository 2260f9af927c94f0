import { ensureBackend } from '@awad/tensor';
import { readFlowBench, splitRuns, GraphSslModel, TemplateZScore } from '@awad/graph';
import { rocAuc, averagePrecision } from '@awad/scoring';
const t0 = Date.now();
await ensureBackend();
const d = readFlowBench('../shared/datasets/flowbench/somospie.zip', '../shared/datasets/flowbench/somospie.json');
console.log('read', d.runs.length, Date.now() - t0);
const { train, test } = splitRuns(d.runs, 0.6, 1);
const lab = (runs: typeof test) => Uint8Array.from(runs.flatMap((r) => [...(d.labels.get(r.runId) as Uint8Array)]));
const cat = (xs: Float32Array[]) => Float64Array.from(xs.flatMap((x) => [...x]));
const z = new TemplateZScore().fit(train);
console.log('z auc', rocAuc(lab(test), cat(test.map((r) => z.score(r)))), averagePrecision(lab(test), cat(test.map((r) => z.score(r)))));
const enc = (process.env.ENC ?? 'graphsage') as 'graphsage';
for (const score of ['latent', 'reconstruction', 'sum'] as const) {
const t1 = Date.now();
const m = GraphSslModel.train(train, { epochs: Number(process.env.EP ?? 3), encoder: enc, score, latent: (process.env.LAT ?? 'normal') as 'normal' }, (r) => console.log(r.epoch, r.loss.toFixed(4), Date.now() - t1));
const s = m.scoreRuns(test);
console.log(score, 'auc', rocAuc(lab(test), cat(s)), 'ap', averagePrecision(lab(test), cat(s)));
m.dispose();
}
