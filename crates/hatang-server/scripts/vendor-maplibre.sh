#!/usr/bin/env bash
# Re-vendors MapLibre GL JS (BSD-3-Clause) into assets/vendor/ from the npm
# package: the ES module build, its worker, the stylesheet and the licence.
#   bash crates/hatang-server/scripts/vendor-maplibre.sh [VERSION]   (default 6.17.0)
set -euo pipefail
VERSION="${1:-6.17.0}"
dest="$(cd "$(dirname "$0")/.." && pwd)/assets/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "maplibre-gl@$VERSION" >/dev/null && tar xzf maplibre-gl-*.tgz)
cp "$work/package/dist/maplibre-gl.mjs" "$work/package/dist/maplibre-gl-worker.mjs" \
   "$work/package/dist/maplibre-gl.css" "$dest/"
cp "$work/package/LICENSE.txt" "$dest/LICENSE-maplibre-gl.txt"
echo "vendored maplibre-gl $VERSION into $dest"
