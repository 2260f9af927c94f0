// Captures what the CLI writes to stdout and stderr during each test (runCli never exits the process).
import { afterEach, beforeEach, vi } from 'vitest';

export interface CliOutput {
  /** Everything written to stdout in the current test. */
  out: string;
  /** Everything written to stderr in the current test. */
  err: string;
}

/** Registers hooks that reset and capture stdout/stderr for every test of the file. */
export function captureCliOutput(): CliOutput {
  const output: CliOutput = { out: '', err: '' };
  beforeEach(() => {
    output.out = '';
    output.err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((output.out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((output.err += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return output;
}
