#!/usr/bin/env bash
# Runs a command with moto's standalone S3 server on 127.0.0.1:$S3_TEST_PORT, stopped afterwards:
#     tests/servers/s3.sh .venv/bin/pytest -m s3
set -euo pipefail
port=${S3_TEST_PORT:-5390}
bin=$(dirname "$0")/../../.venv/bin
mkdir -p build
"$bin/moto_server" -H 127.0.0.1 -p "$port" >build/moto.log 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 $server 2>/dev/null || { echo "The S3 server did not start (build/moto.log)." >&2; exit 1; }
    sleep 0.2
done
NEWSROOM_TEST_S3_ENDPOINT="http://127.0.0.1:$port" "$@"
