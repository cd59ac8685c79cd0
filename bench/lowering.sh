#!/usr/bin/env bash
# Host calls through the canonical ABI layer (issue 21: core C API, lowered host functions, GuestMemory)
# beside today's generated glue on the component C API: same guest loops, same engine, same process,
# thread CPU time, alternated rounds. Usage: bench/lowering.sh [rounds] (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Capsule.Bench -c Release -v quiet >/dev/null
dotnet bench/Capsule.Bench/bin/Release/net10.0/Capsule.Bench.dll lowering-cpu "${1:-9}"
