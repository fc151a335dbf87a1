#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian, Node 20, root, npm registry + apt only).
# Installs missing apt packages, pnpm, and the workspace's npm packages (Electron's binary download skipped
# here: it fetches from GitHub, which this machine cannot reach; on users' machines set TETHER_ELECTRON=1).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

want_pnpm="9.15.9"
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm -v)" != "$want_pnpm" ]]; then
  echo "setup: installing pnpm@$want_pnpm"
  npm install -g "pnpm@$want_pnpm" >/dev/null 2>&1
fi

if [[ "${TETHER_ELECTRON:-0}" != "1" ]]; then export ELECTRON_SKIP_BINARY_DOWNLOAD=1; fi
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
echo "setup: ready"
