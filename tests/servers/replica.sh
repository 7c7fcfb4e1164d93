#!/usr/bin/env bash
# Runs a command with a PostgreSQL primary on 127.0.0.1:$REPLICA_PRIMARY_PORT and its streaming
# replica on :$REPLICA_PORT, two clusters of their own under build/replica/, removed afterwards:
#     tests/servers/replica.sh .venv/bin/pytest -m replica
# The command finds them in DATABASE_URL and DATABASE_REPLICA_URL, and the replica's data
# folder in NEWSROOM_TEST_REPLICA_DATA (the tests stop and start it).
set -euo pipefail
primary_port=${REPLICA_PRIMARY_PORT:-5442}
replica_port=${REPLICA_PORT:-5443}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
root=$(pwd)/build/replica
as_postgres() { runuser -u postgres -- "$@"; }
options() { echo "-p $1 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$root -c fsync=off"; }

stop() {
    for cluster in replica primary; do
        if [ -f "$root/$cluster/postmaster.pid" ]; then
            as_postgres "$bin/pg_ctl" -D "$root/$cluster" -m immediate stop >/dev/null || true
        fi
    done
    rm -rf "$root"
}

stop
trap stop EXIT
mkdir -p "$root" && chown postgres "$root"
echo "Primary on port $primary_port, streaming replica on $replica_port ($root)"
as_postgres "$bin/initdb" -D "$root/primary" -U postgres -A trust --no-sync >"$root/initdb.log"
as_postgres "$bin/pg_ctl" -D "$root/primary" -o "$(options "$primary_port")" \
    -l "$root/primary.log" -w start >/dev/null
as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres \
    -D "$root/replica" -R -X stream
as_postgres "$bin/pg_ctl" -D "$root/replica" -o "$(options "$replica_port")" \
    -l "$root/replica.log" -w start >/dev/null

DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/newsroom" \
DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$replica_port/newsroom" \
NEWSROOM_TEST_REPLICA_DATA="$root/replica" \
NEWSROOM_TEST_REPLICA_CTL="$bin/pg_ctl" \
NEWSROOM_TEST_REPLICA_OPTIONS="$(options "$replica_port")" \
    "$@"
