import { packageBuild } from '../../tsup.base';

// The store-kit is a second entry, `@redress/core/store-kit`, for store authors.
export default packageBuild({ entry: { index: 'src/index.ts', 'store-kit': 'src/storeKit.ts' } });
