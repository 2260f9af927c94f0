// A trained PPO policy acting from its saved weights in plain Float32Array code (no tfjs, no
// backend start-up): what the controller and `awad sim deploy` run.
import { SnapshotError } from '@awad/core';
import { Float32Mlp } from '@awad/tensor';
import type { ControlObservation, DeployPolicy } from '../deploy/policy';
import { argmax, softmax } from './categorical';
import type { DecodedPolicyFile } from './policy-file';

export class PpoPolicy implements DeployPolicy {
  readonly name = 'ppo';
  readonly file: DecodedPolicyFile;
  private readonly actor: Float32Mlp;
  private readonly logits: Float32Array;
  private readonly probs: Float32Array;

  constructor(file: DecodedPolicyFile) {
    this.file = file;
    this.actor = Float32Mlp.fromWeights(file.weights, 'actor', [...file.hidden.map(() => 'tanh' as const), 'linear']);
    if (this.actor.inputs !== file.observationSize || this.actor.outputs !== file.actions.length) {
      throw new SnapshotError('@awad/policy/ppo-policy', `an actor of ${file.observationSize} inputs and ${file.actions.length} outputs`, `${this.actor.inputs} inputs and ${this.actor.outputs} outputs`);
    }
    this.logits = new Float32Array(file.actions.length);
    this.probs = new Float32Array(file.actions.length);
  }

  /** Action probabilities for a state vector. */
  probabilities(state: Float32Array): Float32Array {
    this.actor.forward(state, 1, this.logits);
    return softmax(this.logits, 0, this.logits.length, new Float32Array(this.logits.length));
  }

  /** The most probable action (deterministic, as deployed). */
  decide(obs: ControlObservation): number {
    this.actor.forward(obs.state, 1, this.logits);
    softmax(this.logits, 0, this.logits.length, this.probs);
    return argmax(this.probs);
  }
}
