// Runs the ACVAE benchmark and prints JSON: node --conditions=source --import tsx bench/acvae-bench-main.ts [--latency-only]
import { runAcvaeBench } from './acvae-bench';

process.stdout.write(`${JSON.stringify(await runAcvaeBench(process.argv.slice(2)), null, 2)}\n`);
