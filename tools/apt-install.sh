#!/usr/bin/env bash
# Sourced by tools/system-deps.sh and tools/stack.sh: `apt_install PACKAGE...` installs
# the Debian packages named when run as root; otherwise it prints the apt-get line to
# run and exits 2. Packages are installed without starting their system services
# (nothing may take port 80 or 6379 behind our back).
apt_install() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: $*. Install them with: sudo apt-get install $*" >&2
    exit 2
  fi
  echo "Installing Debian packages: $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  local own_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    own_policy=true
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
}
