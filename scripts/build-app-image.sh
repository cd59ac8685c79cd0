#!/usr/bin/env bash
# Builds an image holding only a Capsule/Spin app (no capsule binary, no OS),
# for the containerd shim (runtime io.containerd.capsule.v1, handler "capsule"):
# the app folder at /app, the image's command /app.
#
#   scripts/build-app-image.sh APP_DIR NAME:TAG [--archive FILE] [--push REF [--insecure]]
#
# APP_DIR holds capsule.toml or spin.toml and the files it names (.capsule,
# node_modules and .env are left out). --archive writes an OCI archive for
# `ctr images import` (named NAME:TAG); --push copies it to a registry with
# skopeo (--insecure: plain HTTP). Needs umoci and skopeo (scripts/install-services.sh).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 APP_DIR NAME:TAG [--archive FILE] [--push REF [--insecure]]" >&2; exit 2; }
app="$(cd "$1" && pwd)" name="$2"; shift 2
archive="" push="" tls=true
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive="$2"; shift 2 ;;
    --push) push="$2"; shift 2 ;;
    --insecure) tls=false; shift ;;
    *) echo "build-app-image: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$app/capsule.toml" ] || [ -f "$app/spin.toml" ] || { echo "build-app-image: $app holds no capsule.toml or spin.toml" >&2; exit 2; }
case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/app"
tar --exclude=./.capsule --exclude=./node_modules --exclude=./.env -C "$app" -c . | tar -C "$work/rootfs/app" -x --no-same-owner
umoci init --layout "$work/oci"
umoci new --image "$work/oci:app"
umoci insert --image "$work/oci:app" --history.created_by "scripts/build-app-image.sh" "$work/rootfs" /
# The app's files are the image; the shim serves them (a Wasm app, any architecture: the platform is the node's).
umoci config --image "$work/oci:app" --os linux --architecture "$arch" --config.cmd /app \
  --config.label org.opencontainers.image.title="$(basename "$app")"
umoci gc --layout "$work/oci"
if [ -n "$archive" ]; then
  rm -f "$archive"
  skopeo copy --quiet "oci:$work/oci:app" "oci-archive:$archive:$name"
  echo "build-app-image: $archive ($name)" >&2
fi
if [ -n "$push" ]; then
  skopeo copy --quiet --dest-tls-verify="$tls" "oci:$work/oci:app" "docker://$push"
  echo "build-app-image: pushed to $push" >&2
fi
