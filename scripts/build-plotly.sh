#!/usr/bin/env bash
# Build the plotly.js bundle the exported page ships (timeline/assets/plotly/plotly-page.min.js):
# the trace types listed in scripts/plotly-page-entry.js, from the plotly.js release that the
# installed plotly Python package bundles, minified with esbuild. Needs Node and npm; run it again
# after upgrading plotly (tests/test_page_weight.py fails until the versions match).
# Usage: bash scripts/build-plotly.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/timeline/assets/plotly"
ESBUILD_VERSION=0.28.2
VERSION=$(python3 -c "from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())")

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp scripts/plotly-page-entry.js "$TMP/entry.js"
cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact --ignore-scripts "plotly.js@$VERSION" "esbuild@$ESBUILD_VERSION" >/dev/null
npm rebuild esbuild >/dev/null  # esbuild's binary, skipped by --ignore-scripts
HEADER=$(sed -n '1,/\*\//p' node_modules/plotly.js/dist/plotly.min.js)  # plotly's own version and licence lines
node -e '
require("esbuild").build({
  entryPoints: ["entry.js"], bundle: true, minify: true, format: "iife", globalName: "Plotly",
  target: "es2016", outfile: "plotly-page.min.js", legalComments: "none", logLevel: "warning",
  banner: { js: process.argv[1] },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
}).catch(() => process.exit(1));
' "$HEADER"
mkdir -p "$OUT"
cp plotly-page.min.js "$OUT/plotly-page.min.js"
cp node_modules/plotly.js/LICENSE "$OUT/LICENSE-plotly.js"
echo "Built $OUT/plotly-page.min.js: plotly.js $VERSION, $(wc -c < "$OUT/plotly-page.min.js") bytes," \
     "sha256 $(sha256sum "$OUT/plotly-page.min.js" | cut -d' ' -f1)"
