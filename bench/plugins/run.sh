#!/usr/bin/env bash
# Plugin call overhead (Capsule.Plugins) against raw Wasmtime.Dotnet calling the same export, same run.
#   bench/plugins/run.sh                 (BenchmarkDotNet's default job: a few minutes on 2 cores)
#   bench/plugins/run.sh --job short     (about a minute: to see that it works)
# In process (--inProcess): the generated project of a separate process takes minutes to build on a
# busy machine and times out. Record the table in bench/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/tests/guests/build.sh"
cd "$root"
dotnet run -c Release --project bench/plugins/Capsule.PluginBench -- --filter '*PluginCallBenchmarks*' --inProcess "$@"
