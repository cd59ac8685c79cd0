#!/usr/bin/env bash
# WAGI request overhead: requests/s and latency of one `capsule up` serving the same small answer
# ("hello\n", text/plain) two ways, side by side in one run:
#   wagi  - Spin's WAGI executor: the C module tests/guests/c/wagi.c (clang + wasi-libc), a fresh
#           WASI preview 1 instance per request, request in CGI variables, response parsed from stdout;
#   http  - the wasi:http executor: tests/guests/wat-components/http-hello.wat, a fresh component
#           instance per request (the smallest wasi:http handler Capsule's tests have).
# Both routes are in one app and one process, alternated, so load on the machine hits both alike.
# Load: wrk, 2 threads, CONNECTIONS (default 8) connections, DURATION (default 10s) per case after a
# 2 s warm-up; ROUNDS (default 2) repeats the pair. Ratio = wagi requests/s / http requests/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-8}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-2}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
"$root/tests/guests/build.sh" >/dev/null
dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port="$((20000 + RANDOM % 20000))"
cat > "$work/spin.toml" <<TOML
spin_manifest_version = 2
[application]
name = "wagi-bench"
[[trigger.http]]
route = "/wagi/..."
component = "wagi"
executor = { type = "wagi" }
[[trigger.http]]
route = "/http/..."
component = "http"
[component.wagi]
source = "$root/tests/guests/out/wagi.wasm"
[component.http]
source = "$root/tests/guests/out/http-hello.wasm"
TOML
CAPSULE_CACHE_DIR="$work/cache" setsid dotnet "$root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" up "$work" \
  --listen "127.0.0.1:$port" >"$work/capsule.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/wagi/hello" && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/wagi/hello" >/dev/null || { cat "$work/capsule.log" >&2; exit 1; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "software: .NET $(dotnet --version), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "load: wrk -t2 -c$connections, 2 s warm-up + $duration per case, alternated, $rounds round(s)"
echo
echo "case | requests/s | p50 | p99 | errors"
declare -A total=()
for ((round = 0; round < rounds; round++)); do
  for name in wagi http; do
    url="http://127.0.0.1:$port/$name/hello"
    wrk -t2 -c"$connections" -d2s "$url" >/dev/null 2>&1 || true
    out="$(wrk -t2 -c"$connections" -d"$duration" --latency "$url")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    errors="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    total[$name]="$(awk -v a="${total[$name]:-0}" -v b="$rps" 'BEGIN {print a + b}')"
    echo "$name | $rps | $p50 | $p99 | ${errors:-none}"
  done
done
echo
awk -v w="${total[wagi]}" -v h="${total[http]}" 'BEGIN {printf "ratio wagi/http (requests/s, summed over rounds): %.2f\n", w / h}'
