#!/usr/bin/env bash
# The one test command: set-up, then every gate (types per layer, lint with zero warnings, all tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
pnpm typecheck
pnpm lint
pnpm test
