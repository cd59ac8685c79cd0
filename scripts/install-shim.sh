#!/usr/bin/env bash
# Builds containerd-shim-capsule-v1 (containerd's runtime io.containerd.capsule.v1,
# src/Capsule.Shim) and installs it:
#
#   scripts/install-shim.sh [DIR]      (default /usr/local/bin, on containerd's PATH)
#
# The shim is published natively (Native AOT) with libwasmtime.so beside it, into
# DIR/../lib/containerd-shim-capsule (LIB overrides it); DIR gets a symlink to the
# binary. When the native publish fails (no clang), a self-contained ReadyToRun
# build is installed instead. Idempotent: publishing again finds nothing changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/usr/local/bin}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
lib="${LIB:-$(dirname "$dir")/lib/containerd-shim-capsule}"
case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
out="$root/src/Capsule.Shim/bin/publish-$rid"
publish() { dotnet publish "$root/src/Capsule.Shim" -c Release -r "$rid" "$@" -o "$out" --nologo -v quiet 2>&1; }
mkdir -p "$out"
exec 9>"$out/.publish.lock"
flock 9
if ! log=$(publish -p:PublishAot=true); then
  echo "install-shim: the native (AOT) publish failed, installing the ReadyToRun build" >&2
  rm -rf "$out" && mkdir -p "$out"
  log=$(publish --self-contained -p:PublishReadyToRun=true) || { echo "$log" >&2; exit 70; }
fi
mkdir -p "$lib"
# Only what runs: no debug symbols.
find "$out" -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '.publish.lock' -exec cp -f {} "$lib/" \;
ln -sfn "$lib/containerd-shim-capsule-v1" "$dir/containerd-shim-capsule-v1"
echo "install-shim: $dir/containerd-shim-capsule-v1 -> $lib/containerd-shim-capsule-v1" >&2
