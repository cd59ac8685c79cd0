#!/usr/bin/env bash
# Installs the servers the host-service, registry and deployment tests start for themselves
# (redis-server; docker-registry, with apache2-utils' htpasswd for its auth test), the
# container tools the image test uses (umoci, skopeo, runc: scripts/build-image.sh and
# ContainerImageTests), and Go, whose text/template renders the Helm chart in
# KubernetesManifestTests (Helm itself is in no registry reached here), and Prometheus,
# which the telemetry tests start to scrape capsule up --metrics-listen.
# Idempotent: installs only what is missing. The tests run their own servers
# on free loopback ports with their files in temp folders; the Debian services are
# not needed, so apt is told not to start them.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v umoci >/dev/null || missing+=(umoci)
command -v skopeo >/dev/null || missing+=(skopeo)
command -v runc >/dev/null || missing+=(runc)
# containerd (and ctr): the containerd shim's tests start one of their own (tests/Capsule.Shim.Tests).
command -v containerd >/dev/null || missing+=(containerd)
command -v go >/dev/null || missing+=(golang-go)
command -v prometheus >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-services: apt-get install ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
# policy-rc.d 101: apt does not start the packaged services (nothing listens on 6379, 5000 or 9090).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
  $sudo_cmd chmod +x "$policy"
  trap '$sudo_cmd rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
