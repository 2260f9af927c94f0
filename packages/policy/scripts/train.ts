// Trains the two shipped policies and writes them to weights/:
//   deploy-ppo.json       PPO deployment controller, on simulator cycles with seeds >= 10000
//   meta-thresholds.json  meta-learned threshold initialisation, on the default family's training
//                         workflows (seeds 100..123) and the heterogeneous family's (300..347)
// Usage: pnpm --filter @awad/policy train [--updates N] [--iterations N] [--meta-batch N] [--only deploy|thresholds] [--regime default|stormy[,...]] [--init FILE] [--lr R]
//        [--check-every N] [--action-space level|shift] [--estimator expected|reinforce] [--gamma G]
//        [--alpha A] [--adapt-alpha A] [--entropy B] [--fp-reward=R] [--objective f1|reward (default f1; reward with reinforce)] [--seed N]
//        [--out FILE (the policy --only trains)]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBackend } from '@awad/tensor';
import { DEFAULT_DEPLOY_POLICY_FILE, DEFAULT_THRESHOLD_POLICY_FILE, weightsDir } from '../src/default-policies';
import { deploymentRegime, type DeploymentRegime } from '../src/deploy/deployment-regimes';
import { defaultDetectorSlots } from '../src/deploy/hybrid-detector';
import { DEFAULT_REWARD_WEIGHTS } from '../src/deploy/reward';
import { DEFAULT_TRAIN_DEPLOY_OPTIONS, deployPolicyFile, trainDeployPolicy } from '../src/deploy/train-deploy-policy';
import { PpoPolicy } from '../src/ppo/ppo-policy';
import { compareDeployment } from '../src/sim/deploy-comparison';
import { loadPolicyFile, savePolicyFile } from '../src/ppo/policy-file';
import { compareThresholds, metaTrainThresholds, tuneFixedRule } from '../src/threshold/compare-thresholds';
import { DEFAULT_META_THRESHOLD_OPTIONS, MetaThresholdLearner, type ThresholdEstimator, type ThresholdObjective } from '../src/threshold/meta-threshold-policy';
import type { ThresholdActionSpaceName } from '../src/threshold/threshold-actions';
import { CHECK_NAMES, workflowStream } from '../src/threshold/workflow-stream';
import { heterogeneousRegime } from '../src/threshold/workflow-regime';
import { HETEROGENEOUS_TRAINING_WORKFLOW_SEEDS, HETEROGENEOUS_VALIDATION_WORKFLOW_SEEDS, TRAINING_WORKFLOW_SEEDS, VALIDATION_WORKFLOW_SEEDS } from '../src/threshold/workflow-seeds';

const { values } = parseArgs({ options: { updates: { type: 'string', default: String(DEFAULT_TRAIN_DEPLOY_OPTIONS.updates) }, iterations: { type: 'string', default: '200' }, 'meta-batch': { type: 'string', default: '10' }, 'check-every': { type: 'string', default: '0' }, only: { type: 'string' }, 'action-space': { type: 'string', default: DEFAULT_META_THRESHOLD_OPTIONS.actionSpace }, gamma: { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.gamma) }, estimator: { type: 'string', default: DEFAULT_META_THRESHOLD_OPTIONS.estimator }, alpha: { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.alpha) }, 'adapt-alpha': { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.adaptAlpha) }, entropy: { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.entropy) }, 'fp-reward': { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.reward.fp) }, seed: { type: 'string', default: String(DEFAULT_META_THRESHOLD_OPTIONS.seed) }, objective: { type: 'string' }, out: { type: 'string' }, regime: { type: 'string', default: 'default' }, init: { type: 'string' }, lr: { type: 'string' } } });
if (values.out !== undefined && values.only === undefined) throw new Error('--out needs --only deploy or --only thresholds');
if (values.regime !== 'default' && values.out === undefined) throw new Error('--regime other than default needs --out FILE (the shipped deploy-ppo.json is trained on the default regime)');
const backend = await ensureBackend();
process.stderr.write(`backend: ${backend.backend}\n`);

