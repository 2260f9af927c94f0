// Runs the Redis store benchmark and prints its JSON: pnpm build && node --import tsx bench/redis-store-bench-main.ts
import { runRedisStoreBench, runRedisStoreBenchChild } from './redis-store-bench';

if (process.argv.includes('--child')) await runRedisStoreBenchChild();
else console.log(JSON.stringify(await runRedisStoreBench(undefined, (line) => void process.stderr.write(`${line}\n`)), null, 2));
