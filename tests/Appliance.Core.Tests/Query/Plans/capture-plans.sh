#!/usr/bin/env bash
# Captures the PostgreSQL and MariaDB plan fixtures of this folder from real servers:
#   scripts/with-servers.sh tests/Appliance.Core.Tests/Query/Plans/capture-plans.sh
# Costs and timings differ from run to run; tests assert shapes and relations, not exact numbers.
# MySQL 8 and SQL Server fixtures are hand-written (no such server here); see the comments inside them.
set -euo pipefail
out=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Npgsql / MySqlConnector "Key=Value;…" strings to one value.
conn_value() { tr ';' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -n 1; }

pg=${APPLIANCE_TEST_POSTGRES:?run under scripts/with-servers.sh}
export PGHOST=$(conn_value "$pg" Host) PGPORT=$(conn_value "$pg" Port) PGUSER=$(conn_value "$pg" Username)
export PGPASSWORD=$(conn_value "$pg" Password) PGDATABASE=postgres
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# One JSON plan per file; every -c runs in the same session, so SETs apply to the EXPLAIN after them.
pg_plan() {
    local name=$1
    shift
    psql_q -A -t "$@" >"$out/$name.json"
    echo "captured $name.json"
}

psql_q <<'SQL'
DROP TABLE IF EXISTS order_lines, orders, customers, readings, big_a, big_b;
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country char(2) NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO customers SELECT i, 'customer ' || i, (ARRAY['NZ','DE','FR','US','JP','BR','IN','CA','GB','ES'])[1 + i % 10],
    timestamptz '2020-01-01' + i * interval '37 minutes' FROM generate_series(1, 20000) AS i;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, status text NOT NULL,
    total numeric(10,2) NOT NULL, created_at timestamptz NOT NULL, note text);
INSERT INTO orders SELECT i, 1 + (i::bigint * 7919) % 20000, (ARRAY['new','paid','shipped','delivered','refunded'])[1 + (i % 97) % 5],
    (i * 31 % 100000) / 100.0, timestamptz '2021-01-01' + i * interval '3 minutes', repeat('x', i % 40)
    FROM generate_series(1, 300000) AS i;
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE TABLE order_lines (order_id int NOT NULL, line int NOT NULL, sku text NOT NULL, qty int NOT NULL, PRIMARY KEY (order_id, line));
INSERT INTO order_lines SELECT o, l, 'SKU-' || ((o * l) % 5000), 1 + (o + l) % 9 FROM generate_series(1, 100000) AS o, generate_series(1, 3) AS l;
-- Two perfectly correlated columns: the planner multiplies their selectivities and underestimates a lot.
CREATE TABLE readings (id int PRIMARY KEY, sensor int NOT NULL, site int NOT NULL, value float8 NOT NULL);
INSERT INTO readings SELECT i, i % 100, i % 100, random() FROM generate_series(1, 200000) AS i;
CREATE TABLE big_a (id int, k int);
CREATE TABLE big_b (id int, k int);
INSERT INTO big_a SELECT i, i % 1000 FROM generate_series(1, 3000) AS i;
INSERT INTO big_b SELECT i, i % 1000 FROM generate_series(1, 4000) AS i;
VACUUM ANALYZE customers, orders, order_lines, readings, big_a, big_b;
SQL

pg_plan pg-seqscan-filter-analyze -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id, total FROM orders WHERE status = 'refunded' AND total > 990"
pg_plan pg-hash-join-analyze -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT c.country, count(*), sum(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.created_at < '2020-03-01' GROUP BY c.country ORDER BY 2 DESC"
pg_plan pg-nested-loop-index -c "EXPLAIN (FORMAT JSON) SELECT c.name, o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id BETWEEN 100 AND 120"
pg_plan pg-sort-spill-analyze -c "SET work_mem = '64kB'" -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT id, customer_id, total FROM orders ORDER BY total DESC, id"
pg_plan pg-misestimate-analyze -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM readings WHERE sensor = 42 AND site = 42"
pg_plan pg-nested-loop-large-analyze -c "SET enable_hashjoin = off" -c "SET enable_mergejoin = off" -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT a.id, b.id FROM big_a a JOIN big_b b ON a.k = b.k"
pg_plan pg-complex -c "EXPLAIN (FORMAT JSON) WITH top_customers AS (SELECT customer_id, sum(total) AS spent FROM orders WHERE status <> 'refunded' GROUP BY customer_id ORDER BY spent DESC LIMIT 100)
SELECT c.country, count(DISTINCT c.id) AS buyers, sum(l.qty) AS items,
       (SELECT max(o2.created_at) FROM orders o2 WHERE o2.customer_id = min(c.id)) AS last_order
FROM top_customers t JOIN customers c ON c.id = t.customer_id
LEFT JOIN orders o ON o.customer_id = c.id
LEFT JOIN order_lines l ON l.order_id = o.id
WHERE c.country IN ('NZ', 'DE') OR c.name LIKE '%7'
GROUP BY c.country
UNION ALL
SELECT 'all', count(*), NULL, NULL FROM customers WHERE EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = customers.id AND x.total > 999)"

