# shellcheck shell=bash
# Real servers for the test suite, started on loopback, on free ports, in temporary directories.
#
# Source this file from a bash script (it is `set -euo pipefail` friendly), then:
#
#   trap_stop_servers          # stop_servers on EXIT, and exit on Ctrl-C / SIGTERM (so the EXIT trap runs)
#   ensure_packages            # apt-installs only what is missing (root, or sudo)
#   start_postgres             # exports APPLIANCE_TEST_POSTGRES
#   start_mariadb              # exports APPLIANCE_TEST_MYSQL
#   start_slapd                # exports APPLIANCE_TEST_LDAP, _LDAP_BIND_DN, _LDAP_BIND_PASSWORD, _LDAP_BASE_DN
#                              #     and APPLIANCE_TEST_LDAP_ALICE_PASSWORD / _BOB_PASSWORD
#   use_chromium               # exports APPLIANCE_TEST_CHROMIUM
#   ... run the tests ...
#   stop_servers               # idempotent; also what the trap runs
#
# Every server lives under one directory made by mktemp (kept on failure only with APPLIANCE_TEST_KEEP=1, for
# post-mortem logs). A small watchdog stops the servers and removes that directory if the sourcing script dies
# without running its EXIT trap (SIGKILL), so servers never outlive the script. Passwords are random per run and
# never printed.

if [[ -n ${_TS_LOADED:-} ]]; then
    return 0
fi
_TS_LOADED=1

_TS_PG_BIN=${APPLIANCE_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
_TS_ROOT=""           # parent temp dir of every server
_TS_WATCHDOG_PID=""
_TS_PG_DATA=""        # set while PostgreSQL runs
_TS_MARIADB_PID=""
_TS_SLAPD_PID=""
_TS_POLICY_RC=""      # set when ensure_packages created /usr/sbin/policy-rc.d and must remove it
_TS_PORTS=()          # ports already handed out in this run

_ts_say() { printf 'test-servers: %s\n' "$*"; }
_ts_err() { printf 'test-servers: error: %s\n' "$*" >&2; }

# Prints the last lines of a log file to stderr (used when a server fails to start).
_ts_tail_log() {
    [[ -f $1 ]] || return 0
    printf -- '--- last lines of %s ---\n' "$1" >&2
    tail -n "${2:-30}" "$1" >&2 || true
}

_ts_is_root() { [[ $(id -u) -eq 0 ]]; }

# Hex only: safe in SQL literals, connection strings and LDIF without quoting.
_ts_random_password() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }

# True while the process exists and is not a zombie (our own background children stay zombies until reaped).
_ts_alive() {
    local pid=$1 stat
    [[ -n $pid ]] || return 1
    stat=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ -n $stat && ${stat:0:1} != Z ]]
}

