// Prints runCeleryBench() as JSON. Run: pnpm build && node --import tsx bench/celery-bench-main.ts
import { runCeleryBench } from './celery-bench';

console.log(JSON.stringify(await runCeleryBench(), null, 2));
