#!/usr/bin/env bash
# One instance's life on the component layer (issue 21: Components/Running on the core C API) beside the
# component C API: same guest (tests/guests/wat-components/layer-greet.wat), same engine, same process,
# thread CPU time, alternated rounds. Usage: bench/layer.sh [rounds] (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Capsule.Bench -c Release -v quiet >/dev/null
dotnet bench/Capsule.Bench/bin/Release/net10.0/Capsule.Bench.dll layer-cpu "${1:-9}"
