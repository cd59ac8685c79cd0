#!/usr/bin/env bash
# Lists the files an arm64 image of capsule needs, one per line: the publish
# folder's capsule and shared libraries, then, from dpkg's arm64 architecture
# (/lib/aarch64-linux-gnu, /usr/lib/aarch64-linux-gnu), every library they
# need, transitively (readelf's NEEDED entries: ldd cannot run arm64 code
# here), with libssl and libcrypto, which .NET opens by name for HTTPS.
#
#   scripts/image-arm64-files.sh PUBLISH_DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 PUBLISH_DIR" >&2; exit 2; }
publish="$(cd "$1" && pwd)"
dirs=(/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu)

find_lib() {
  local dir
  for dir in "${dirs[@]}"; do
    [ ! -e "$dir/$1" ] || { echo "$dir/$1"; return; }
  done
  echo "image-arm64-files: $1 (arm64) is missing: scripts/install-toolchains.sh installs dpkg's arm64 libc6, libgcc-s1 and libssl3" >&2
  exit 1
}

mapfile -t queue < <(find "$publish" -maxdepth 1 -type f \( -name capsule -o -name '*.so' -o -name '*.dll' -o -name '*.json' \) | sort)
printf '%s\n' "${queue[@]}"
declare -A seen=([libssl.so.3]=1 [libcrypto.so.3]=1 [ld-linux-aarch64.so.1]=1)
queue+=("$(find_lib libssl.so.3)" "$(find_lib libcrypto.so.3)" "$(find_lib ld-linux-aarch64.so.1)")
{
  printf '%s\n' "${queue[@]:$((${#queue[@]} - 3))}"
  while [ ${#queue[@]} -gt 0 ]; do
    file="${queue[0]}"
    queue=("${queue[@]:1}")
    case "$file" in *.dll | *.json) continue ;; esac # a ReadyToRun build's managed files: no ELF
    for name in $(readelf -d "$file" | awk '/\(NEEDED\)/ { gsub(/[][]/, "", $5); print $5 }'); do
      [ -z "${seen[$name]:-}" ] || continue
      seen[$name]=1
      lib="$(find_lib "$name")"
      echo "$lib"
      queue+=("$lib")
    done
  done
} | sort -u
