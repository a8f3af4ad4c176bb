#!/usr/bin/env bash
# Runs every test against real servers: PostgreSQL 15 (+ hypopg), MariaDB, OpenLDAP slapd and Chromium, installed
# with apt when missing and started privately on loopback for this run only (see scripts/test-servers.sh).
#   ./test.sh                                  # build Appliance.sln and run all tests
#   ./test.sh --filter-class "*Ldap*"           # extra arguments go to `dotnet test` (and the test apps)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/test-servers.sh
source scripts/test-servers.sh
trap_stop_servers

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

section() { printf '\n==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: dotnet not found: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux)" >&2
    exit 1
fi

section "Packages"
ensure_packages
echo "ok"

section "Build"
rc=0
dotnet build Appliance.sln --nologo || rc=$?
if ((rc != 0)); then
    section "Build failed (exit $rc)"
    exit "$rc"
fi

section "Test servers"
start_postgres
start_mariadb
start_slapd
use_chromium

section "Tests"
# global.json selects Microsoft.Testing.Platform: the solution is given with --solution, and further arguments
# (e.g. --filter-class "*Keystore*") go to the test applications.
dotnet test --solution Appliance.sln --no-build "$@" || rc=$?

stop_servers
if ((rc == 0)); then
    section "All tests passed"
else
    section "dotnet test failed (exit $rc)"
fi
exit "$rc"
