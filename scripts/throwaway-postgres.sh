#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and exports DEBRIEF_TEST_PG_URL.
# Sourced by scripts/test.sh. Installs Debian's postgresql package when it is missing (as root), runs the
# server as the postgres user when we are root (PostgreSQL refuses to run as root), on a free loopback port,
# with durability off (fsync, synchronous_commit) because the data is thrown away. Stops and deletes it on exit.

start_throwaway_postgres() {
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$pgbin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL is not installed and we are not root: install Debian's postgresql package, or set DEBRIEF_TEST_PG_URL to a server the tests may create databases on." >&2
      return 1
    fi
    echo "== installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  PG_TEST_DATA=$(mktemp -d /tmp/debrief-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_TEST_DATA"
    run=(runuser -u postgres --)
  fi
  chmod 700 "$PG_TEST_DATA"
  local port
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

  "${run[@]}" "$pgbin/initdb" -D "$PG_TEST_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$pgbin/pg_ctl" -D "$PG_TEST_DATA" -l "$PG_TEST_DATA/server.log" -w -t 60 \
    -o "-p $port -k $PG_TEST_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null

  PG_TEST_STOP=("${run[@]}" "$pgbin/pg_ctl" -D "$PG_TEST_DATA" -m immediate -w stop)
  trap 'stop_throwaway_postgres' EXIT
  export DEBRIEF_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "== PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway)" >&2
}

stop_throwaway_postgres() {
  if [ -n "${PG_TEST_DATA:-}" ]; then
    "${PG_TEST_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DATA"
    PG_TEST_DATA=
  fi
}
