import { packageBuild } from '../../tsup.base';

// The writer thread is a file of its own, started beside index.js / index.cjs (see writer/writerClient.ts);
// it exports nothing, so it has no declarations.
export default packageBuild({
  entry: { index: 'src/index.ts', writerThread: 'src/writer/writerThread.ts' },
  dts: { entry: { index: 'src/index.ts' } },
  shims: true,
});
