#!/usr/bin/env bash
# Publishes capsule for linux-arm64 into DIR, from any Linux machine:
#
#   scripts/publish-arm64.sh DIR
#
# Native AOT cross-compiled (clang --target=aarch64-linux-gnu, linking with the
# arm64 GNU toolchain: gcc-aarch64-linux-gnu, libc6-dev-arm64-cross,
# binutils-aarch64-linux-gnu; scripts/install-toolchains.sh installs them, and
# this script does when they are missing); when the native publish fails, a
# self-contained ReadyToRun build instead (precompiled for arm64, needs no cross
# toolchain; DIR/capsule.dll then says so). Either way DIR holds capsule and the
# Wasmtime NuGet's linux-arm64 libwasmtime.so beside it. On x86-64 the result
# runs under qemu-user, with Debian's arm64 libc6 and libssl3 (dpkg's arm64
# architecture; scripts/install-toolchains.sh installs them):
#
#   DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 CAPSULE_POOLING=off qemu-aarch64-static DIR/capsule up APP
#
# (no arm64 ICU here, hence the invariant globalization; qemu-user 7.2 cannot map
# the instance pool's terabytes of address space, hence no pool). Cached:
# when no source is newer than DIR/capsule nothing is published (a few checks),
# so CI pays the publish once per change of the sources.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cross=(clang gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu)
missing=()
for pkg in "${cross[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "publish-arm64: apt-get install ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$1"
out="$(cd "$1" && pwd)"
# One publish at a time into DIR (two test runs starting together).
exec 9>"$out/.publish.lock"
flock 9
if [ -x "$out/capsule" ] && [ -f "$out/libwasmtime.so" ] && [ -z "$(find "$root/src" "$root"/Directory.*.props "$0" \
  -newer "$out/capsule" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  echo "publish-arm64: $out/capsule is up to date" >&2
  exit 0
fi
publish() { dotnet publish "$root/src/Capsule.Cli" -c Release -r linux-arm64 "$@" -o "$out" --nologo -v quiet 2>&1; }
# StripSymbols=false: the host's objcopy does not read arm64 objects.
if log=$(publish -p:PublishAot=true -p:StripSymbols=false); then
  rm -f "$out/capsule.dll"
  echo "publish-arm64: $out/capsule (Native AOT, linux-arm64)" >&2
else
  echo "publish-arm64: the native (AOT) cross publish failed, publishing ReadyToRun:" >&2
  echo "$log" | grep -E 'error' | head -5 >&2 || true
  find "$out" -mindepth 1 -maxdepth 1 ! -name .publish.lock -exec rm -rf {} +
  log=$(publish --self-contained -p:PublishReadyToRun=true) || { echo "$log" >&2; exit 70; }
  echo "publish-arm64: $out/capsule (ReadyToRun, self-contained, linux-arm64)" >&2
fi
[ -f "$out/libwasmtime.so" ] || { echo "publish-arm64: libwasmtime.so is missing from $out" >&2; exit 70; }
touch "$out/capsule"
