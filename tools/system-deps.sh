#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL server, Chromium for browser
# tests, gettext for translation checks, CJK fonts for Chinese pages and PDFs,
# pango for WeasyPrint, Redis for the tests of the Celery worker.
# Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
# WeasyPrint (board report PDFs) draws text with pango.
ldconfig -p | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 2
fi
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d: the packages must not start system services (Redis on 6379, say).
own_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  own_policy=true
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
