#!/usr/bin/env bash
# Installs what the tests and examples need to build their guests:
# clang + wasi-libc + lld (C -> wasm32-wasi), wabt (WAT -> wasm) and the
# node packages in tests/guests (jco, componentize-js), and the container
# runtimes and static busybox capsule bench compare measures against
# (runc, crun, busybox-static; Node is the one the JS toolchain uses), and the
# arm64 cross toolchain and qemu-user that scripts/publish-arm64.sh and the
# arm64 test use (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross,
# binutils-aarch64-linux-gnu, qemu-user-static, and Debian's arm64 libssl3 with
# the arm64 C library it brings, from the arm64 architecture added to dpkg:
# .NET loads libssl by name, and no cross package holds it). Idempotent: it
# installs only what is missing, so a second run costs a few checks.
#   --node-only   only the node packages (enough to build JS components)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_only=false
[ "${1:-}" = "--node-only" ] && node_only=true

apt_packages=(clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt runc crun busybox-static
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-user-static libssl3:arm64)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ! $node_only && ((${#missing[@]})); then
  echo "install-toolchains: apt-get install ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo_cmd dpkg --add-architecture arm64
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

guests="$root/tests/guests"
stamp="$guests/node_modules/.capsule-installed"
if [ ! -f "$stamp" ] || [ "$guests/package-lock.json" -nt "$stamp" ]; then
  echo "install-toolchains: npm ci in tests/guests" >&2
  (cd "$guests" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
