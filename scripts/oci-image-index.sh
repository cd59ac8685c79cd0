#!/usr/bin/env bash
# Makes TAG in an OCI layout name an image index (one tag, several CPUs) of
# images already in it, each named by its own tag and given its platform:
#
#   scripts/oci-image-index.sh LAYOUT TAG REF=OS/ARCH [REF=OS/ARCH...]
#
# The index is a blob (application/vnd.oci.image.index.v1+json) listing each
# image's manifest descriptor with its platform; the layout's index.json gets
# a descriptor of it named TAG (replacing any earlier TAG). Needs jq.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 LAYOUT TAG REF=OS/ARCH..." >&2; exit 2; }
layout="$1" tag="$2"
shift 2
manifests='[]'
for item in "$@"; do
  ref="${item%%=*}" platform="${item#*=}"
  descriptor="$(jq -ce --arg ref "$ref" '[.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $ref)] | if length == 1 then .[0] else empty end' "$layout/index.json")" ||
    { echo "oci-image-index: $layout has no single image named $ref" >&2; exit 1; }
  manifests="$(jq -c --argjson d "$descriptor" --arg os "${platform%%/*}" --arg arch "${platform#*/}" \
    '. + [$d | del(.annotations) | .platform = {os: $os, architecture: $arch}]' <<<"$manifests")"
done
index="$(jq -cn --argjson m "$manifests" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: $m}')"
digest="$(printf '%s' "$index" | sha256sum | cut -d' ' -f1)"
printf '%s' "$index" >"$layout/blobs/sha256/$digest"
size="$(printf '%s' "$index" | wc -c)"
jq --arg tag "$tag" --arg digest "sha256:$digest" --argjson size "$size" \
  '.manifests = ([.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] != $tag)]
     + [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $digest, size: $size,
         annotations: {"org.opencontainers.image.ref.name": $tag}}])' \
  "$layout/index.json" >"$layout/index.json.new"
mv "$layout/index.json.new" "$layout/index.json"
