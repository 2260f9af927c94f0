// The `awad` command line: demo, score, eval, train, sim, serve.
import { Command, CommanderError } from 'commander';
import { isAwadError } from '@awad/core';
import { CliError } from './cli-error';
import { registerDemo } from './commands/demo';
import { registerEval } from './commands/eval';
import { registerScore } from './commands/score';
import { registerTrain } from './commands/train';
import { registerSim } from './commands/sim';
import { registerServe } from './commands/serve';

export function createProgram(): Command {
  const program = new Command('awad')
    .description('AWAD, the Adaptive Workflow Anomaly Detector')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerScore(program);
  registerEval(program);
  registerTrain(program);
  registerSim(program);
  registerServe(program);
  return program;
}

/** Runs the CLI; resolves to the exit code (never calls process.exit itself). */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`awad: ${error.message}\n`);
      return error.exitCode;
    }
    if (isAwadError(error)) {
      process.stderr.write(`awad: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`awad: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
