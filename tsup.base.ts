import { defineConfig, type Options } from 'tsup';

/**
 * The build every package shares: ESM and CJS with type declarations for Node 20.
 * A package passes only what differs (more entries, shims for a bin).
 */
export const packageBuild = (overrides: Options = {}) =>
  defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  });
