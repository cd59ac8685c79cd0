#!/usr/bin/env bash
# Instance reuse against a fresh instance per request, side by side in one run:
#   fetch-fresh      the hello example's guest (componentize-js, fetch event), a fresh instance per request (today's default)
#   handler-fresh    the same answer from a componentize-js guest that exports wasi:http/incoming-handler itself
#   handler-reuse    that guest with instance_reuse = { max_requests = 100 }   (the default)
#   handler-reuse10k that guest with instance_reuse = { max_requests = 10000 }
# (The fetch-event guest itself cannot be reused: componentize-js 0.23 answers
# only one request per instance, StarlingMonkey issue 247.)
# Load: wrk -t2, CONNECTIONS (default 16) connections, DURATION (default 10s)
# per peer after a 2 s warm-up, ROUNDS (default 3) rounds with the peers in turn.
# Prints every round, then the median requests/s of each peer and its ratio to fetch-fresh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
"$root/tests/guests/build.sh"
dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

source "$root/bench/http/serve-app.sh"
guests="$root/tests/guests/out"
peers=("fetch-fresh:3311" "handler-fresh:3312" "handler-reuse:3313" "handler-reuse10k:3314")
serve_app fetch-fresh "$guests/hello-js.component.wasm" 3311
serve_app handler-fresh "$guests/hello-handler-js.component.wasm" 3312
REUSE="{ max_requests = 100 }" serve_app handler-reuse "$guests/hello-handler-js.component.wasm" 3313
REUSE="{ max_requests = 10000 }" serve_app handler-reuse10k "$guests/hello-handler-js.component.wasm" 3314
for peer in "${peers[@]}"; do
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:${peer##*:}/hello/Ada" && break; sleep 0.5; done
done
# The same answer from all of them.
for peer in "${peers[@]}"; do
  body="$(curl -sf "http://127.0.0.1:${peer##*:}/hello/Ada")"
  [ "$body" = "hello from js: GET /hello/Ada" ] || { echo "${peer%%:*} answered '$body'" >&2; exit 1; }
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
echo "software: .NET $(dotnet --version), Wasmtime $(grep -o 'Include="Wasmtime" Version="[^"]*"' "$root/Directory.Packages.props" | grep -o '[0-9][0-9.]*'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "load: wrk -t2 -c$connections, 2 s warm-up + $duration per peer, $rounds rounds, peers in turn"
echo
echo "round | peer | requests/s | p50 | p99 | errors"
declare -A results
for round in $(seq 1 "$rounds"); do
  for peer in "${peers[@]}"; do
    name="${peer%%:*}" port="${peer##*:}"
    wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$port/hello/Ada" >/dev/null 2>&1 || true
    out="$(wrk -t2 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/hello/Ada")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    errors="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    echo "$round | $name | $rps | $p50 | $p99 | ${errors:-none}"
    results[$name]+="$rps "
  done
done
echo
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
base="$(median "${results[fetch-fresh]}")"
echo "peer | median requests/s | × fetch-fresh"
for peer in "${peers[@]}"; do
  name="${peer%%:*}"
  m="$(median "${results[$name]}")"
  echo "$name | $m | $(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", a/b}')"
done
