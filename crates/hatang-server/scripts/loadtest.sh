#!/usr/bin/env bash
# Load test of the tile and feature endpoints on loopback, from a cold start.
#
#   bash crates/hatang-server/scripts/loadtest.sh [CONNECTIONS] [SECONDS]
#
# Builds and starts `hatang serve --demo` (release) on a free loopback port,
# waits until its background work is done (scorecard, plan, coverage layers:
# about a minute), makes a shuffled list of >= 1,000 distinct tiles (vector
# z8-13 over the data, hillshade z8-12 over the terrain, coverage z8-12 of
# the all-operator layers, or of every layer with HATANG_LOADTEST_LAYERS=every)
# and feature queries (bbox pages, paging, filters,
# single features, the plan, targets), then runs wrk with CONNECTIONS (default 200)
# for SECONDS (default 30) with Accept-Encoding: gzip, and prints the
# latency percentiles and the error count. Needs wrk and python3
# (apt-get install -y wrk). Only 127.0.0.1 is ever contacted; the run is
# bounded by SECONDS and the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CONNS="${1:-200}"
SECS="${2:-30}"
: "${CARGO_TARGET_DIR:=target}"
export CARGO_TARGET_DIR
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

cargo build --release -q -p hatang-cli
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$CARGO_TARGET_DIR/release/hatang" --data-dir "$work/data" serve --demo --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  grep -q 'coverage ready\|not every layer' "$work/server.log" 2>/dev/null && break
  sleep 0.5
done
base="$(grep -o 'http://[0-9.:]*' "$work/server.log" | head -1)"
[ -n "$base" ] || { cat "$work/server.log"; exit 1; }
echo "server: $base"
grep -E 'ready|not every' "$work/server.log" | sed 's/^/  /'

python3 - "$base" "$work/urls.txt" <<'PY'
import json, math, random, sys, urllib.request
base, out = sys.argv[1], sys.argv[2]
meta = json.load(urllib.request.urlopen(base + "/meta"))
def tiles(b, z):
    def xy(lon, lat):
        n = 2 ** z
        x = int((lon + 180) / 360 * n)
        r = math.radians(lat)
        y = int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
        return x, y
    x0, y1 = xy(b[0], b[1]); x1, y0 = xy(b[2], b[3])
    return [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
urls = []
for z in range(8, 14):
    urls += [f"/tiles/vector/{z}/{x}/{y}.mvt" for z, x, y in tiles(meta["extent"], z)]
if meta.get("terrain"):
    for z in range(8, 13):
        urls += [f"/tiles/hillshade/{z}/{x}/{y}.png" for z, x, y in tiles(meta["terrain"], z)]
layers = json.load(urllib.request.urlopen(base + "/coverage/layers"))["layers"]
# The page's own mix: the layers of all operators (4G on by default, 5G a
# click away); HATANG_LOADTEST_LAYERS=every adds each operator's layers.
import os
if os.environ.get("HATANG_LOADTEST_LAYERS") != "every":
    layers = [l for l in layers if l["operator"] == "all"]
for l in layers:
    for z in range(8, 13):
        urls += [l["tiles"].replace("{z}/{x}/{y}", f"{z}/{x}/{y}") for z, x, y in tiles(meta["extent"], z)]
n_tiles = len(urls)
rng = random.Random(2025)
e = meta["extent"]
for i in range(300):
    lon = rng.uniform(e[0], e[2] - 0.1); lat = rng.uniform(e[1], e[3] - 0.1)
    coll = rng.choice(["villages", "sites"])
    urls.append(f"/collections/{coll}/items?bbox={lon:.3f},{lat:.3f},{lon + 0.1:.3f},{lat + 0.1:.3f}&limit=100")
for off in range(0, 2400, 100):
    urls.append(f"/collections/sites/items?limit=100&offset={off}")
    urls.append(f"/collections/villages/items?limit=100&offset={off}&f=csv")
for op in ["viettel", "vinaphone", "mobifone", "vietnamobile"]:
    for t in ["2G", "3G", "4G", "5G"]:
        urls.append(f"/collections/sites/items?operator={op}&technology={t}&limit=50")
ids = json.load(urllib.request.urlopen(base + "/collections/villages/items?limit=200"))["features"]
urls += [f"/collections/villages/items/{f['id']}" for f in ids]
urls += ["/plan", "/targets", "/scorecard", "/coverage/layers", "/meta"]
rng.shuffle(urls)
open(out, "w").write("\n".join(urls) + "\n")
print(f"{len(urls)} distinct URLs: {n_tiles} tiles, {len(urls) - n_tiles} feature queries")
PY

cat >"$work/run.lua" <<'LUA'
local urls = {}
for line in io.lines(os.getenv("HATANG_URLS")) do urls[#urls + 1] = line end
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
local i = 0
function init(args) i = (id or 1) * 997 % #urls end
function request()
  i = i % #urls + 1
  return wrk.format("GET", urls[i], { ["Accept-Encoding"] = "gzip" })
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d in %.1f s (%.0f/s); errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("max    %8.2f ms\n", latency.max / 1000))
end
LUA
HATANG_URLS="$work/urls.txt" wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$work/run.lua" "$base" | sed -n '/requests /,$p'
