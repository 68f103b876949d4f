#!/usr/bin/env bash
# What a user outside the repository meets: every package packed, its tarball linted
# (publint --strict, arethetypeswrong), installed with plain npm into a fresh project,
# an ESM and a CommonJS consumer type-checked (strict, exactOptionalPropertyTypes,
# skipLibCheck: false) and run against a SQLite file (and PostgreSQL when
# REDRESS_PG_URL is set), every package README's TypeScript block type-checked, and
# the installed `redress` binary run — first without the PostgreSQL packages, which
# the CLI only needs for postgres:// stores. Needs `pnpm build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
packages=(core store-sqlite store-postgres notify-webhook notify-email publish-nats testing cli http)

echo "package check: packing into $work/tarballs"
mkdir -p "$work/tarballs"
for p in "${packages[@]}"; do
  (cd "$root/packages/$p" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
  (cd "$root/packages/$p" && "$root/node_modules/.bin/publint" --strict --pack pnpm)
done
for t in "$work"/tarballs/*.tgz; do
  # node16 ESM and CJS and bundlers must all resolve the types; the CLI's bin is no library entry.
  "$root/node_modules/.bin/attw" --profile node16 --format ascii "$t"
done

tarball() { ls "$work"/tarballs/redress-"$1"-*.tgz; }
app="$work/app"
mkdir -p "$app"
cp "$root"/scripts/package-check/consumer/* "$app/"
cd "$app"
# npm 11 runs no install scripts unless allowed: better-sqlite3 builds its native module in one.
cat > package.json <<JSON
{ "name": "redress-consumer", "private": true, "type": "module", "allowScripts": { "better-sqlite3": true } }
JSON

echo "package check: SQLite only — core, store-sqlite, cli"
npm install --no-audit --no-fund --loglevel=error \
  "$(tarball core)" "$(tarball store-sqlite)" "$(tarball cli)" typescript@5.9.3 @types/node@20
set +e
out="$(npx --no-install redress verify --store postgres://nobody@127.0.0.1:1/none 2>&1)"
code=$?
set -e
echo "$out"
if [ "$code" -ne 3 ] || ! grep -q 'npm install @redress/store-postgres pg' <<<"$out"; then
  echo "package check: without pg, a postgres:// store must exit 3 naming the packages to install (exit $code)" >&2
  exit 1
fi

# The same for a key store on PostgreSQL (the secrets are read first, so give two).
set +e
kek="$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))')"
kek2="$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))')"
out="$(REDRESS_KEK="$kek" NEW_KEK="$kek2" npx --no-install redress keys rewrap --key-store postgres://nobody@127.0.0.1:1/none --new-kek-env NEW_KEK 2>&1)"
code=$?
set -e
echo "$out"
if [ "$code" -ne 3 ] || ! grep -q 'A PostgreSQL key store needs @redress/store-postgres and pg.*npm install @redress/store-postgres pg' <<<"$out"; then
  echo "package check: without pg, a postgres:// key store must exit 3 naming the packages to install (exit $code)" >&2
  exit 1
fi

echo "package check: every package"
npm install --no-audit --no-fund --loglevel=error \
  "$(tarball store-postgres)" pg "$(tarball notify-webhook)" "$(tarball notify-email)" "$(tarball publish-nats)" "$(tarball testing)" fast-check vitest "$(tarball http)"

# Each package README's TypeScript blocks, as modules of their own.
for p in "${packages[@]}"; do
  node -e '
    const fs = require("node:fs");
    const [readme, name] = process.argv.slice(1);
    const blocks = [...fs.readFileSync(readme, "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    blocks.forEach((b, i) => fs.writeFileSync(`readme-${name}-${i}.ts`, b));
  ' "$root/packages/$p/README.md" "$p"
done
ls readme-*.ts
npx --no-install tsc -p tsconfig.json

# The README examples take the key-encryption key from the environment, as an application would.
REDRESS_KEK="$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64"))')"
export REDRESS_KEK
node out/app.js consumer.db
node out/script.cjs consumer-cjs.db
# The README examples that need no server of their own.
for m in out/readme-core-0.js out/readme-store-sqlite-0.js out/readme-notify-webhook-0.js out/readme-notify-email-0.js out/readme-http-0.js; do
  node "$m"
done

npx --no-install redress --help >/dev/null
npx --no-install redress verify --store consumer.db
npx --no-install redress export --store consumer.db >consumer.ndjson
npx --no-install redress verify --store consumer.ndjson
echo "package check: ok"
