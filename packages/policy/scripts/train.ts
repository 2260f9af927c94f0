// Trains the two shipped policies and writes them to weights/:
//   deploy-ppo.json       PPO deployment controller, on simulator cycles with seeds >= 10000
//   meta-thresholds.json  meta-learned threshold initialisation, on workflows with seeds 100..123
// Usage: pnpm --filter @awad/policy train [--updates N] [--iterations N] [--only deploy|thresholds]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBackend } from '@awad/tensor';
import { DEFAULT_DEPLOY_POLICY_FILE, DEFAULT_THRESHOLD_POLICY_FILE, weightsDir } from '../src/default-policies';
import { defaultDetectorSlots } from '../src/deploy/hybrid-detector';
import { deployPolicyFile, trainDeployPolicy } from '../src/deploy/train-deploy-policy';
import { savePolicyFile } from '../src/ppo/policy-file';
import { metaTrainThresholds, tuneFixedRule } from '../src/threshold/compare-thresholds';
import { SHIFTS } from '../src/threshold/threshold-env';
import { CHECK_NAMES, workflowStream } from '../src/threshold/workflow-stream';
import { TRAINING_WORKFLOW_SEEDS } from '../src/threshold/workflow-seeds';

const { values } = parseArgs({ options: { updates: { type: 'string', default: '150' }, iterations: { type: 'string', default: '60' }, only: { type: 'string' } } });
const backend = await ensureBackend();
process.stderr.write(`backend: ${backend.backend}\n`);

if (values.only !== 'thresholds') {
  const updates = Number(values.updates);
  const started = performance.now();
  const { agent, steps, episodes } = trainDeployPolicy({
    updates,
    onUpdate: ({ update, steps: s, meanEpisodeReturn }) => process.stderr.write(`ppo update ${update}/${updates}: ${s} steps, mean cycle return ${meanEpisodeReturn.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  const file = deployPolicyFile(agent, defaultDetectorSlots().map((s) => s.name), { algorithm: 'PPO-Clip', updates, steps, cycles: episodes, seeds: `10000..${10000 + episodes + 15}`, wallSeconds: Math.round(seconds), backend: backend.backend, ...agent.options });
  await savePolicyFile(join(weightsDir(), DEFAULT_DEPLOY_POLICY_FILE), file);
  process.stderr.write(`wrote ${DEFAULT_DEPLOY_POLICY_FILE}: ${steps} steps in ${seconds.toFixed(0)} s\n`);
  agent.dispose();
}

if (values.only !== 'deploy') {
  const iterations = Number(values.iterations);
  const started = performance.now();
  const streams = TRAINING_WORKFLOW_SEEDS.map((seed) => workflowStream({ seed }));
  const learner = metaTrainThresholds(streams, {
    iterations,
    metaBatch: 8,
    onIteration: (i, r) => process.stderr.write(`maml iteration ${i}/${iterations}: mean adapted episode return ${r.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  await savePolicyFile(join(weightsDir(), DEFAULT_THRESHOLD_POLICY_FILE), {
    kind: 'awad-meta-threshold-policy',
    version: 1,
    observationSize: learner.net.layers[0]?.inputs ?? 0,
    actions: [...SHIFTS.map((s) => `shift ${s > 0 ? '+' : ''}${s}`), ...CHECK_NAMES.map((c) => `enable ${c}`)],
    hidden: [...learner.options.hidden],
    detectors: [...CHECK_NAMES],
    training: { algorithm: 'first-order MAML, REINFORCE inner loss', globalRule: tuneFixedRule(streams.map((stream) => ({ stream, from: 0, to: stream.length }))), iterations, metaBatch: 8, workflowSeeds: TRAINING_WORKFLOW_SEEDS, wallSeconds: Math.round(seconds), ...learner.options },
    weights: learner.weights(),
  });
  process.stderr.write(`wrote ${DEFAULT_THRESHOLD_POLICY_FILE} in ${seconds.toFixed(0)} s\n`);
  learner.dispose();
}
