#!/usr/bin/env bash
# Publishes capsule for linux-arm64 into DIR, from any Linux machine:
#
#   scripts/publish-arm64.sh DIR
#
# Native AOT cross-compiled (clang --target=aarch64-linux-gnu, linking with the
# arm64 GNU toolchain: gcc-aarch64-linux-gnu, libc6-dev-arm64-cross,
# binutils-aarch64-linux-gnu, installed here when missing); when the native publish
# fails, a self-contained ReadyToRun build instead (precompiled for arm64, needs
# no cross toolchain). Either way DIR holds capsule and the Wasmtime NuGet's
# linux-arm64 libwasmtime.so beside it. On x86-64 the result runs under
# qemu-user: qemu-aarch64-static -L /usr/aarch64-linux-gnu DIR/capsule up APP.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cross=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-user-static)
missing=()
for pkg in "${cross[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "publish-arm64: apt-get install ${missing[*]}" >&2
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
mkdir -p "$1"
out="$(cd "$1" && pwd)"
publish() { dotnet publish "$root/src/Capsule.Cli" -c Release -r linux-arm64 "$@" -o "$out" --nologo -v quiet 2>&1; }
# StripSymbols=false: the host's objcopy does not read arm64 objects.
if log=$(publish -p:PublishAot=true -p:StripSymbols=false); then
  echo "publish-arm64: $out/capsule (Native AOT, linux-arm64)" >&2
else
  echo "publish-arm64: the native (AOT) cross publish failed, publishing ReadyToRun:" >&2
  echo "$log" | grep -E 'error' | head -5 >&2 || true
  rm -rf "$out" && mkdir -p "$out"
  log=$(publish --self-contained -p:PublishReadyToRun=true) || { echo "$log" >&2; exit 70; }
  echo "publish-arm64: $out/capsule (ReadyToRun, self-contained, linux-arm64)" >&2
fi
[ -f "$out/libwasmtime.so" ] || { echo "publish-arm64: libwasmtime.so is missing from $out" >&2; exit 70; }
