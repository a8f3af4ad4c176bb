#!/usr/bin/env bash
# Self-test of scripts/test-servers.sh: starts PostgreSQL, MariaDB and slapd, checks each answers with its own
# command-line client and the exported credentials, stops them and checks that no process and no temp dir is left.
#   scripts/test-servers-selftest.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/test-servers.sh
source scripts/test-servers.sh
trap_stop_servers

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fs", b - a }'; }
# Value of a key in a "Key=Value;Key=Value" connection string.
cs() { tr ';' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
fail() { echo "selftest: FAIL: $*" >&2; exit 1; }

t0=$(now); ensure_packages
t1=$(now); start_postgres
t2=$(now); start_mariadb
t3=$(now); start_slapd
t4=$(now); use_chromium
echo "selftest: ensure_packages $(elapsed "$t0" "$t1"), postgres $(elapsed "$t1" "$t2"), mariadb $(elapsed "$t2" "$t3"), slapd $(elapsed "$t3" "$t4")"

root=$_TS_ROOT
pids=$(awk '{print $2}' "$root/pids" | tr '\n' ' ')

# PostgreSQL: password login over TCP, superuser, hypopg available; a wrong password is refused.
pg=$APPLIANCE_TEST_POSTGRES
out=$(PGPASSWORD=$(cs "$pg" Password) psql -X -At -h "$(cs "$pg" Host)" -p "$(cs "$pg" Port)" -U "$(cs "$pg" Username)" \
    -d "$(cs "$pg" Database)" -c "SELECT current_user || ' super=' || usesuper FROM pg_user WHERE usename = current_user" \
    -c "CREATE EXTENSION hypopg" -c "SELECT count(*) FROM hypopg_create_index('CREATE INDEX ON pg_class (relname)')" \
    -c "DROP EXTENSION hypopg")
[[ $out == *"appliance super=true"* ]] || fail "postgres: $out"
if PGPASSWORD=wrong psql -X -At -h 127.0.0.1 -p "$(cs "$pg" Port)" -U appliance -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    fail "postgres accepted a wrong password"
fi
echo "selftest: postgres ok ($(tr '\n' ' ' <<<"$out"))"

# MariaDB: password login over TCP with all privileges.
my=$APPLIANCE_TEST_MYSQL
out=$(mariadb --no-defaults -h"$(cs "$my" Server)" -P"$(cs "$my" Port)" -u"$(cs "$my" 'User ID')" -p"$(cs "$my" Password)" \
    -N -e "SELECT CURRENT_USER(); CREATE DATABASE selftest; DROP DATABASE selftest; SHOW GRANTS")
[[ $out == *"appliance@127.0.0.1"* && $out == *"ALL PRIVILEGES ON *.*"*"WITH GRANT OPTION"* ]] || fail "mariadb: $out"
echo "selftest: mariadb ok ($(head -n 1 <<<"$out"))"

# slapd: admin bind finds alice and the group with alice as member; alice and bob can bind.
out=$(ldapsearch -x -LLL -H "$APPLIANCE_TEST_LDAP" -D "$APPLIANCE_TEST_LDAP_BIND_DN" -w "$APPLIANCE_TEST_LDAP_BIND_PASSWORD" \
    -b "$APPLIANCE_TEST_LDAP_BASE_DN" "(|(uid=alice)(cn=appliance-admins))" dn member)
[[ $out == *"dn: uid=alice,ou=people,dc=appliance,dc=test"* ]] || fail "ldap: alice not found: $out"
[[ $out == *"dn: cn=appliance-admins,ou=groups,dc=appliance,dc=test"*"member: uid=alice,ou=people,dc=appliance,dc=test"* ]] ||
    fail "ldap: group not found: $out"
ldapwhoami -x -H "$APPLIANCE_TEST_LDAP" -D "uid=alice,ou=people,$APPLIANCE_TEST_LDAP_BASE_DN" \
    -w "$APPLIANCE_TEST_LDAP_ALICE_PASSWORD" >/dev/null || fail "ldap: alice cannot bind"
ldapwhoami -x -H "$APPLIANCE_TEST_LDAP" -D "uid=bob,ou=people,$APPLIANCE_TEST_LDAP_BASE_DN" \
    -w "$APPLIANCE_TEST_LDAP_BOB_PASSWORD" >/dev/null || fail "ldap: bob cannot bind"
if ldapwhoami -x -H "$APPLIANCE_TEST_LDAP" -D "uid=bob,ou=people,$APPLIANCE_TEST_LDAP_BASE_DN" -w wrong >/dev/null 2>&1; then
    fail "ldap accepted a wrong password"
fi
echo "selftest: slapd ok (alice, group appliance-admins with alice, alice/bob bind)"

[[ -x $APPLIANCE_TEST_CHROMIUM ]] || fail "chromium"

t5=$(now); stop_servers; t6=$(now)
echo "selftest: stop_servers $(elapsed "$t5" "$t6")"
[[ ! -e $root ]] || fail "$root still exists"
for pid in $pids; do
    if [[ -e /proc/$pid ]] && [[ $(sed 's/^.*) //' "/proc/$pid/stat" | cut -c1) != Z ]]; then
        fail "process $pid still running: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
    fi
done
if pgrep -f "$root" >/dev/null 2>&1; then
    fail "a process still refers to $root"
fi
echo "selftest: all servers stopped, $root removed"
