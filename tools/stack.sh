#!/usr/bin/env bash
# A production-shaped install on 127.0.0.1, from Debian and PyPI packages only:
# PostgreSQL, Redis, two gunicorn app servers behind nginx, one Celery worker.
#
#   bash tools/stack.sh start    # idempotent: starts what is not running
#   bash tools/stack.sh stop     # stops everything it started
#   bash tools/stack.sh status   # what runs, and /healthz
#   bash tools/stack.sh env      # the HM_ settings, to `eval` before a habitat-monitor command
#   bash tools/stack.sh restart-db  # restart PostgreSQL alone (the app reconnects by itself)
#
# Everything lives under HM_STACK_DIR (var/stack): data, logs, pid files, the
# generated secret key. Ports: HM_STACK_HTTP_PORT (8080, nginx), HM_STACK_APP_PORTS
# ("8001 8002"), HM_STACK_PG_PORT (5433), HM_STACK_REDIS_PORT (6380).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.venv/bin"
dir=$(realpath -m "${HM_STACK_DIR:-$root/var/stack}")
http_port=${HM_STACK_HTTP_PORT:-8080}
read -r -a app_ports <<<"${HM_STACK_APP_PORTS:-8001 8002}"
pg_port=${HM_STACK_PG_PORT:-5433}
redis_port=${HM_STACK_REDIS_PORT:-6380}
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
run="$dir/run" logs="$dir/logs"
say() { echo "stack: $*" >&2; }

owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }

