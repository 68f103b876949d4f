// A verify thread run from the TypeScript sources (tests, development): loads
// verifyThread.ts through tsx, which a worker does not inherit from its parent.
// Built code starts verifyThread.js or verifyThread.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./verifyThread.ts');
