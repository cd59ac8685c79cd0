#!/usr/bin/env bash
# Rewrites each library's PublicAPI.Unshipped.txt from the code (Microsoft.CodeAnalysis.PublicApiAnalyzers):
# adds what is public and not listed (RS0016), removes what is listed and gone or no longer public (RS0017).
# Run it after a change or a merge that adds or removes public API, review the diff of
# src/*/PublicAPI.Unshipped.txt and commit it. PublicAPI.Shipped.txt is the surface of the last release:
# move the Unshipped lines into it when releasing.
#
# How: one build of the libraries with warnings not as errors, the files touched so that every library compiles
# again; each RS0016/RS0017 the analyzer reports names the symbol's line exactly as the file wants it. (The
# analyzer's code fix through `dotnet format analyzers --diagnostics RS0016` does the same, slower.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
libraries=(Capsule.Wit Capsule.Runtime Capsule.Wasi Capsule.Plugins Capsule.Hosting Capsule.AspNetCore)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for project in "${libraries[@]}"; do
  for file in Shipped Unshipped; do
    [ -f "$root/src/$project/PublicAPI.$file.txt" ] || printf '#nullable enable\n' > "$root/src/$project/PublicAPI.$file.txt"
  done
  touch "$root/src/$project/PublicAPI.Unshipped.txt"
done
echo "public API: building the libraries to read what the analyzer reports" >&2
for top in Capsule.AspNetCore Capsule.Plugins; do
  dotnet build "$root/src/$top/$top.csproj" -c Release --nologo -v quiet -p:TreatWarningsAsErrors=false >>"$log" 2>&1 || true
done
if grep -q ': error ' "$log"; then
  grep ': error ' "$log" | sort -u | head -20 >&2
  echo "public API: the build failed for another reason; fix it first" >&2
  exit 1
fi
for project in "${libraries[@]}"; do
  file="$root/src/$project/PublicAPI.Unshipped.txt"
  python3 - "$log" "$file" "/src/$project/$project.csproj]" <<'PY'
import re, sys
log, path, marker = sys.argv[1], sys.argv[2], sys.argv[3]
added, removed = set(), set()
for line in open(log, encoding="utf-8"):
    if not line.rstrip().endswith(marker):
        continue
    m = re.search(r"RS0016: Symbol '(.*)' is not part of the declared public API", line)
    if m:
        added.add(m.group(1))
    m = re.search(r"RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found", line)
    if m:
        removed.add(m.group(1))
lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
body = {l for l in lines if l and not l.startswith("#")}
body = (body - removed) | added
with open(path, "w", encoding="utf-8", newline="\n") as out:
    out.write("\n".join(header + sorted(body, key=lambda s: (s.lower(), s))) + "\n")
print(f"public API: {path.split('/src/')[1]}: +{len(added)} -{len(removed)}", file=sys.stderr)
PY
done
echo "public API: checking (warnings as errors)" >&2
for top in Capsule.AspNetCore Capsule.Plugins; do
  dotnet build "$root/src/$top/$top.csproj" -c Release --nologo -v quiet
done
