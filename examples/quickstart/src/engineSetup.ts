// The set-up shown at the top of docs/engine.md; engineDocs.test.ts runs it.
import { createEngine, memoryStore, definePolicy } from '@redress/core';

const engine = createEngine({
  store: memoryStore(), // or sqliteStore({ path }), postgresStore({ pool })
  clock: () => new Date(), // injected time: every event's occurredAt comes from here (years 0000–9999)
  policy: definePolicy({}), // roles per command, approval counts; defaults in defaultPolicy
  maxAttempts: 100, // tries per command when another writer got there first (1–10,000)
  retryBudgetMs: 30_000, // and no new try after this long (0–3,600,000 ms)
  cacheSize: 10_000, // folded complaints kept in memory (0: off; at most 10,000,000)
  // deadlines: deadlinePolicy({ calendar, rules }),  — see deadlines.md; enables engine.tick(now)
  // outbox: notifications.outbox,                    — see notifications.md
});

export { engine };
