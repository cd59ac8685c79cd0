#!/usr/bin/env bash
# Fuzzes the component binary reader (src/Capsule.Runtime/Components/Binary) with afl++ through
# SharpFuzz for a bounded time, starting from the committed seed corpus, then replays every input
# afl kept, crashes included. A crash or hang found is a bug: copy its input into
# bench/fuzz/corpus/component-reader/ (the unit test ComponentReaderCorpusTests replays that folder)
# and fix the reader.
#   bench/fuzz/run.sh [seconds]      default 600 (the issue's 10 minutes)
# Installs what is missing: afl++ (Debian package) and the SharpFuzz instrumenter (a dotnet tool
# under bench/fuzz/.tools). Output in bench/fuzz/out/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-600}"
out="$here/out/component-reader"

if ! command -v afl-fuzz >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$here/.tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$here/.tools" >/dev/null
fi

# Two copies: one instrumented for afl, one plain to replay with (instrumented code needs afl's shared memory).
rm -rf "$out/bin" "$out/plain"
dotnet publish "$here/Capsule.Fuzz" -c Release -o "$out/plain" -v quiet
cp -r "$out/plain" "$out/bin"
"$here/.tools/sharpfuzz" "$out/bin/Capsule.Runtime.dll"

# afl's own checks that do not apply to a .NET target on a shared machine.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
afl-fuzz -V "$seconds" -t 10000 -m none -i "$here/corpus/component-reader" -o "$out/findings" \
  -- "$out/bin/Capsule.Fuzz" component-reader || true

"$out/plain/Capsule.Fuzz" component-reader --replay "$out/findings/default/queue"
crashes=$(find "$out/findings/default/crashes" "$out/findings/default/hangs" -type f ! -name README.txt 2>/dev/null | wc -l)
echo "fuzz: $(grep -h execs_done "$out/findings/default/fuzzer_stats" | tr -s ' ') in ${seconds}s; crashes+hangs: $crashes"
[ "$crashes" -eq 0 ]
