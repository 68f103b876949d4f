import { defineConfig } from 'tsup';

export default defineConfig({
  // The verify worker is its own entry, next to the others in dist/, where the pool looks for it.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', verifyWorker: 'src/verify/verifyWorker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
