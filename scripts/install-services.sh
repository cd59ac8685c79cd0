#!/usr/bin/env bash
# Installs the servers the host-service tests start for themselves (redis-server).
# Idempotent: installs only what is missing. The tests run their own redis-server
# on a free loopback port with its files in a temp folder; the Debian service is
# not needed, so it is stopped if apt started it.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
echo "install-services: apt-get install redis-server" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
# policy-rc.d 101: apt does not start the packaged service (nothing listens on 6379).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
  $sudo_cmd chmod +x "$policy"
  trap '$sudo_cmd rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >/dev/null
