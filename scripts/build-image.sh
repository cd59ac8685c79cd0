#!/usr/bin/env bash
# Builds the container image of Capsule without a Docker daemon: the natively
# compiled capsule (scripts/capsule's Native AOT publish), libwasmtime.so and
# the shared libraries ldd names, in one layer made by umoci from scratch.
# No shell, no package manager: the image holds capsule and what it loads.
#
#   scripts/build-image.sh [--app DIR] [--tag TAG] [--out DIR] [--multi-arch] [--push REF [--insecure]]
#
# It runs as uid 65532 with entrypoint `capsule up` and, by default,
# `/app --listen 0.0.0.0:3000 --state-dir /var/lib/capsule/state`: mount the app
# read-only at /app (or bake it in with --app DIR) and give /var/lib/capsule a
# writable volume (state and artifact cache) when the root file system is
# read-only. The image is an OCI layout at OUT/oci (tag TAG, default
# "capsule", or "capsule-<app folder name>" with --app; OUT defaults to
# deploy/image/out/TAG); --push copies it to a
# registry with skopeo (--insecure: plain HTTP). Idempotent: the layout is
# rebuilt only when the binaries, the app or this script changed (a key in
# OUT/key). Needs umoci and skopeo (scripts/install-services.sh).
#
# --multi-arch: an OCI image index for linux/amd64 and linux/arm64 instead: TAG
# names the index, TAG-amd64 and TAG-arm64 its two images (for tools that take
# one image, such as umoci unpack). The arm64 image holds the Native AOT
# cross-publish of scripts/publish-arm64.sh and Debian's arm64 libraries (dpkg's
# arm64 architecture: libc6, libgcc-s1, libssl3; scripts/install-toolchains.sh).
# Built on an x86-64 host; --push copies the index and both images.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="" tag="" out="" push="" tls=true multi=false
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$(cd "$2" && pwd)"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --push) push="$2"; shift 2 ;;
    --insecure) tls=false; shift ;;
    --multi-arch) multi=true; shift ;;
    *) echo "build-image: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[ -n "$tag" ] || tag="capsule${app:+-$(basename "$app")}"
[ -n "$out" ] || out="$root/deploy/image/out/$tag"
for tool in umoci skopeo ldd; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (scripts/install-services.sh installs it)" >&2; exit 1; }
done

# The native capsule, shared with scripts/capsule (published only when stale).
publish="$root/src/Capsule.Cli/bin/publish"
# dotnet publish takes a while even to find nothing changed: skipped when no source is newer than the binary.
if [ ! -x "$publish/capsule" ] || [ -n "$(find "$root/src" "$root"/Directory.*.props -newer "$publish/capsule" -type f \
  -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  "$root/scripts/capsule" --version >/dev/null
fi
if [ -e "$publish/capsule.dll" ]; then
  # scripts/capsule fell back to a framework-dependent build: the image needs a self-contained one.
  publish="$out/publish"
  case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
  dotnet publish "$root/src/Capsule.Cli" -c Release -r "$rid" --self-contained -p:PublishReadyToRun=true \
    -o "$publish" --nologo -v quiet
fi

# What the process loads: capsule, the native libraries beside it, what ldd
# names for each, and libssl/libcrypto, which .NET opens by name for HTTPS.
mapfile -t own < <(find "$publish" -maxdepth 1 -type f \( -name capsule -o -name '*.so' -o -name '*.dll' -o -name '*.json' \) | sort)
mapfile -t tls_libs < <(ldconfig -p | awk '/^\t(libssl|libcrypto)\.so\.3 \(libc6,(x86-64|AArch64)/ { print $NF }')
mapfile -t system < <(
  for f in "${own[@]}" "${tls_libs[@]}"; do ldd "$f" 2>/dev/null || true; done |
    awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | cat - <(printf '%s\n' "${tls_libs[@]}") | sort -u)
certs=/etc/ssl/certs/ca-certificates.crt
host_arch=amd64
case "$(uname -m)" in aarch64 | arm64) host_arch=arm64 ;; esac
arm64_files=()
if $multi; then
  [ "$host_arch" = amd64 ] || { echo "build-image: --multi-arch is built on an x86-64 host" >&2; exit 1; }
  arm64_publish="$root/src/Capsule.Cli/bin/publish-linux-arm64"
  "$root/scripts/publish-arm64.sh" "$arm64_publish"
  mapfile -t arm64_files < <("$root/scripts/image-arm64-files.sh" "$arm64_publish")
fi

# Never baked in: the state folder, dependencies, dotenv files (secrets: pass them as variables
# or environment) and version-control folders, at any depth (as capsule's files globs skip them).
app_excludes=(--exclude=./.capsule --exclude=./node_modules --exclude=.env --exclude='.env.*' --exclude=.git --exclude=.hg --exclude=.svn)

