#!/usr/bin/env bash
# Refresh the vendored axe-core (the accessibility checker the browser tests inject) from the npm
# registry: tests/vendor/axe-core/axe.min.js with its licences. The tests need neither node nor npm.
# Usage: bash scripts/vendor_axe.sh [version]
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-4.14.1}"
DEST=tests/vendor/axe-core
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf "axe-core-$VERSION.tgz")
mkdir -p "$DEST"
cp "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$TMP/package/LICENSE-3RD-PARTY.txt" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
echo "axe-core $VERSION in $DEST"
