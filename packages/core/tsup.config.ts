import { packageBuild } from '../../tsup.base';

// Two more entries: `@redress/core/store-kit` for store authors, and `@redress/core/machine`, the XState
// machine, kept out of the main entry so that its types do not reach every application.
export default packageBuild({
  entry: { index: 'src/index.ts', 'store-kit': 'src/storeKit.ts', machine: 'src/machineEntry.ts' },
});
