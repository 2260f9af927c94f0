// Runs the VAE benchmark and prints JSON: node --conditions=source --import tsx bench/vae-bench-main.ts
import { runVaeBench } from './vae-bench';

process.stdout.write(`${JSON.stringify(await runVaeBench(), null, 2)}\n`);