mkdir -p "$out"
key="$( { cat "$0"; sha256sum "${own[@]}" "${system[@]}" $([ -f "$certs" ] && echo "$certs");
  [ ${#arm64_files[@]} -eq 0 ] || sha256sum "${arm64_files[@]}"
  [ -z "$app" ] || tar --sort=name --mtime=@0 --owner=0 --group=0 "${app_excludes[@]}" -C "$app" -c . ; } | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$out/key" 2>/dev/null)" = "$tag $multi $key" ] && [ -f "$out/oci/index.json" ]; then
  echo "build-image: $out/oci:$tag is up to date" >&2
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT

  # The files every image holds, whatever its CPU: users, folders, CA bundle, the app.
  common_rootfs() {
    local rootfs="$1"
    mkdir -p "$rootfs/opt/capsule" "$rootfs/etc/ssl/certs" "$rootfs/app" "$rootfs/var/lib/capsule"
    install -d -m 1777 "$rootfs/tmp"
    [ ! -f "$certs" ] || cp -L "$certs" "$rootfs$certs"
    printf 'root:x:0:0:root:/root:/sbin/nologin\ncapsule:x:65532:65532:capsule:/var/lib/capsule:/sbin/nologin\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\ncapsule:x:65532:\n' >"$rootfs/etc/group"
    chown 65532:65532 "$rootfs/var/lib/capsule"
    chmod 0700 "$rootfs/var/lib/capsule"
    if [ -n "$app" ]; then
      tar "${app_excludes[@]}" -C "$app" -c . | tar -C "$rootfs/app" -x --no-same-owner
    fi
  }

  # One image in the layout: REF, its CPU, its root file system.
  add_image() {
    local ref="$1" arch="$2" rootfs="$3"
    umoci new --image "$out/oci:$ref"
    umoci insert --image "$out/oci:$ref" --history.created_by "scripts/build-image.sh" "$rootfs" /
    umoci config --image "$out/oci:$ref" --os linux --architecture "$arch" \
      --config.user 65532:65532 --config.workingdir /var/lib/capsule \
      --config.env HOME=/var/lib/capsule --config.env CAPSULE_CACHE_DIR=/var/lib/capsule/cache \
      --config.env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
      --config.entrypoint /opt/capsule/capsule --config.entrypoint up \
      --config.cmd /app --config.cmd --listen --config.cmd 0.0.0.0:3000 \
      --config.cmd --state-dir --config.cmd /var/lib/capsule/state \
      --config.exposedports 3000/tcp --config.volume /var/lib/capsule \
      --config.label org.opencontainers.image.title=capsule
  }

  rootfs="$work/rootfs"
  common_rootfs "$rootfs"
  cp -L "${own[@]}" "$rootfs/opt/capsule/"
  for lib in "${system[@]}"; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done

  rm -rf "$out/oci"
  umoci init --layout "$out/oci"
  if ! $multi; then
    add_image "$tag" "$host_arch" "$rootfs"
    umoci gc --layout "$out/oci"
  else
    add_image "$tag-amd64" amd64 "$rootfs"
    arm64_rootfs="$work/rootfs-arm64"
    common_rootfs "$arm64_rootfs"
    for file in "${arm64_files[@]}"; do
      # The publish folder's files go to /opt/capsule, the libraries to the same path as on an arm64 Debian.
      case "$file" in
        "$arm64_publish"/*) cp -L "$file" "$arm64_rootfs/opt/capsule/" ;;
        *) mkdir -p "$arm64_rootfs$(dirname "$file")"; cp -L "$file" "$arm64_rootfs$file" ;;
      esac
    done
    ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$arm64_rootfs/lib/ld-linux-aarch64.so.1"
    add_image "$tag-arm64" arm64 "$arm64_rootfs"
    umoci gc --layout "$out/oci"
    "$root/scripts/oci-image-index.sh" "$out/oci" "$tag" "$tag-amd64=linux/amd64" "$tag-arm64=linux/arm64"
  fi
  echo "$tag $multi $key" >"$out/key"
fi
size=$(du -sb "$out/oci/blobs" | cut -f1)
echo "build-image: $out/oci:$tag, $((size / 1024 / 1024)) MiB ($size bytes, compressed layer and config)" >&2
if [ -n "$push" ]; then
  all=()
  ! $multi || all=(--all) # the index and every image it lists
  skopeo copy --quiet "${all[@]}" --dest-tls-verify="$tls" "oci:$out/oci:$tag" "docker://$push"
  echo "build-image: pushed to $push" >&2
fi
