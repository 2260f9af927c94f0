#!/usr/bin/env node
// Entry point of the `awad` command.
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`awad: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
