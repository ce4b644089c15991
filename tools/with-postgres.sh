#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL: initdb in a temp dir as a
# non-root user, start it on a free loopback port, export HM_DATABASE_URL,
# run the command, and stop and remove the server on any exit.
set -euo pipefail

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL server binaries not found. Install them with: apt-get install postgresql" >&2
  exit 2
fi

owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/hm-postgres.XXXXXX)
chown "$owner" "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  as_owner "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT INT TERM

as_owner "$pg_bin/initdb" -D "$work/data" -U habitat --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -s start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export HM_DATABASE_URL="postgres://habitat@127.0.0.1:$port/postgres"
"$@"
