import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { backoffDelay } from './backoff';

const options = fc.record({
  baseMs: fc.integer({ min: 1, max: 10_000 }),
  maxMs: fc.integer({ min: 10_000, max: 10_000_000 }),
});
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

test.prop([fc.integer({ min: 1, max: 60 }), options, unit])(
  'the delay lies between half and all of the capped exponential delay',
  (attempt, o, r) => {
    const exp = Math.min(o.maxMs, o.baseMs * 2 ** (attempt - 1));
    const d = backoffDelay(attempt, o, () => r);
    expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
    expect(d).toBeLessThanOrEqual(Math.ceil(exp));
  },
);

test.prop([fc.integer({ min: 1, max: 40 }), options])(
  'without jitter the delay never shrinks from one attempt to the next',
  (attempt, o) => {
    expect(backoffDelay(attempt + 1, o, () => 0)).toBeGreaterThanOrEqual(backoffDelay(attempt, o, () => 0));
  },
);
