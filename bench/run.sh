#!/usr/bin/env bash
# Runs one benchmark class side by side with its baseline and prints
# BenchmarkDotNet's table. Record the table in bench/results/.
#   bench/run.sh InstantiateBenchmarks   (~2 min on 2 cores)
#   bench/run.sh HostCallBenchmarks      (~2 min)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
class="${1:?usage: bench/run.sh InstantiateBenchmarks|HostCallBenchmarks [BenchmarkDotNet options]}"
shift
"$root/tests/guests/build.sh"
cd "$root"
dotnet run -c Release --project bench/Capsule.Bench -- \
  --filter "*${class}*" --warmupCount 3 --iterationCount 15 "$@"
