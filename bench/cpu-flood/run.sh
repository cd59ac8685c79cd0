#!/usr/bin/env bash
# CPU flood (issue 20, item 7): the scenario of tests/Capsule.Cli.Tests/Hostile/CpuFloodTests run
# RUNS times (default 5) and its figures collected. One `capsule up` serves /hello (http-hello.wasm)
# and /loop (http-loop.wasm, spins until its 5 s limit); 100 /loop requests are sent at once while
# one busy process per core (CpuBurners) keeps the CPU saturated; /.well-known/spin/health and /hello
# are probed one request at a time, 50 ms apart, for 4 s. Figures per run: p99 of each probe series,
# and the slowest looper's time to its 504. The issue's targets (2 cores, 100 loopers): health p99
# <= 100 ms, another component's p99 <= 1 s, loopers end at their limit + 0.5 s.
# Quote a result with the machine's load at the time: the test's own bounds are looser so that it
# holds on a busy CI machine; this script is where the targets are measured.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-5}"
"$root/tests/guests/build.sh" >/dev/null
dotnet build "$root/tests/Capsule.Cli.Tests" -c Release --nologo -v quiet >/dev/null
echo "# cpu-flood, $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  line="$(dotnet test "$root/tests/Capsule.Cli.Tests" -c Release --no-build \
    --filter "FullyQualifiedName~CpuFloodTests" --logger "console;verbosity=detailed" 2>&1 \
    | grep -o 'health p99.*' | head -1 || echo 'run failed (see dotnet test output)')"
  echo "run $i: $line (load $(cut -d' ' -f1 /proc/loadavg))"
done
