#!/usr/bin/env bash
# HTTP throughput and latency, all peers side by side in one run:
#   (a) capsule up, the componentize-js hello guest (13 MB, SpiderMonkey)
#   (b) capsule up, the hand-written WAT wasi:http guest (no language runtime)
#   (c) bare Kestrel returning the same bytes as (a)
#   (d) jco serve --isolate-requests instance of the same JS component
#   capsule-wat-core (not in the default PEERS): (b) on Capsule's component layer (--component-layer core, issue 21)
# Load: wrk, 2 threads (1 for one connection), CONNECTIONS (default 16) connections, DURATION (default 10s)
# per peer, after a 2 s warm-up. Prints the date, the machine and one line
# per peer: record them in bench/results/.
# PEERS (default "capsule-js capsule-wat bare-kestrel jco-serve") picks peers;
# BASELINE=<another checkout, built> adds capsule-wat-baseline and
# capsule-js-baseline, the same guests served by that checkout's capsule (A/B of two builds in one run); ROUNDS
# (default 1) repeats the measurements, each round starting one peer later.
# "CPU µs/req" is the CPU time (user + system) the peer's processes used during its measured run, per
# request: unlike requests/s it holds when other work shares the machine (compare builds by it there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-16}"
threads=$(( connections < 2 ? connections : 2 )) # wrk needs a connection per thread
duration="${DURATION:-10s}"
peers="${PEERS:-capsule-js capsule-wat bare-kestrel jco-serve}"
rounds="${ROUNDS:-1}"
[[ -n "${BASELINE:-}" ]] && peers="$peers ${BASELINE_PEERS:-capsule-wat-baseline capsule-js-baseline}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -n "${NO_GUEST_BUILD:-}" ]] || "$root/tests/guests/build.sh" # NO_GUEST_BUILD=1: the guests in tests/guests/out are current
dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/bench/BareKestrel" -c Release --nologo -v quiet >/dev/null
work="$(mktemp -d)"
pids=()
# Each peer runs in its own process group (setsid), so that the whole group goes,
# e.g. the node process npx starts for jco serve.
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

source "$root/bench/http/serve-app.sh"
has() { [[ " $peers " == *" $1 "* ]]; }
ports=()
if has capsule-js; then serve_app js "$root/tests/guests/out/hello-js.component.wasm" 3301; ports+=(3301); fi
if has capsule-wat; then serve_app wat "$root/tests/guests/out/http-hello.wasm" 3302; ports+=(3302); fi
if has capsule-wat-core; then LAYER=core serve_app wat-core "$root/tests/guests/out/http-hello.wasm" 3307; ports+=(3307); fi
if has bare-kestrel; then
  setsid dotnet "$root/bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll" 127.0.0.1:3303 >"$work/kestrel.log" 2>&1 &
  pids+=($!) ports+=(3303)
fi
if has jco-serve; then
  (cd "$root/tests/guests" && exec setsid npx jco serve "$root/tests/guests/out/hello-js.component.wasm" --port 3304 --isolate-requests instance) >"$work/jco.log" 2>&1 &
  pids+=($!) ports+=(3304)
fi
if has capsule-wat-baseline; then
  dotnet build "$BASELINE/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
  DLL="$BASELINE/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" serve_app wat-baseline "$root/tests/guests/out/http-hello.wasm" 3305
  ports+=(3305)
fi
if has capsule-js-baseline; then
  dotnet build "$BASELINE/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
  DLL="$BASELINE/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" serve_app js-baseline "$root/tests/guests/out/hello-js.component.wasm" 3306
  ports+=(3306)
fi

for port in "${ports[@]}"; do
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
echo "software: .NET $(dotnet --version), Wasmtime $(grep -o 'Include="Wasmtime" Version="[^"]*"' "$root/Directory.Packages.props" | grep -o '[0-9][0-9.]*'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), node $(node --version)"
echo "load: wrk -t$threads -c$connections, 2 s warm-up + $duration per peer, peers one after another, $rounds round(s)"
echo
# CPU clock ticks used so far by the processes of group $1 (a peer and what it started).
group_ticks() {
  local sum=0 stat rest
  for stat in /proc/[0-9]*/stat; do
    read -r rest 2>/dev/null <"$stat" || continue
    rest="${rest##*) }" # fields after the command name, which may hold spaces
    read -r -a f <<<"$rest"
    [[ "${f[2]}" == "$1" ]] && sum=$(( sum + f[11] + f[12] ))
  done
  echo "$sum"
}
declare -A group_of
for ((i = 0; i < ${#ports[@]}; i++)); do group_of[${ports[i]}]="${pids[i]}"; done
hz="$(getconf CLK_TCK)"
echo "peer | requests/s | p50 | p99 | CPU µs/req | errors"
all=()
for peer in "capsule-js:3301" "capsule-wat:3302" "capsule-wat-core:3307" "bare-kestrel:3303" "jco-serve:3304" "capsule-wat-baseline:3305" "capsule-js-baseline:3306"; do
  has "${peer%%:*}" && all+=("$peer")
done
for ((round = 0; round < rounds; round++)); do
 for ((i = 0; i < ${#all[@]}; i++)); do
  peer="${all[(round + i) % ${#all[@]}]}"
  name="${peer%%:*}" port="${peer##*:}"
  wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
  before="$(group_ticks "${group_of[$port]}")"
  out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/")"
  after="$(group_ticks "${group_of[$port]}")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu="$(awk -v t="$(( after - before ))" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
  echo "$name | $rps | $p50 | $p99 | $cpu | ${errors:-none}"
 done
done
