#!/usr/bin/env bash
# Packs Capsule's library packages and the capsule .NET tool into a folder feed (default artifacts/packages):
#   scripts/pack.sh [feed-folder] [extra dotnet pack arguments, e.g. --no-build or -p:Version=0.1.0-ci.7]
# Each .nupkg has a .snupkg (symbols, sources embedded) beside it. Use the feed with
#   dotnet tool install --global capsule --version 0.1.0 --add-source <feed>
#   dotnet add package Capsule.AspNetCore --version 0.1.0   (with <feed> in a nuget.config)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="${1:-$root/artifacts/packages}"
shift || true
mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"
# One pack per project, dependencies first (each is built once; later packs find it up to date).
for project in Capsule.Wit Capsule.Runtime Capsule.Wasi Capsule.Plugins Capsule.Hosting Capsule.AspNetCore Capsule.Cli; do
  echo "pack: $project -> $feed" >&2
  dotnet pack "$root/src/$project/$project.csproj" -c Release --nologo -v quiet -o "$feed" "$@"
done
