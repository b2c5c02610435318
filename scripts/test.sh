#!/usr/bin/env bash
# Install everything the tests need (Python packages and Debian's Chromium) and run them.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium for the browser tests and PNG rendering; fonts with Latin and Arabic.
PKGS="chromium fonts-liberation fonts-dejavu-core"
missing=$(for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "Installing Debian packages: $missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test,notebooks,scale]"
exec python3 -m pytest "$@"