system_deps() {
  local missing=()
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -e /usr/share/nginx/modules/ngx_http_brotli_filter_module.so ] ||
    [ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] ||
    missing+=(libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
  [ ${#missing[@]} -eq 0 ] && return 0
  # shellcheck source=tools/apt-install.sh
  source "$root/tools/apt-install.sh"
  apt_install "${missing[@]}"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
}

# The settings of every process of the stack. A variable already set wins, so a
# benchmark can change one (e.g. HM_CELERY_VISIBILITY_TIMEOUT).
stack_env() {
  mkdir -p "$dir"
  if [ ! -s "$dir/secret_key" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$dir/secret_key")
  fi
  export DJANGO_SETTINGS_MODULE=habitat_monitor.settings
  export HM_DEBUG=false HM_HTTPS=false
  export HM_SECRET_KEY=${HM_SECRET_KEY:-$(cat "$dir/secret_key")}
  export HM_ALLOWED_HOSTS=${HM_ALLOWED_HOSTS:-127.0.0.1,localhost}
  export HM_CSRF_TRUSTED_ORIGINS=${HM_CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$http_port,http://localhost:$http_port}
  export HM_DATABASE_URL="postgres://habitat@127.0.0.1:$pg_port/habitat"
  export HM_VAR_DIR="$dir/app" HM_STATIC_ROOT="$dir/static"
  export HM_CACHE_URL="redis://127.0.0.1:$redis_port/1"
  export HM_TASKS_BACKEND=celery HM_CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
  export HM_CELERY_VISIBILITY_TIMEOUT=${HM_CELERY_VISIBILITY_TIMEOUT:-600}
  export HM_LOG_FORMAT=json HM_LOG_REQUESTS=${HM_LOG_REQUESTS:-true}
}

alive() { [ -s "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

# Wait (bounded) until a command succeeds.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then say "$what did not start in $seconds s (see $logs)"; return 1; fi
    sleep 0.3
  done
}

start_postgres() {
  mkdir -p "$dir/pg"
  chown "$owner" "$dir/pg"
  if [ ! -s "$dir/pg/data/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in $dir/pg/data"
    as_owner "$pg_bin/initdb" -D "$dir/pg/data" -U habitat --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -s start -o \
      "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pg -c max_connections=200 -c shared_buffers=256MB"
  fi
  local psql=("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U habitat -d postgres -Atq)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'habitat'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE habitat"
  fi
}

start_redis() {
  alive redis && return 0
  mkdir -p "$dir/redis"
  sed -e "s#@REDIS_PORT@#$redis_port#" -e "s#@REDIS_DIR@#$dir/redis#" \
    "$root/stack/redis.conf" >"$dir/redis/redis.conf"
  setsid redis-server "$dir/redis/redis.conf" >>"$logs/redis.log" 2>&1 </dev/null &
  echo $! >"$run/redis.pid"
  wait_for Redis 20 redis-cli -p "$redis_port" ping
}

prepare_app() {
  cd "$root"
  "$bin/habitat-monitor" migrate --noinput -v0
  if [ ! -e "$dir/app/.content-loaded" ]; then
    say "loading the default content and demo data (first start, about a minute)"
    "$bin/habitat-monitor" content load --demo >"$logs/content.log" 2>&1
    touch "$dir/app/.content-loaded"
  fi
  # Compressing every file takes a minute: only when a static file (or a library) changed,
  # judged by content (`make assets` copies the vendor files again, with new times).
  local stamp
  stamp=$(cd "$root" && { find src -path '*/static/*' -type f -print0 | sort -z |
    xargs -0 sha1sum; sha1sum uv.lock; } | sha1sum | cut -d' ' -f1)
  if [ ! -e "$dir/static/staticfiles.json" ] || [ "$(cat "$dir/static.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "collecting the static files"
    "$bin/habitat-monitor" collectstatic --noinput -v0
    echo "$stamp" >"$dir/static.stamp"
  fi
}

start_app() {
  local n=$1 port=$2
  alive "app-$n" && return 0
  cd "$root"
  setsid "$bin/gunicorn" habitat_monitor.wsgi:application -c "$root/stack/gunicorn.conf.py" \
    -b "127.0.0.1:$port" --pid "$run/app-$n.pid.gunicorn" >>"$logs/app-$n.log" 2>&1 </dev/null &
  echo $! >"$run/app-$n.pid"
}

start_worker() {
  alive celery && return 0
  cd "$root"
  setsid "$bin/celery" -A habitat_monitor.core.celery worker --concurrency 2 -n "habitat@%h" \
    --without-gossip --without-mingle >>"$logs/celery.log" 2>&1 </dev/null &
  echo $! >"$run/celery.pid"
}

brotli_module() {
  local path
  for path in /usr/share/nginx/modules /usr/lib/nginx/modules; do
    [ -e "$path/ngx_http_brotli_filter_module.so" ] && echo "$path" && return 0
  done
  return 0
}

start_nginx() {
  alive nginx && return 0
  local conf="$dir/nginx/nginx.conf" modules brotli="" brotli_static="" brotli_modules=""
  mkdir -p "$dir/nginx/tmp"/{body,proxy,fastcgi,uwsgi,scgi} "$dir/nginx/cache"
  [ "$(id -u)" = 0 ] && chown -R nobody "$dir/nginx/tmp" "$dir/nginx/cache"
  modules=$(brotli_module)
  if [ -n "$modules" ]; then
    brotli_modules="load_module $modules/ngx_http_brotli_filter_module.so; load_module $modules/ngx_http_brotli_static_module.so;"
    brotli="brotli on; brotli_comp_level 5; brotli_types text/css text/plain text/javascript application/javascript application/json application/geo+json image/svg+xml text/csv;"
    brotli_static="brotli_static on;"
  fi
  sed -e "s#@RUN@#$run#g" -e "s#@LOGS@#$logs#g" -e "s#@NGINX@#$dir/nginx#g" \
    -e "s#@STACK@#$dir#g" -e "s#@HTTP_PORT@#$http_port#g" \
    -e "s#@APP1@#${app_ports[0]}#g" -e "s#@APP2@#${app_ports[1]}#g" \
    -e "s#@BROTLI_MODULES@#$brotli_modules#" -e "s#@BROTLI@#$brotli#" \
    -e "s#@BROTLI_STATIC@#$brotli_static#" "$root/stack/nginx.conf" >"$conf"
  /usr/sbin/nginx -t -q -c "$conf" -p "$dir/nginx" -g "daemon off;" 2>>"$logs/nginx-error.log"
  setsid /usr/sbin/nginx -c "$conf" -p "$dir/nginx" -g "daemon off;" >>"$logs/nginx.log" 2>&1 </dev/null &
  echo $! >"$run/nginx.pid"
}

healthz() { curl -fsS --max-time 5 "http://127.0.0.1:$http_port/healthz"; }

start() {
  system_deps
  stack_env
  mkdir -p "$run" "$logs" "$dir/app" "$dir/static"
  start_postgres
  start_redis
  prepare_app
  start_app 1 "${app_ports[0]}"
  start_app 2 "${app_ports[1]}"
  start_worker
  for port in "${app_ports[@]}"; do
    wait_for "the app server on $port" 60 curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz"
  done
  start_nginx
  wait_for nginx 20 healthz
  say "up: http://127.0.0.1:$http_port/ (health: http://127.0.0.1:$http_port/healthz; logs: $logs)"
}

# Stop one process by its pid file: TERM, then KILL after a bounded wait.
stop_pid() {
  local name=$1 seconds=${2:-30} pid
  [ -s "$run/$name.pid" ] || return 0
  pid=$(cat "$run/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + seconds))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    # The whole process group (pool processes, gunicorn workers) if it lingers.
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$run/$name.pid" "$run/$name.pid.gunicorn"
}

stop() {
  stop_pid nginx 10
  stop_pid app-1 30
  stop_pid app-2 30
  stop_pid celery 60
  if alive redis; then redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true; fi
  stop_pid redis 10
  if [ -s "$dir/pg/data/PG_VERSION" ]; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w -s stop >/dev/null 2>&1 || true
  fi
  say "stopped"
}

status() {
  local name
  for name in nginx app-1 app-2 celery redis; do
    if alive "$name"; then echo "$name: running (pid $(cat "$run/$name.pid"))"; else echo "$name: stopped"; fi
  done
  if [ -s "$dir/pg/data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
    echo "postgresql: running (127.0.0.1:$pg_port)"
  else
    echo "postgresql: stopped"
  fi
  healthz && echo || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  # Restart PostgreSQL alone (fast shutdown: open transactions are rolled back).
  restart-db) as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -m fast -w -s restart ;;
  env)
    stack_env
    for name in $(compgen -e | grep -E '^(HM_|DJANGO_SETTINGS_MODULE$)'); do
      printf 'export %s=%q\n' "$name" "${!name}"
    done
    ;;
  *) echo "usage: $0 start|stop|status|env|restart-db" >&2; exit 2 ;;
esac
