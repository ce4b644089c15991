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

# shellcheck source=tools/apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install "${missing[@]}"
