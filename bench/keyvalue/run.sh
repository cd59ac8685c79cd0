#!/usr/bin/env bash
# Key-value through a guest: requests/s and latency of get and set from the componentize-js
# key-value guest (tests/guests/js/kv, Spin 2's key-value interface), on the embedded default store
# (SQLite WAL in .capsule/) and on a Redis-backed label (a local redis-server), side by side in one
# run, with the same JS runtime answering without key-value (hello-handler) as the reference.
# Each request is a fresh instance: open the store, one get or set, close.
# Load: wrk, 2 threads, CONNECTIONS (default 16) connections, DURATION (default 10s) per case after a
# 2 s warm-up; ROUNDS (default 1) repeats the cases, each round starting one case later.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-1}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
"$root/tests/guests/build.sh"
dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

redis_port=3319 kv_port=3317 ref_port=3318
setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
mkdir -p "$work/kv"
cat > "$work/kv/capsule.toml" <<TOML
[application]
name = "kv"
[[trigger.http]]
route = "/..."
component = "kv"
[component.kv]
source = "$root/tests/guests/out/kv-js.component.wasm"
key_value_stores = ["default", "redis"]
TOML
cat > "$work/kv/runtime-config.toml" <<TOML
[key_value_store.redis]
type = "redis"
url = "redis://127.0.0.1:$redis_port"
TOML
CAPSULE_CACHE_DIR="$work/cache" setsid dotnet "$root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" up "$work/kv" \
  --listen "127.0.0.1:$kv_port" --runtime-config-file "$work/kv/runtime-config.toml" >"$work/kv.log" 2>&1 &
pids+=($!)
source "$root/bench/http/serve-app.sh"
serve_app reference "$root/tests/guests/out/hello-handler-js.component.wasm" "$ref_port"
for probe in "http://127.0.0.1:$kv_port/spin/default/exists/k" "http://127.0.0.1:$ref_port/"; do
  for _ in $(seq 1 240); do curl -sf -o /dev/null "$probe" && break; sleep 0.5; done
done
for label in default redis; do
  curl -sf -o /dev/null "http://127.0.0.1:$kv_port/spin/$label/set/k?value=$(head -c 100 /dev/zero | tr '\0' v)" || { echo "cannot set a key in $label" >&2; cat "$work/kv.log" >&2; exit 1; }
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "software: .NET $(dotnet --version), $(redis-server --version | awk '{print $1, $3}'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "load: wrk -t2 -c$connections, 2 s warm-up + $duration per case, cases one after another, $rounds round(s); values of 100 bytes"
echo
echo "case | requests/s | p50 | p99 | errors"
cases=(
  "reference (no key-value)|http://127.0.0.1:$ref_port/"
  "get, embedded SQLite|http://127.0.0.1:$kv_port/spin/default/get/k"
  "set, embedded SQLite|http://127.0.0.1:$kv_port/spin/default/set/k?value=vvvvvvvvvv"
  "get, Redis|http://127.0.0.1:$kv_port/spin/redis/get/k"
  "set, Redis|http://127.0.0.1:$kv_port/spin/redis/set/k?value=vvvvvvvvvv"
)
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#cases[@]}; i++)); do
    entry="${cases[(round + i) % ${#cases[@]}]}"
    name="${entry%%|*}" url="${entry##*|}"
    wrk -t2 -c"$connections" -d2s "$url" >/dev/null 2>&1 || true
    out="$(wrk -t2 -c"$connections" -d"$duration" --latency "$url")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    errors="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    echo "$name | $rps | $p50 | $p99 | ${errors:-none}"
  done
done