my=${APPLIANCE_TEST_MYSQL:?run under scripts/with-servers.sh}
export MYSQL_PWD
MYSQL_PWD=$(conn_value "$my" Password)
my_args=(--no-defaults -h "$(conn_value "$my" Server)" -P "$(conn_value "$my" Port)" -u "$(conn_value "$my" 'User ID')")
mariadb_q() { mariadb "${my_args[@]}" "$@"; }
my_plan() {
    local name=$1 sql=$2
    mariadb_q -N -B -r plans -e "$sql" >"$out/$name.json"
    echo "captured $name.json"
}

mariadb_q >/dev/null <<'SQL'
DROP DATABASE IF EXISTS plans;
CREATE DATABASE plans;
USE plans;
CREATE TABLE customers (id int PRIMARY KEY, name varchar(60) NOT NULL, country char(2) NOT NULL, created_at datetime NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status varchar(20) NOT NULL, total decimal(10,2) NOT NULL,
    created_at datetime NOT NULL, note varchar(60), KEY orders_customer_id_idx (customer_id));
CREATE TABLE tags (order_id int NOT NULL, tag varchar(20) NOT NULL);
SET SESSION max_recursive_iterations = 200000;
INSERT INTO customers WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000)
    SELECT i, CONCAT('customer ', i), ELT(1 + i % 10, 'NZ','DE','FR','US','JP','BR','IN','CA','GB','ES'),
    '2020-01-01' + INTERVAL i * 37 MINUTE FROM s;
INSERT INTO orders WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 60000)
    SELECT i, 1 + (i * 7919) % 5000, ELT(1 + (i % 97) % 5, 'new','paid','shipped','delivered','refunded'),
    (i * 31 % 100000) / 100.0, '2021-01-01' + INTERVAL i * 3 MINUTE, REPEAT('x', i % 40) FROM s;
INSERT INTO tags WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000)
    SELECT i * 7, ELT(1 + i % 4, 'gift','rush','bulk','vip') FROM s;
ANALYZE TABLE customers, orders, tags PERSISTENT FOR ALL;
SQL

my_plan maria-fullscan-filter "EXPLAIN FORMAT=JSON SELECT id, total FROM orders WHERE status = 'refunded' AND total > 990"
my_plan maria-fullscan-filter-analyze "ANALYZE FORMAT=JSON SELECT id, total FROM orders WHERE status = 'refunded' AND total > 990"
my_plan maria-join-ref-analyze "ANALYZE FORMAT=JSON SELECT c.name, o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.country = 'NZ' AND c.id < 400"
my_plan maria-block-nl-join-analyze "ANALYZE FORMAT=JSON SELECT o.id, t.tag FROM orders o JOIN tags t ON t.order_id = o.total WHERE o.created_at < '2021-03-01'"
my_plan maria-filesort-analyze "SET SESSION sort_buffer_size = 32768; ANALYZE FORMAT=JSON SELECT id, customer_id, note, total FROM orders ORDER BY total DESC, note"
my_plan maria-group-temporary "EXPLAIN FORMAT=JSON SELECT status, count(*) AS n FROM orders WHERE created_at > '2021-02-01' GROUP BY status ORDER BY n DESC"
my_plan maria-group-temporary-analyze "ANALYZE FORMAT=JSON SELECT status, count(*) AS n FROM orders WHERE created_at > '2021-02-01' GROUP BY status ORDER BY n DESC"
my_plan maria-subquery "EXPLAIN FORMAT=JSON SELECT c.id, c.name, (SELECT max(o.total) FROM orders o WHERE o.customer_id = c.id) AS best
    FROM customers c WHERE c.id IN (SELECT customer_id FROM orders WHERE status = 'refunded' AND total > 900) ORDER BY best DESC LIMIT 10"

mariadb_q -e "DROP DATABASE plans"
psql_q -c "DROP TABLE order_lines, orders, customers, readings, big_a, big_b"
