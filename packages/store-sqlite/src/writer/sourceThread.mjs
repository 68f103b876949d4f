// The writer thread run from the TypeScript sources (tests, development): loads
// writerThread.ts through tsx, which a worker does not inherit from its parent.
// Built code starts writerThread.js or writerThread.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./writerThread.ts');
