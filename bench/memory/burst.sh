#!/usr/bin/env bash
# bench/memory/burst.sh WASM PATHQUERY N: VmRSS of a real capsule up serving tests/guests/out/WASM,
# idle -> after N concurrent requests (node fetch) -> every 10 s for 60 s, with the RSS of
# unnamed (anonymous) and memfd (Wasmtime memory image) mappings from /proc/PID/smaps.
# e.g. bench/memory/burst.sh probe-js.component.wasm "?do=sleep&ms=2000" 240
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"; mkdir -p "$work/app"
cat > "$work/app/capsule.toml" <<TOML
[application]
name = "mem"
[[trigger.http]]
route = "/..."
component = "guest"
[component.guest]
source = "$root/tests/guests/out/$1"
TOML
CAPSULE_CACHE_DIR="$work/cache" dotnet $root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll up "$work/app" --listen 127.0.0.1:3391 > "$work/log" 2>&1 &
pid=$!
trap "kill $pid; rm -rf $work" EXIT
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:3391/" && break; sleep 0.5; done
rss() { awk '/VmRSS/ {printf "%d MiB", $2/1024}' /proc/$pid/status; }
unnamed() { awk '/^[0-9a-f]+-[0-9a-f]+ / {name=$6} /^Rss:/ {if (name=="") a+=$2; else if (name ~ /memfd/) m+=$2} /^AnonHugePages/ {} END {printf "unnamed %d MiB, memfd %d MiB", a/1024, m/1024}' /proc/$pid/smaps; }
threads() { awk '/Threads/ {print $2}' /proc/$pid/status; }
for _ in 1 2 3 4 5; do curl -sf -o /dev/null "http://127.0.0.1:3391/$2"; done
sleep 2
echo "idle: $(rss) threads $(threads) $(unnamed)"
node "$root/bench/memory/burst.mjs" "http://127.0.0.1:3391/$2" "$3"
echo "after burst: $(rss) threads $(threads)"
for s in 10 20 30 40 50 60; do sleep 10; echo "+${s}s: $(rss) threads $(threads) $(unnamed)"; done
# biggest RSS mappings
awk '/^[0-9a-f]+-[0-9a-f]+ / {name=$6; range=$1} /^Rss:/ {if ($2 > 10240) printf "%8d KiB %s %s\n", $2, range, name}' /proc/$pid/smaps | sort -rn | head -8
awk '/^[0-9a-f]+-[0-9a-f]+ / {name=$6} /^Rss:/ {if (name=="") anon+=$2; else other[name]+=$2} END {printf "unnamed mappings: %d MiB\n", anon/1024; for (n in other) if (other[n] > 20480) printf "%s: %d MiB\n", n, other[n]/1024}' /proc/$pid/smaps
