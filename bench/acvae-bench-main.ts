// Runs the ACVAE benchmark and prints JSON: node --conditions=source --import tsx bench/acvae-bench-main.ts
import { runAcvaeBench } from './acvae-bench';

process.stdout.write(`${JSON.stringify(await runAcvaeBench(), null, 2)}\n`);
