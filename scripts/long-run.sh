#!/usr/bin/env bash
# The long runs, kept out of `pnpm test` so that it stays quick:
# - the long test files (`*.long.test.ts`): soaks, kill loops, many processes, big trees;
# - the mutation check: one-line bugs in the critical rules, each of which a test must catch;
# - the property tests three more times: fast-check draws a fresh seed each run, so every
#   round explores other inputs (a failure prints its seed and path to replay it).
set -euo pipefail
cd "$(dirname "$0")/.."

REDRESS_LONG=1 pnpm exec vitest run .long.test.ts
pnpm mutants
for round in 1 2 3; do
  echo "property tests, round $round of 3"
  pnpm test:prop
done
