#!/usr/bin/env bash
# The public wasi-testsuite's prebuilt preview-1 tests, turned into WASI 0.2
# command components (jco new --wasi-command), through `capsule run` on
# Capsule's WASI host and on Wasmtime's; prints each failure and a count per host.
#   bench/conformance/run.sh GIT_DIR_OF_WASI_TESTSUITE
# GIT_DIR: a git directory of WebAssembly/wasi-testsuite with branch prod/testsuite-base.
# Needs /work/shared/tools/wasi-testsuite.py (or RUNNER=path) and a Release build.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${1:?usage: $0 GIT_DIR_OF_WASI_TESTSUITE}"
runner="${RUNNER:-/work/shared/tools/wasi-testsuite.py}"
capsule="dotnet $repo/src/Capsule.Cli/bin/Release/net10.0/capsule.dll run"
export AS_COMPONENT=1 JCO="$repo/tests/guests/node_modules/.bin/jco"
for host in capsule wasmtime; do
  echo "== --wasi-host $host"
  python3 "$runner" "$suite" "$capsule --wasi-host $host" || true
done
