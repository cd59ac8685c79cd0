#!/usr/bin/env bash
# Runs the instantiation benchmark (Capsule's path beside raw Wasmtime.Dotnet,
# same engine, same compiled code) and prints BenchmarkDotNet's table.
# Takes about two minutes on 2 cores. Record the table in bench/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tests/guests/build.sh"
cd "$root"
dotnet run -c Release --project bench/Capsule.Bench -- \
  --filter '*InstantiateBenchmarks*' --warmupCount 5 --iterationCount 20 "$@"
