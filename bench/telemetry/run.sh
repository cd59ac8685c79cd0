#!/usr/bin/env bash
# What telemetry costs on the request path, same build, same run, side by side:
#   off        capsule up (no exporter: nothing listens to Capsule's meter or spans)
#   metrics    capsule up --metrics-listen (Prometheus exporter; nobody scrapes during the run)
#   traces     capsule up --metrics-listen --otlp-endpoint (metrics + every request traced, sampled at
#              100 %, exported over OTLP/HTTP to a sink on loopback that answers 200)
# Guest: the WAT wasi:http hello (GUEST=js: the componentize-js hello). Load: wrk, CONNECTIONS (16)
# connections, DURATION (10s) per peer after a 2 s warm-up, ROUNDS (3) rounds rotating the order.
# "CPU µs/req" is the CPU time of the peer's process per request: it holds on a busy machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-16}" duration="${DURATION:-10s}" rounds="${ROUNDS:-3}"
threads=$(( connections < 2 ? connections : 2 ))
guest="$root/tests/guests/out/http-hello.wasm"
[[ "${GUEST:-wat}" == js ]] && guest="$root/tests/guests/out/hello-js.component.wasm"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -f "$guest" ]] || "$root/tests/guests/build.sh"
[[ -n "${NO_BUILD:-}" ]] || dotnet build "$root/src/Capsule.Cli" -c Release --nologo -v quiet >/dev/null
# Free ports chosen by the OS (the machine is shared): three capsule ports, two metrics ports, the sink.
read -r p_off p_metrics p_traces m_metrics m_traces sink < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
work="$(mktemp -d)" pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
printf '[application]\nname = "bench"\n[[trigger.http]]\nroute = "/..."\ncomponent = "guest"\n[component.guest]\nsource = "%s"\n' "$guest" >"$work/capsule.toml"
# The OTLP sink: accepts every export and answers 200 with an empty protobuf message.
setsid python3 -c '
import http.server, sys
counts = {}
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        counts[self.path] = counts.get(self.path, 0) + 1
        open(sys.argv[2], "w").write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        self.send_response(200); self.send_header("content-type", "application/x-protobuf"); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()' "$sink" "$work/sink-counts" &
pids+=($!)
start() { # NAME PORT FLAGS...
  local name="$1" port="$2"; shift 2
  CAPSULE_CACHE_DIR="$work/cache" setsid dotnet "$root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll" up "$work" --listen "127.0.0.1:$port" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!) peers+=("$name:$port:$!")
}
peers=()
start off "$p_off"
start metrics "$p_metrics" --metrics-listen "127.0.0.1:$m_metrics"
# Every request traced: the SDK's default sampler (parent-based, always on) samples each root span.
start traces "$p_traces" --metrics-listen "127.0.0.1:$m_traces" --otlp-endpoint "http://127.0.0.1:$sink"
for peer in "${peers[@]}"; do
  port="$(cut -d: -f2 <<<"$peer")"
  name="${peer%%:*}"
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/" || { echo "peer $name did not serve:" >&2; cat "$work/$name.log" >&2; exit 1; }
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r)"
echo "guest: $(basename "$guest"); load: wrk -t$threads -c$connections, 2 s warm-up + $duration per peer, $rounds round(s)"
echo "peer | requests/s | p50 | p99 | CPU µs/req | errors"
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#peers[@]}; i++)); do
    IFS=: read -r name port pid <<<"${peers[(round + i) % ${#peers[@]}]}"
    wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
    before="$(ticks "$pid")"
    out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/")"
    after="$(ticks "$pid")"
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    cpu="$(awk -v t="$(( after - before ))" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
    echo "$name | $(awk '/Requests\/sec/ {print $2}' <<<"$out") | $(awk '$1=="50%" {print $2}' <<<"$out") | $(awk '$1=="99%" {print $2}' <<<"$out") | $cpu | $(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')"
  done
done
# Proof the traces peer exported: the sink's POST count per path (/v1/traces, /v1/metrics).
echo "OTLP sink received: $(cat "$work/sink-counts" 2>/dev/null || echo nothing)"
