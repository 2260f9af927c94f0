// Runs the policy benchmark and prints its JSON: node --conditions=source --import tsx bench/policy-bench-main.ts
import { runPolicyBench } from './policy-bench';

process.stdout.write(`${JSON.stringify(await runPolicyBench(), null, 2)}\n`);
