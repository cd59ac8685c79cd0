#!/usr/bin/env bash
# Soak: MINUTES (default 30) of mixed, hostile load against one `capsule up`
# process, sampling its memory and handles once a minute. Not part of CI.
#   healthy   wrk -c4 on the JS hello guest (the route that must keep answering)
#   sleepers  16 clients in a loop, each request waiting 2 s on a guest timer
#   uploads   4 clients in a loop, 1 MiB echoed through the JS probe
#   loopers   2 clients in a loop on a guest that never returns (1 s limit)
#   bombs     2 clients in a loop on a guest that grows memory until refused
#   traps     2 clients in a loop on a guest that traps
# Each minute: RSS (VmRSS), threads, open fds, and the status codes seen.
# Prints a Markdown table: record it in bench/results/ with the date and machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes="${MINUTES:-30}"
port="${PORT:-3401}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
"$root/tests/guests/build.sh" >/dev/null
dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
out="$root/tests/guests/out"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

cat > "$work/capsule.toml" <<TOML
[application]
name = "soak"
[[trigger.http]]
route = "/hello/..."
component = "hello"
[[trigger.http]]
route = "/probe/..."
component = "probe"
[[trigger.http]]
route = "/loop"
component = "loop"
[[trigger.http]]
route = "/bomb"
component = "bomb"
[[trigger.http]]
route = "/trap"
component = "trap"
[component.hello]
source = "$out/hello-js.component.wasm"
[component.probe]
source = "$out/probe-js.component.wasm"
[component.loop]
source = "$out/http-loop.wasm"
[component.loop.limits]
timeout = "1s"
[component.bomb]
source = "$out/http-membomb.wasm"
[component.trap]
source = "$out/http-trap.wasm"
TOML

CAPSULE_CACHE_DIR="$work/cache" dotnet "$root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" \
  up "$work" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/hello/" && break; sleep 0.5; done

base="http://127.0.0.1:$port"
# The healthy route alone first: the baseline its figures under load are read against.
alone="$(wrk -t1 -c4 -d10s "$base/hello/" 2>/dev/null | awk '/Requests\/sec/ {print $2}')"
head -c 1048576 /dev/urandom >"$work/upload.bin"
# loop NAME CURL-ARGS...: one client, requests back to back, status codes to a file.
loop() {
  local name="$1"; shift
  while :; do curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "$@" >>"$work/codes.$name" || echo 000 >>"$work/codes.$name"; done
}
for _ in $(seq 1 16); do loop sleep "$base/probe/?do=sleep&ms=2000" & pids+=($!); done
for _ in $(seq 1 4); do loop upload --data-binary "@$work/upload.bin" "$base/probe/?do=echo" & pids+=($!); done
for _ in $(seq 1 2); do loop loop "$base/loop" & pids+=($!); done
for _ in $(seq 1 2); do loop bomb "$base/bomb" & pids+=($!); done
for _ in $(seq 1 2); do loop trap "$base/trap" & pids+=($!); done

sample() { # minute healthy-rps
  local status="/proc/$server/status"
  local rss threads fds codes
  rss="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "$status")"
  threads="$(awk '/Threads/ {print $2}' "$status")"
  fds="$(ls "/proc/$server/fd" | wc -l)"
  codes="$(cat "$work"/codes.* 2>/dev/null | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  : >"$work/codes.all"; for f in "$work"/codes.*; do [ "$f" = "$work/codes.all" ] || : >"$f"; done
  echo "| $1 | $rss | $threads | $fds | $2 | ${codes:-none} |"
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
echo "commit: $(git -C "$root" rev-parse --short HEAD)"
echo "healthy route alone (wrk -t1 -c4, 10 s, before the load): ${alone:-0} req/s"
echo "load: $minutes min; healthy wrk -t1 -c4 on the JS hello guest, 16 sleepers (2 s), 4 × 1 MiB uploads, 2 loopers (1 s limit), 2 memory bombs, 2 trappers, all in loops"
echo
echo "| minute | RSS MiB | threads | fds | healthy req/s (wrk, 60 s) | other status codes in the minute |"
echo "|---:|---:|---:|---:|---:|---|"
sample 0 -
for minute in $(seq 1 "$minutes"); do
  rps="$(wrk -t1 -c4 -d60s "$base/hello/" 2>/dev/null | awk '/Requests\/sec/ {print $2}')"
  kill -0 "$server" 2>/dev/null || { echo "capsule up exited; last log lines:"; tail -20 "$work/server.log"; exit 1; }
  sample "$minute" "${rps:-0}"
done
# Stop the load and let the host go idle: memory should come back.
for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null || true; done
sleep 60
sample "idle+60s" -
echo
echo "server log: $(grep -c '' "$work/server.log") lines, $(grep -c 'fail:' "$work/server.log" || true) fail lines, by component and cause:"
grep 'fail:' "$work/server.log" | sed -n 's/.*component=\([^ ]*\).*cause=\([^(]*\).*/\1: \2/p' | sed 's/ duration=.*//; s/ after [0-9.]*[a-z]*$//' | sort | uniq -c | sort -rn | head -8
