#!/usr/bin/env bash
# Fuzzes readers of untrusted input with afl++ through SharpFuzz for a bounded time each, starting from
# the committed seed corpus bench/fuzz/corpus/TARGET, then replays every input afl kept, crashes included.
# Targets (bench/fuzz/Capsule.Fuzz/Targets.cs): component-reader (Components/Binary), manifest
# (spin.toml/capsule.toml), runtime-config, dotenv, wit, registry-manifest (an OCI image manifest as a registry
# answers it), registry-config (a Spin locked app, the config layer a pull turns into spin.toml). A crash or hang found is a bug: copy its input
# into bench/fuzz/corpus/TARGET/ (ComponentReaderCorpusTests replays component-reader's) and fix the reader.
#   bench/fuzz/run.sh [seconds] [target...]   default 600 s (the issue's 10 minutes), every target
# Installs what is missing: afl++ (Debian package) and the SharpFuzz instrumenter (a dotnet tool
# under bench/fuzz/.tools). Output in bench/fuzz/out/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(component-reader manifest runtime-config dotenv wit registry-manifest registry-config)

if ! command -v afl-fuzz >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$here/.tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$here/.tools" >/dev/null
fi

# Two copies: one instrumented for afl, one plain to replay with (instrumented code needs afl's shared memory).
out="$here/out"
rm -rf "$out/bin" "$out/plain"
dotnet publish "$here/Capsule.Fuzz" -c Release -o "$out/plain" -v quiet
cp -r "$out/plain" "$out/bin"
for dll in Capsule.Runtime Capsule.Hosting Capsule.Wit; do
  "$here/.tools/sharpfuzz" "$out/bin/$dll.dll"
done

# afl's own checks that do not apply to a .NET target on a shared machine.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
failed=0
mkdir -p "$out/findings"
for target in "${targets[@]}"; do
  findings="$out/findings/$target"
  afl-fuzz -V "$seconds" -t 10000 -m none -i "$here/corpus/$target" -o "$findings" \
    -- "$out/bin/Capsule.Fuzz" "$target" || true
  "$out/plain/Capsule.Fuzz" "$target" --replay "$findings/default/queue" || failed=1
  crashes=$(find "$findings/default/crashes" "$findings/default/hangs" -type f ! -name README.txt 2>/dev/null | wc -l)
  echo "fuzz $target: $(grep -h execs_done "$findings/default/fuzzer_stats" | tr -s ' ') in ${seconds}s; crashes+hangs: $crashes"
  [ "$crashes" -eq 0 ] || failed=1
done
exit $failed
