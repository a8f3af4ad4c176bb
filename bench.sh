#!/usr/bin/env bash
# Runs the benchmarks (tests/Appliance.Benchmarks) against a private PostgreSQL 15 started for this run only.
#   ./bench.sh [all|ingestion|sql|mock|erd|erd-browser|copilot]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/test-servers.sh
source scripts/test-servers.sh
trap_stop_servers

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages
use_chromium
# The ERD and copilot benchmarks need no server (the copilot's reference database is the bundled SQLite demo).
if [[ ${1:-all} != erd* && ${1:-all} != copilot ]]; then
    start_postgres
    # The real pg_dump of the server's version (/usr/bin/pg_dump is Debian's Perl wrapper, slower to start).
    export PG_DUMP=${PG_DUMP:-$_TS_PG_BIN/pg_dump}
fi

rc=0
dotnet run -c Release --project tests/Appliance.Benchmarks -- "$@" || rc=$?

stop_servers
exit "$rc"
