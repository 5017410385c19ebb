#!/usr/bin/env bash
# Benchmarks of the coverage engine, reproducible on any machine:
#
#   crates/hatang-coverage/bench.sh [reference] [accuracy] [province]
#
# (no argument: all three). Needs the bundled SRTM tile (data/dem) and GNU
# time (/usr/bin/time) for the memory figure. Set CARGO_TARGET_DIR to reuse
# a build. Everything runs in a fresh temporary data directory.
#
# reference  the issue's reference job (Phù Ninh hill, 30 m mast, 1800 MHz,
#            20 W ERP, 25 km at 30 m, Signal-Server's ITM settings): wall
#            time, CPU time and peak memory of the whole `hatang coverage`
#            command, three runs.
# accuracy   fast against exact at full resolution on the reference job and
#            on Tam Đảo (40 m, 3.5 GHz, 15 km at 30 m): 95th percentile of
#            |Δ| and covered-or-not agreement at −110 dBm (the exact runs
#            take about a minute each on two cores).
# province   `hatang demo`, then every sector of the demo province
#            (`hatang coverage --all`: 15 km, 90 m, best servers and
#            strongest signals per operator and technology).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
what=("$@")
[ ${#what[@]} -eq 0 ] && what=(reference accuracy province)
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -q -p hatang-cli -p hatang-coverage --examples --bins
hatang="$target/release/hatang"
compare="$target/release/examples/compare"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timer() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "    wall %e s, user %U s, system %S s, peak memory %M KB" "$@"
    else
        time "$@"
    fi
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for w in "${what[@]}"; do
case "$w" in
reference)
    echo "== reference job (Signal-Server: 26.4 s wall, 25.1 s CPU, 1.36 GB)"
    for i in 1 2 3; do
        rm -rf "$work/ref$i"
        timer "$hatang" --data-dir "$work/ref$i" coverage --lat 21.4708 --lon 105.435 \
            --antenna-height 30 --freq-mhz 1800 --erp-w 20 --rx-height 1.5 --model itm \
            --radius-km 25 --resolution-m 30 --climate 5 --n0 301 --epsilon 15 --sigma 0.005 \
            --polarization vertical --mdvar 12 --confidence 50 --reliability 50 \
            --dem "$root/data/dem" --out "$work/ref$i/job.tif" >/dev/null
    done
    ;;
accuracy)
    echo "== fast against exact, reference job (25 km, 30 m)"
    (cd "$work" && "$compare" 21.4708 105.435 30 1800 25000 30 "$root/data/dem" | grep -E "^(fast|exact|pixels)")
    echo "== fast against exact, Tam Đảo (40 m, 3.5 GHz, 15 km, 30 m; EIRP of the reference)"
    (cd "$work" && "$compare" 21.45 105.64 40 3500 15000 30 "$root/data/dem" | grep -E "^(fast|exact|pixels)")
    ;;
province)
    echo "== demo province: all sectors, 15 km, 90 m"
    "$hatang" --data-dir "$work/prov" demo >/dev/null 2>&1
    timer "$hatang" --data-dir "$work/prov" coverage --all --no-cache --out "$work/prov/out" \
        | grep -E "sites|best server:"
    ;;
*) echo "unknown benchmark '$w' (reference, accuracy, province)"; exit 2 ;;
esac
done
