#!/usr/bin/env bash
# Commit subjects of at most 72 characters (the why goes in the body), for every commit
# since the rule was made. A shallow clone without that commit checks what it has.
set -euo pipefail
cd "$(dirname "$0")/.."
since=cf85f16b
if git cat-file -e "$since^{commit}" 2>/dev/null; then range="$since..HEAD"; else range="HEAD~20..HEAD"; fi
long="$(git log --format='%h %s' "$range" 2>/dev/null | awk '{ s = $0; sub(/^[^ ]+ /, "", s); if (length(s) > 72) print }')" || true
if [ -n "$long" ]; then
  echo "Commit subjects longer than 72 characters (shorten them; the why goes in the body):" >&2
  echo "$long" >&2
  exit 1
fi
echo "commit subjects: all within 72 characters ($range)"
