#!/usr/bin/env bash
# The one demo command: set-up, then a full session on this machine (see scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec pnpm exec tsx scripts/demo.ts "$@"
