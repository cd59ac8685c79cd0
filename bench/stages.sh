#!/usr/bin/env bash
# Where the time of one served request goes, for the minimal guest
# (tests/guests/wat-components/http-hello.wat): each stage of the serving
# path timed in process, and whole requests over one connection to bare
# Kestrel and to Capsule, side by side in one process. Prints a table to
# record in bench/results/.
#   bench/stages.sh [rounds]   (default 5 rounds, ~1 min on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tests/guests/build.sh" >/dev/null
cd "$root"
dotnet build bench/Capsule.Bench -c Release --nologo -v quiet >/dev/null
dotnet bench/Capsule.Bench/bin/Release/net10.0/Capsule.Bench.dll stages "${1:-5}"
