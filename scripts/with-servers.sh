#!/usr/bin/env bash
# Runs one command with the private test servers started (the same ones test.sh uses), then stops them.
#   scripts/with-servers.sh dotnet test --project tests/Appliance.Infrastructure.Tests --filter-class "*Query*"
# Useful while developing: the whole suite is ./test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/test-servers.sh
source scripts/test-servers.sh
trap_stop_servers
ensure_packages
start_postgres
start_mariadb
start_slapd
use_chromium
rc=0
"$@" || rc=$?
stop_servers
exit "$rc"
