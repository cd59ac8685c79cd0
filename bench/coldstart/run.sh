#!/usr/bin/env bash
# Process cold start (scale to zero): milliseconds from starting a server
# process to its first 200 response, as the median, min and p90 of STARTS
# (default 20) starts per peer, peers alternated start by start:
#   capsule-wat  capsule up, the hand-written WAT wasi:http guest (no language runtime)
#   capsule-js   capsule up, the componentize-js hello guest (13 MB, SpiderMonkey)
#   runc-busybox a runc container running busybox httpd     (if runc runs here)
#   runc-node    a runc container running a Node.js http server (if runc runs here)
# The artifact cache is warm: every peer starts once unmeasured first. The
# clock starts at fork; a small C client (first-response.c) connects every
# 1 ms until a GET / answers 200. capsule is the build scripts/capsule runs;
# CAPSULE="cmd args" measures another one, and BEFORE="cmd args" adds that
# build as capsule-*-before peers (e.g. main's `dotnet .../capsule.dll`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
starts="${STARTS:-20}"
"$root/tests/guests/build.sh" >/dev/null
"$root/scripts/capsule" --version >/dev/null # builds what scripts/capsule runs
read -r -a capsule <<<"${CAPSULE:-$root/src/Capsule.Cli/bin/publish/capsule}"
read -r -a before <<<"${BEFORE:-}"
work="$(mktemp -d)"
containers=()
cleanup() {
  for id in "${containers[@]}"; do runc delete -f "$id" >/dev/null 2>&1 || true; done
  [[ -n ${KEEP:-} ]] && echo "kept $work" >&2 && return
  rm -rf "$work"
}
trap cleanup EXIT
cc -O2 -o "$work/first-response" "$root/bench/coldstart/first-response.c"
export CAPSULE_CACHE_DIR="$work/cache"

app() { # name source
  mkdir -p "$work/$1"
  printf '[application]\nname = "%s"\n[[trigger.http]]\nroute = "/..."\ncomponent = "guest"\n[component.guest]\nsource = "%s"\n' "$1" "$2" >"$work/$1/capsule.toml"
}
app wat "$root/tests/guests/out/http-hello.wasm"
app js "$root/tests/guests/out/hello-js.component.wasm"

# runc bundles sharing the host's network: busybox httpd, and node with its libraries.
runc_note=""
if ! command -v runc >/dev/null; then
  runc_note="runc is not installed (apt-get install runc busybox-static)"
elif [[ $(id -u) != 0 ]]; then
  runc_note="runc needs root here"
elif ! command -v busybox >/dev/null || ! file -L "$(command -v busybox)" | grep -q static; then
  runc_note="no static busybox (apt-get install busybox-static)"
else
  bundle() { # name args-json
    mkdir -p "$work/$1/rootfs"
    (cd "$work/$1" && runc spec)
    python3 - "$work/$1/config.json" "$2" <<'PY'
import json, sys
path, args = sys.argv[1], json.loads(sys.argv[2])
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = args
c["root"]["readonly"] = True
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"]
json.dump(c, open(path.replace("config.json", "config.template.json"), "w"))
PY
  }
  bundle busybox '["/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:PORT", "-h", "/www"]'
  mkdir -p "$work/busybox/rootfs/bin" "$work/busybox/rootfs/www"
  cp "$(command -v busybox)" "$work/busybox/rootfs/bin/"
  echo "Hello from busybox" >"$work/busybox/rootfs/www/index.html"
  if command -v node >/dev/null; then
    node_bin="$(readlink -f "$(command -v node)")"
    bundle node "[\"$node_bin\", \"/server.js\", \"PORT\"]"
    cp --parents "$node_bin" "$work/node/rootfs/"
    for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do cp --parents -L "$lib" "$work/node/rootfs/"; done
    echo "require('http').createServer((q, r) => r.end('Hello from node')).listen(+process.argv[2], '127.0.0.1');" >"$work/node/rootfs/server.js"
  fi
fi

port=3500
start_once() { # peer; prints the milliseconds
  port=$((port + 1))
  case "$1" in
    capsule-wat | capsule-js)
      "$work/first-response" $port / 60000 -- "${capsule[@]}" up "$work/${1#capsule-}" --listen "127.0.0.1:$port" 2>>"$work/log" ;;
    capsule-*-before)
      local name="${1#capsule-}"
      # Its own cache: another Capsule version may store entries in another format.
      CAPSULE_CACHE_DIR="$work/cache-before" "$work/first-response" $port / 60000 -- "${before[@]}" up "$work/${name%-before}" --listen "127.0.0.1:$port" 2>>"$work/log" ;;
    runc-*)
      local bundle="$work/${1#runc-}" id="coldstart-$$-$port"
      containers+=("$id")
      sed "s/PORT/$port/" "$bundle/config.template.json" >"$bundle/config.json"
      (cd "$bundle" && STOP_SIGNAL=KILL "$work/first-response" $port / 60000 -- runc run "$id" 2>>"$work/log")
      runc delete -f "$id" >/dev/null 2>&1 || true ;;
  esac
}

peers=(capsule-wat capsule-js)
[[ ${#before[@]} -gt 0 ]] && peers+=(capsule-wat-before capsule-js-before)
if [[ -z $runc_note ]]; then
  peers+=(runc-busybox)
  [[ -d $work/node ]] && peers+=(runc-node)
fi
for peer in "${peers[@]}"; do
  start_once "$peer" >/dev/null || { echo "$peer: no response; its log:" >&2; tail -20 "$work/log" >&2; exit 1; }
done
for _ in $(seq 1 "$starts"); do
  for peer in "${peers[@]}"; do
    start_once "$peer" >>"$work/$peer.ms"
  done
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg), Linux $(uname -r)"
echo "capsule: ${capsule[*]}${before:+; before: ${before[*]}}"
echo "method: $starts starts per peer, alternated; cache warm; ms from fork to the first 200 of GET /"
[[ -n $runc_note ]] && echo "runc peers skipped: $runc_note"
echo
echo "peer | median ms | min ms | p90 ms"
for peer in "${peers[@]}"; do
  sort -n "$work/$peer.ms" | awk -v peer="$peer" '{ v[NR] = $1 } END {
    median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    p90 = v[int(NR * 0.9 + 0.999999)]
    printf "%s | %.1f | %.1f | %.1f\n", peer, median, v[1], p90 }'
done
