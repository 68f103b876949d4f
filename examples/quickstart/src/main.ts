/**
 * `pnpm demo`: three complaints through the procedure, each printed as a
 * timeline with its final state and the result of verifying its hash chain.
 */
import { createEngine, memoryStore } from '@redress/core';
import { runQuickstart, summary, timeline } from './quickstart';

const store = memoryStore();
const engine = createEngine({ store });

const ids = await runQuickstart(engine);
for (const [story, id] of Object.entries(ids)) {
  console.log(`\n${story}: complaint ${id}`);
  for (const line of timeline(await engine.history(id))) console.log(line);
  console.log(summary(await engine.load(id)));
  const check = await engine.verify(id);
  console.log(check.ok ? `  verify: ok, ${check.events} events, chain ends ${check.lastHash.slice(0, 12)}…` : `  verify: FAILED at v${check.version}: ${check.reason}`);
}
