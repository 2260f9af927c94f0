// Runs the @awad/graph benchmark and prints its JSON.
import { runGraphBench } from './graph-bench';

process.stdout.write(`${JSON.stringify(await runGraphBench(), null, 2)}\n`);
