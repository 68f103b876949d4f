import { packageBuild } from '../../tsup.base';

export default packageBuild({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', verifyThread: 'src/verify/verifyThread.ts' },
  shims: true,
});