# Sends a signal, waits up to $3 seconds for the process to end, then SIGKILLs it and reaps it if it is our child.
_ts_stop_pid() {
    local pid=$1 sig=${2:-TERM} timeout=${3:-20} i
    [[ -n $pid ]] || return 0
    if _ts_alive "$pid"; then
        kill -s "$sig" "$pid" 2>/dev/null || true
        for ((i = 0; i < timeout * 10; i++)); do
            _ts_alive "$pid" || break
            sleep 0.1
        done
        if _ts_alive "$pid"; then
            kill -s KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# Runs a command as the postgres system user when we are root (initdb and postgres refuse to run as root).
_ts_as_pg() {
    if _ts_is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------------------------------------------

# Installs with apt only what is missing; no apt at all when everything is there.
ensure_packages() {
    local -a missing=()
    [[ -x $_TS_PG_BIN/initdb && -x $_TS_PG_BIN/postgres && -x $_TS_PG_BIN/pg_ctl ]] || missing+=(postgresql-15)
    [[ -x $_TS_PG_BIN/psql && -x $_TS_PG_BIN/pg_isready ]] || missing+=(postgresql-client-15)
    [[ -f /usr/share/postgresql/15/extension/hypopg.control ]] || missing+=(postgresql-15-hypopg)
    if ! { [[ -x /usr/sbin/mariadbd || -x /usr/sbin/mysqld ]] &&
        [[ -x /usr/bin/mariadb-install-db || -x /usr/bin/mysql_install_db ]] &&
        [[ -x /usr/bin/mariadb || -x /usr/bin/mysql ]]; }; then
        missing+=(mariadb-server mariadb-client)
    fi
    [[ -x /usr/sbin/slapd && -x /usr/sbin/slappasswd && -x /usr/sbin/slapadd ]] || missing+=(slapd)
    [[ -x /usr/bin/ldapsearch && -x /usr/bin/ldapadd ]] || missing+=(ldap-utils)
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
    [[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]] || missing+=(fonts-liberation)
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    command -v runuser >/dev/null 2>&1 || missing+=(util-linux)

    if ((${#missing[@]} == 0)); then
        return 0
    fi

    local -a sudo=()
    if ! _ts_is_root; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            _ts_err "missing packages (${missing[*]}) and not root: install them, or run as root"
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _ts_err "missing packages (${missing[*]}) and apt-get is not available (Debian 12 expected)"
        return 1
    fi

    _ts_say "installing ${missing[*]}"
    # The tests start private instances; keep the packages' own system daemons (main cluster, mysql, slapd) from
    # being started by their postinst scripts. Only when no policy is in place already; removed right after.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        "${sudo[@]}" sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        _TS_POLICY_RC=1
    fi
    local rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || rc=$?
    if ((rc == 0)); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" || rc=$?
    fi
    _ts_remove_policy_rc
    if ((rc != 0)); then
        _ts_err "apt-get failed (exit $rc)"
        return "$rc"
    fi
}

_ts_remove_policy_rc() {
    if [[ -n $_TS_POLICY_RC ]]; then
        if _ts_is_root; then rm -f /usr/sbin/policy-rc.d; else sudo rm -f /usr/sbin/policy-rc.d; fi
        _TS_POLICY_RC=""
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Ports, directories, watchdog
# ---------------------------------------------------------------------------------------------------------------

# Prints a TCP port that is free on 127.0.0.1 right now (and not already handed out in this run).
free_port() {
    local port i used p
    for ((i = 0; i < 50; i++)); do
        port=""
        if command -v python3 >/dev/null 2>&1; then
            port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null) || port=""
        fi
        if [[ -z $port ]]; then
            port=$((20000 + RANDOM % 40000))
            # A successful connect means something listens there.
            if (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                continue
            fi
        fi
        used=""
        for p in "${_TS_PORTS[@]}"; do
            if [[ $p == "$port" ]]; then used=1; fi
        done
        if [[ -z $used ]]; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    _ts_err "no free port found"
    return 1
}

# Creates the parent temp dir (once) and starts the watchdog.
_ts_root() {
    if [[ -n $_TS_ROOT && -d $_TS_ROOT ]]; then
        return 0
    fi
    local base=${TMPDIR:-/tmp}
    _TS_ROOT=$(mktemp -d "$base/appliance-test.XXXXXX")
    chmod 0711 "$_TS_ROOT"
    # The postgres system user must be able to traverse it; a private TMPDIR (e.g. under /root) would not do.
    if _ts_is_root && getent passwd postgres >/dev/null && ! runuser -u postgres -- test -x "$_TS_ROOT"; then
        rmdir "$_TS_ROOT"
        _TS_ROOT=$(mktemp -d /tmp/appliance-test.XXXXXX)
        chmod 0711 "$_TS_ROOT"
    fi
    : >"$_TS_ROOT/pids"
    _ts_start_watchdog
}

# Records "SIGNAL PID" for the watchdog.
_ts_register_pid() { printf '%s %s\n' "$1" "$2" >>"$_TS_ROOT/pids"; }

# Stops the servers if the sourcing shell dies without running stop_servers (e.g. SIGKILL).
_ts_start_watchdog() {
    local parent=$$ root=$_TS_ROOT
    (
        trap '' INT HUP
        trap 'kill "$nap" 2>/dev/null; exit 0' TERM
        set +e
        nap=""
        while kill -0 "$parent" 2>/dev/null && [[ -d $root ]]; do
            sleep 2 &
            nap=$!
            wait "$nap"
        done
        [[ -f $root/pids ]] || exit 0
        while read -r sig pid; do
            kill -s "$sig" "$pid" 2>/dev/null
        done <"$root/pids"
        sleep 5
        while read -r sig pid; do
            kill -s KILL "$pid" 2>/dev/null
        done <"$root/pids"
        rm -rf "$root"
    ) </dev/null >/dev/null 2>&1 &
    _TS_WATCHDOG_PID=$!
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL 15
# ---------------------------------------------------------------------------------------------------------------

start_postgres() {
    _ts_root
    local dir=$_TS_ROOT/postgres port pw
    local -a locale_opt
    mkdir -p "$dir"
    if _ts_is_root; then
        chown postgres: "$dir"
    fi
    chmod 0700 "$dir"
    port=$(free_port)
    _TS_PORTS+=("$port")
    pw=$(_ts_random_password)

    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt=(--locale=C.UTF-8 --encoding=UTF8)
    else
        locale_opt=(--no-locale --encoding=UTF8)
    fi
    if ! _ts_as_pg "$_TS_PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --no-sync "${locale_opt[@]}" >"$dir/initdb.log" 2>&1; then
        _ts_err "initdb failed"
        _ts_tail_log "$dir/initdb.log"
        return 1
    fi
    # Loopback only, socket in the private dir, durability off (throwaway data). hypopg needs no preloading;
    # pg_stat_statements is preloaded so query-statistics features can be tested against a real server.
    _ts_as_pg tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# --- appliance test server ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 64MB
password_encryption = scram-sha-256
shared_preload_libraries = 'pg_stat_statements'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
checkpoint_timeout = 30min
logging_collector = off
log_min_messages = warning
log_min_error_statement = panic
EOF
    if ! _ts_as_pg "$_TS_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -s start >"$dir/pg_ctl.log" 2>&1; then
        _ts_err "PostgreSQL did not start"
        _ts_tail_log "$dir/pg_ctl.log"
        _ts_tail_log "$dir/postgres.log"
        return 1
    fi
    _TS_PG_DATA=$dir/data
    _ts_register_pid QUIT "$(head -n 1 "$dir/data/postmaster.pid")"

    local i
    for ((i = 0; i < 100; i++)); do
        "$_TS_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
        sleep 0.1
    done
    if ! "$_TS_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5; then
        _ts_err "PostgreSQL does not answer on 127.0.0.1:$port"
        _ts_tail_log "$dir/postgres.log"
        return 1
    fi
    # The password goes through stdin, never on a command line.
    if ! printf "CREATE ROLE appliance WITH LOGIN SUPERUSER PASSWORD '%s';\n" "$pw" |
        _ts_as_pg "$_TS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >/dev/null; then
        _ts_err "could not create the PostgreSQL role"
        return 1
    fi
    export APPLIANCE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=appliance;Password=$pw;Database=postgres"
    _ts_say "PostgreSQL $("$_TS_PG_BIN/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1) on 127.0.0.1:$port"
}

_ts_stop_postgres() {
    [[ -n $_TS_PG_DATA ]] || return 0
    if [[ -f $_TS_PG_DATA/postmaster.pid ]]; then
        _ts_as_pg "$_TS_PG_BIN/pg_ctl" -D "$_TS_PG_DATA" -m immediate -w -t 30 -s stop >/dev/null 2>&1 || {
            local pid
            pid=$(head -n 1 "$_TS_PG_DATA/postmaster.pid" 2>/dev/null || true)
            [[ -n $pid ]] && _ts_stop_pid "$pid" KILL 5
        }
    fi
    _TS_PG_DATA=""
}

# ---------------------------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------------------------

start_mariadb() {
    _ts_root
    local dir=$_TS_ROOT/mariadb port pw server installdb client admin
    mkdir -p "$dir/data" "$dir/tmp"
    chmod 0700 "$dir"
    port=$(free_port)
    _TS_PORTS+=("$port")
    pw=$(_ts_random_password)
    if [[ -x /usr/sbin/mariadbd ]]; then server=/usr/sbin/mariadbd; else server=/usr/sbin/mysqld; fi
    installdb=$(command -v mariadb-install-db || command -v mysql_install_db)
    client=$(command -v mariadb || command -v mysql)
    admin=$(command -v mariadb-admin || command -v mysqladmin)

    local -a user_opt=()
    if _ts_is_root; then
        user_opt=(--user=root)
    fi
    # Small buffers and no durability: it is throwaway test data. --no-defaults must come first.
    local -a opts=(
        --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$dir/mariadb.sock" --pid-file="$dir/mariadb.pid"
        --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
        --innodb-buffer-pool-size=64M --innodb-log-file-size=32M --innodb-log-buffer-size=4M
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0
        --key-buffer-size=4M --performance-schema=OFF
    )
    if ! "$installdb" --no-defaults "${user_opt[@]}" --auth-root-authentication-method=normal --skip-test-db \
        "${opts[@]}" >"$dir/install-db.log" 2>&1; then
        _ts_err "mariadb-install-db failed"
        _ts_tail_log "$dir/install-db.log"
        return 1
    fi
    "$server" --no-defaults "${opts[@]}" "${user_opt[@]}" --port="$port" --bind-address=127.0.0.1 --skip-log-bin \
        --innodb-fast-shutdown=2 --max-connections=200 --log-error="$dir/mariadb.err" </dev/null >"$dir/mariadb.out" 2>&1 &
    _TS_MARIADB_PID=$!
    _ts_register_pid TERM "$_TS_MARIADB_PID"

    local i ok=""
    for ((i = 0; i < 600; i++)); do
        if ! _ts_alive "$_TS_MARIADB_PID"; then
            break
        fi
        if "$admin" --no-defaults --socket="$dir/mariadb.sock" -uroot --connect-timeout=1 ping >/dev/null 2>&1; then
            ok=1
            break
        fi
        sleep 0.1
    done
    if [[ -z $ok ]]; then
        _ts_err "MariaDB did not start"
        _ts_tail_log "$dir/mariadb.err"
        _ts_tail_log "$dir/mariadb.out"
        return 1
    fi
    if ! "$client" --no-defaults --socket="$dir/mariadb.sock" -uroot <<EOF; then
CREATE USER 'appliance'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER 'appliance'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'appliance'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'appliance'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
EOF
        _ts_err "could not create the MariaDB user"
        return 1
    fi
    export APPLIANCE_TEST_MYSQL="Server=127.0.0.1;Port=$port;User ID=appliance;Password=$pw"
    _ts_say "MariaDB $("$server" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1) on 127.0.0.1:$port"
}

_ts_stop_mariadb() {
    [[ -n $_TS_MARIADB_PID ]] || return 0
    _ts_stop_pid "$_TS_MARIADB_PID" TERM 30
    _TS_MARIADB_PID=""
}

# ---------------------------------------------------------------------------------------------------------------
# OpenLDAP slapd (private instance: own slapd.conf, own mdb directory, own port; the system slapd, if any, is
# neither used nor touched — it listens on 389 and cannot conflict with a free port)
# ---------------------------------------------------------------------------------------------------------------

_TS_LDAP_BASE="dc=appliance,dc=test"

# Prints the {SSHA} hash of a password without putting the password on a command line.
_ts_ldap_hash() {
    local f
    f=$(umask 077 && mktemp "$_TS_ROOT/slapd/pw.XXXXXX")
    printf '%s' "$1" >"$f"
    slappasswd -h '{SSHA}' -T "$f"
    rm -f "$f"
}

start_slapd() {
    _ts_root
    local dir=$_TS_ROOT/slapd port pw alice_pw bob_pw base=$_TS_LDAP_BASE
    mkdir -p "$dir/data"
    chmod 0700 "$dir"
    port=$(free_port)
    _TS_PORTS+=("$port")
    pw=$(_ts_random_password)
    alice_pw=$(_ts_random_password)
    bob_pw=$(_ts_random_password)

    (
        umask 077
        cat >"$dir/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema

pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb

access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read

database mdb
maxsize 67108864
suffix "$base"
rootdn "cn=admin,$base"
rootpw $(_ts_ldap_hash "$pw")
directory $dir/data
index objectClass eq
index uid,cn,member eq

access to attrs=userPassword
    by self write
    by anonymous auth
    by * none
access to *
    by users read
    by * none
EOF
        cat >"$dir/base.ldif" <<EOF
dn: $base
objectClass: top
objectClass: dcObject
objectClass: organization
o: Appliance Test
dc: appliance

dn: cn=admin,$base
objectClass: organizationalRole
cn: admin
description: Directory administrator (rootdn)

dn: ou=people,$base
objectClass: organizationalUnit
ou: people

dn: ou=groups,$base
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=people,$base
objectClass: inetOrgPerson
uid: alice
cn: Alice Anderson
sn: Anderson
givenName: Alice
displayName: Alice Anderson
mail: alice@appliance.test
userPassword: $(_ts_ldap_hash "$alice_pw")

dn: uid=bob,ou=people,$base
objectClass: inetOrgPerson
uid: bob
cn: Bob Brown
sn: Brown
givenName: Bob
displayName: Bob Brown
mail: bob@appliance.test
userPassword: $(_ts_ldap_hash "$bob_pw")

dn: cn=appliance-admins,ou=groups,$base
objectClass: groupOfNames
cn: appliance-admins
description: Appliance administrators
member: uid=alice,ou=people,$base
EOF
    )
    if ! slapadd -q -f "$dir/slapd.conf" -l "$dir/base.ldif" >"$dir/slapadd.log" 2>&1; then
        _ts_err "slapadd failed"
        _ts_tail_log "$dir/slapadd.log"
        return 1
    fi
    # -d 0 keeps slapd in the foreground (no fork), so $! is its pid.
    slapd -d 0 -h "ldap://127.0.0.1:$port/" -f "$dir/slapd.conf" </dev/null >"$dir/slapd.log" 2>&1 &
    _TS_SLAPD_PID=$!
    _ts_register_pid TERM "$_TS_SLAPD_PID"

    local i ok=""
    for ((i = 0; i < 300; i++)); do
        if ! _ts_alive "$_TS_SLAPD_PID"; then
            break
        fi
        if ldapsearch -x -LLL -o nettimeout=1 -H "ldap://127.0.0.1:$port" -s base -b "" namingContexts >/dev/null 2>&1; then
            ok=1
            break
        fi
        sleep 0.1
    done
    if [[ -z $ok ]]; then
        _ts_err "slapd did not start"
        _ts_tail_log "$dir/slapd.log"
        return 1
    fi
    export APPLIANCE_TEST_LDAP="ldap://127.0.0.1:$port"
    export APPLIANCE_TEST_LDAP_BIND_DN="cn=admin,$base"
    export APPLIANCE_TEST_LDAP_BIND_PASSWORD=$pw
    export APPLIANCE_TEST_LDAP_BASE_DN=$base
    export APPLIANCE_TEST_LDAP_ALICE_PASSWORD=$alice_pw
    export APPLIANCE_TEST_LDAP_BOB_PASSWORD=$bob_pw
    _ts_say "OpenLDAP slapd on 127.0.0.1:$port ($base: alice, bob, group appliance-admins)"
}

_ts_stop_slapd() {
    [[ -n $_TS_SLAPD_PID ]] || return 0
    _ts_stop_pid "$_TS_SLAPD_PID" TERM 20
    _TS_SLAPD_PID=""
}

# ---------------------------------------------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------------------------------------------

use_chromium() {
    if [[ ! -x /usr/bin/chromium ]]; then
        _ts_err "/usr/bin/chromium not found (ensure_packages installs it)"
        return 1
    fi
    export APPLIANCE_TEST_CHROMIUM=/usr/bin/chromium
}

# ---------------------------------------------------------------------------------------------------------------
# Stop
# ---------------------------------------------------------------------------------------------------------------

# Stops everything started by this library and removes the temp dirs. Safe to call more than once.
stop_servers() {
    local errexit=""
    [[ $- == *e* ]] && errexit=1
    set +e
    _ts_remove_policy_rc
    _ts_stop_slapd
    _ts_stop_mariadb
    _ts_stop_postgres
    if [[ -n $_TS_WATCHDOG_PID ]]; then
        kill "$_TS_WATCHDOG_PID" 2>/dev/null
        wait "$_TS_WATCHDOG_PID" 2>/dev/null
        _TS_WATCHDOG_PID=""
    fi
    if [[ -n $_TS_ROOT && -d $_TS_ROOT ]]; then
        if [[ -n ${APPLIANCE_TEST_KEEP:-} ]]; then
            _ts_say "kept $_TS_ROOT (APPLIANCE_TEST_KEEP)"
        else
            rm -rf "$_TS_ROOT"
        fi
    fi
    _TS_ROOT=""
    _TS_PORTS=()
    unset APPLIANCE_TEST_POSTGRES APPLIANCE_TEST_MYSQL APPLIANCE_TEST_LDAP APPLIANCE_TEST_LDAP_BIND_DN \
        APPLIANCE_TEST_LDAP_BIND_PASSWORD APPLIANCE_TEST_LDAP_BASE_DN APPLIANCE_TEST_LDAP_ALICE_PASSWORD \
        APPLIANCE_TEST_LDAP_BOB_PASSWORD
    [[ -n $errexit ]] && set -e
    return 0
}

# Installs the traps every caller needs: stop_servers on exit, and Ctrl-C / SIGTERM / SIGHUP turned into an exit
# (with the conventional status) so that the EXIT trap runs.
trap_stop_servers() {
    trap stop_servers EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}