if (values.only !== 'thresholds') {
  const updates = Number(values.updates);
  const checkEvery = Number(values['check-every']);
  // --regime a,b: the parallel environments take the regimes in turn; validation runs on each.
  const regimes = (values.regime as string).split(',') as DeploymentRegime[];
  const regime = regimes.join('+');
  const envs = regimes.map((r) => ({ simulator: deploymentRegime(r) }));
  // --init FILE: start from a trained deploy policy (its actor and critic) instead of random weights.
  const init = values.init === undefined ? undefined : await loadPolicyFile(values.init, 'awad-ppo-policy');
  const ppo = values.lr === undefined ? {} : { learningRate: Number(values.lr) };
  const started = performance.now();
  const { agent, steps, episodes } = trainDeployPolicy({
    updates,
    env: envs,
    ppo,
    ...(init === undefined ? {} : { initialWeights: init.weights }),
    onUpdate: ({ update, steps: s, meanEpisodeReturn, agent: learning }) => {
      process.stderr.write(`ppo update ${update}/${updates}: ${s} steps, mean cycle return ${meanEpisodeReturn.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      // Optional progress on validation cycles (seed 9, never an evaluation seed).
      if (checkEvery > 0 && update % checkEvery === 0) {
        regimes.forEach((r, i) => {
          const c = compareDeployment(new PpoPolicy(deployPolicyFile(learning, [], {})), 9, 100, envs[i]).change;
          process.stderr.write(`  validation (seed 9, 100 cycles, ${r}): uptime ${c.uptimePoints.toFixed(1)} points, latency ${(100 * c.latency).toFixed(1)}%, errors ${(100 * c.errorRate).toFixed(1)}%, recovery ${(100 * c.timeToRecovery).toFixed(1)}%, cost ${(100 * c.cost).toFixed(0)}%\n`);
        });
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const file = deployPolicyFile(agent, defaultDetectorSlots().map((s) => s.name), { algorithm: 'PPO-Clip', updates, steps, cycles: episodes, seeds: `10000..${10000 + episodes + 15}`, wallSeconds: Math.round(seconds), backend: backend.backend, reward: DEFAULT_REWARD_WEIGHTS, regime, ...(values.init === undefined ? {} : { initialisedFrom: values.init.split('/').pop(), initialTraining: init?.training }), ...agent.options });
  const out = values.out ?? join(weightsDir(), DEFAULT_DEPLOY_POLICY_FILE);
  await savePolicyFile(out, file);
  process.stderr.write(`wrote ${out}: ${steps} steps in ${seconds.toFixed(0)} s\n`);
  agent.dispose();
}

if (values.only !== 'deploy') {
  const iterations = Number(values.iterations);
  const started = performance.now();
  const metaBatch = Number(values['meta-batch']);
  const checkEvery = Number(values['check-every']);
  const streams = TRAINING_WORKFLOW_SEEDS.map((seed) => workflowStream({ seed }));
  const heterogeneous = HETEROGENEOUS_TRAINING_WORKFLOW_SEEDS.map((seed) => workflowStream({ seed, regime: heterogeneousRegime(seed) }));
  const whole = (list: typeof streams) => list.map((stream) => ({ stream, from: 0, to: stream.length }));
  const globalRule = tuneFixedRule(whole(streams));
  const heterogeneousGlobalRule = tuneFixedRule(whole(heterogeneous));
  // Optional progress on the validation workflows (never the held-out ones).
  const validation = checkEvery > 0 ? { default: VALIDATION_WORKFLOW_SEEDS.map((seed) => workflowStream({ seed })), heterogeneous: HETEROGENEOUS_VALIDATION_WORKFLOW_SEEDS.map((seed) => workflowStream({ seed, regime: heterogeneousRegime(seed) })) } : undefined;
  const learner = metaTrainThresholds([...streams, ...heterogeneous], {
    iterations,
    metaBatch,
    actionSpace: values['action-space'] as ThresholdActionSpaceName,
    gamma: Number(values.gamma),
    estimator: values.estimator as ThresholdEstimator,
    alpha: Number(values.alpha),
    adaptAlpha: Number(values['adapt-alpha']),
    entropy: Number(values.entropy),
    seed: Number(values.seed),
    objective: values.objective as ThresholdObjective | undefined,
    reward: { ...DEFAULT_META_THRESHOLD_OPTIONS.reward, fp: Number(values['fp-reward']) },
    onIteration: (i, r, current) => {
      process.stderr.write(`maml iteration ${i}/${iterations}: mean adapted episode return ${r.toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      if (validation === undefined || i % checkEvery !== 0) return;
      for (const [family, list, rule] of [['default', validation.default, globalRule], ['heterogeneous', validation.heterogeneous, heterogeneousGlobalRule]] as const) {
        // A separate learner adapts, so checking does not change the training run's random draws.
        const evaluator = new MetaThresholdLearner({ ...current.options });
        const rows = compareThresholds(evaluator, current.weights(), [], list, { globalRule: rule, adaptSteps: 3 });
        evaluator.dispose();
        const line = Object.keys(rows[0]?.methods ?? {}).map((m) => `${m}: F1 ${(rows.reduce((a, row) => a + (row.methods[m]?.f1 ?? 0), 0) / rows.length).toFixed(3)}, FP ${rows.reduce((a, row) => a + (row.methods[m]?.falsePositives ?? 0), 0)}`);
        process.stderr.write(`  validation ${family}: ${line.join(' | ')}\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const out = values.out ?? join(weightsDir(), DEFAULT_THRESHOLD_POLICY_FILE);
  await savePolicyFile(out, {
    kind: 'awad-meta-threshold-policy',
    version: 1,
    observationSize: learner.net.layers[0]?.inputs ?? 0,
    actions: [...Array.from({ length: learner.space.choices }, (_, c) => learner.space.label(c)), ...CHECK_NAMES.map((c) => `enable ${c}`)],
    hidden: [...learner.options.hidden],
    detectors: [...CHECK_NAMES],
    training: { algorithm: `first-order MAML, ${learner.options.estimator === 'expected' ? `expected policy gradient over all actions${learner.options.objective === 'f1' ? ' of the soft F1' : ''}` : 'REINFORCE'} inner loss`, globalRule, heterogeneousGlobalRule, iterations, metaBatch, workflowSeeds: TRAINING_WORKFLOW_SEEDS, heterogeneousWorkflowSeeds: HETEROGENEOUS_TRAINING_WORKFLOW_SEEDS, wallSeconds: Math.round(seconds), ...learner.options },
    weights: learner.weights(),
  });
  process.stderr.write(`wrote ${out} in ${seconds.toFixed(0)} s\n`);
  learner.dispose();
}
