// Shared build for every package: ESM + CJS + .d.ts from src/index.ts (and src/bin.ts where present).
// Run from a package folder: `tsup --config ../../tsup.config.ts`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

const cwd = process.cwd();
const entry = ['src/index.ts', 'src/bin.ts'].filter((file) => existsSync(join(cwd, file)));

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
  // The app and the SDK must share one tfjs: never bundle it.
  external: [/^@tensorflow\//, /^@awad\//],
});
