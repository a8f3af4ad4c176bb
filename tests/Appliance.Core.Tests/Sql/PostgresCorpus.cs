namespace Appliance.Core.Tests.Sql;

/// <summary>
/// Real-world PostgreSQL statements, written for these tests in the shapes the PostgreSQL documentation uses.
/// Each entry starts with a line "-- @Kind" naming the statement kind the parser must report.
/// </summary>
internal static class PostgresCorpus
{
    public const string Text = """"
-- @Select
SELECT 1;
-- @Select
SELECT name, price * quantity AS total FROM order_lines WHERE order_id = 42;
-- @Select
select * from weather where city = 'San Francisco' and prcp > 0.0;
-- @Select
SELECT city, max(temp_lo) FROM weather GROUP BY city HAVING max(temp_lo) < 40;
-- @Select
SELECT w1.city, w1.temp_lo AS low, w2.city, w2.temp_hi AS high
FROM weather w1 JOIN weather w2 ON w1.temp_lo < w2.temp_lo AND w1.temp_hi > w2.temp_hi;
-- @Select
SELECT * FROM weather LEFT OUTER JOIN cities ON weather.city = cities.name;
-- @Select
SELECT * FROM t1 NATURAL FULL JOIN t2;
-- @Select
SELECT * FROM t1 CROSS JOIN t2;
-- @Select
SELECT a.id, b.label FROM a INNER JOIN b USING (id) RIGHT JOIN c ON c.a_id = a.id;
-- @Select
SELECT DISTINCT ON (location) location, time, report
FROM weather_reports
ORDER BY location, time DESC;
-- @Select
SELECT depname, empno, salary, avg(salary) OVER (PARTITION BY depname) FROM empsalary;
-- @Select
SELECT depname, empno, salary,
       rank() OVER (PARTITION BY depname ORDER BY salary DESC)
FROM empsalary;
-- @Select
SELECT salary, sum(salary) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM empsalary;
-- @Select
SELECT sum(salary) OVER w, avg(salary) OVER w
FROM empsalary
WINDOW w AS (PARTITION BY depname ORDER BY salary DESC);
-- @Select
SELECT id, value,
       avg(value) OVER (ORDER BY id RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) AS smooth
FROM readings;
-- @Select
SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1 hour' PRECEDING AND CURRENT ROW) FROM events;
-- @Select
SELECT x, first_value(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) FROM t;
-- @Select
SELECT depname, empno, salary, enroll_date
FROM
  (SELECT depname, empno, salary, enroll_date,
          rank() OVER (PARTITION BY depname ORDER BY salary DESC, empno) AS pos
     FROM empsalary
  ) AS ss
WHERE pos < 3;
-- @Select
WITH regional_sales AS (
    SELECT region, SUM(amount) AS total_sales
    FROM orders
    GROUP BY region
), top_regions AS (
    SELECT region
    FROM regional_sales
    WHERE total_sales > (SELECT SUM(total_sales)/10 FROM regional_sales)
)
SELECT region,
       product,
       SUM(quantity) AS product_units,
       SUM(amount) AS product_sales
FROM orders
WHERE region IN (SELECT region FROM top_regions)
GROUP BY region, product;
-- @Select
WITH RECURSIVE t(n) AS (
    VALUES (1)
  UNION ALL
    SELECT n+1 FROM t WHERE n < 100
)
SELECT sum(n) FROM t;
-- @Select
WITH RECURSIVE included_parts(sub_part, part, quantity) AS (
    SELECT sub_part, part, quantity FROM parts WHERE part = 'our_product'
  UNION ALL
    SELECT p.sub_part, p.part, p.quantity * pr.quantity
    FROM included_parts pr, parts p
    WHERE p.part = pr.sub_part
)
SELECT sub_part, SUM(quantity) as total_quantity
FROM included_parts
GROUP BY sub_part;
-- @Select
WITH RECURSIVE search_graph(id, link, data, depth, path) AS (
    SELECT g.id, g.link, g.data, 1, ARRAY[g.id]
    FROM graph g
  UNION ALL
    SELECT g.id, g.link, g.data, sg.depth + 1, path || g.id
    FROM graph g, search_graph sg
    WHERE g.id = sg.link AND NOT g.id = ANY(path)
)
SELECT * FROM search_graph ORDER BY path;
-- @Select
WITH w AS MATERIALIZED (SELECT * FROM big_table)
SELECT * FROM w AS w1 JOIN w AS w2 ON w1.key = w2.ref WHERE w2.key = 123;
-- @Select
WITH w AS NOT MATERIALIZED (SELECT * FROM big_table) SELECT * FROM w WHERE key = 123;
-- @Select
WITH outer_cte AS (
    WITH inner_cte AS (SELECT id, parent_id FROM nodes WHERE active)
    SELECT id FROM inner_cte WHERE parent_id IS NULL
)
SELECT count(*) FROM outer_cte;
-- @Insert
WITH moved_rows AS (
    DELETE FROM products
    WHERE
        "date" >= '2010-10-01' AND
        "date" < '2010-11-01'
    RETURNING *
)
INSERT INTO products_log
SELECT * FROM moved_rows;
-- @Select
WITH t AS (
    UPDATE products SET price = price * 1.05
    RETURNING *
)
SELECT * FROM t;
-- @Select
SELECT m.name AS mname, pname
FROM manufacturers m, LATERAL get_product_names(m.id) pname;
-- @Select
SELECT m.name AS mname, pname
FROM manufacturers m LEFT JOIN LATERAL get_product_names(m.id) pname ON true;
-- @Select
SELECT p1.id, p2.id, v1, v2
FROM polygons p1, polygons p2,
     LATERAL vertices(p1.poly) v1,
     LATERAL vertices(p2.poly) v2
WHERE (v1 <-> v2) < 10 AND p1.id != p2.id;
-- @Select
SELECT * FROM unnest(ARRAY['a','b','c']) WITH ORDINALITY AS t(letter, idx);
-- @Select
SELECT * FROM generate_series(1, 10, 2) AS s(i) WHERE i % 3 = 0;
-- @Select
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS t (num, letter);
-- @Select
VALUES (1, 'one'), (2, 'two');
-- @Select
SELECT brand, size, sum(sales) FROM items_sold GROUP BY GROUPING SETS ((brand), (size), ());
-- @Select
SELECT brand, size, sum(sales) FROM items_sold GROUP BY ROLLUP (brand, size);
-- @Select
SELECT a, b, c, sum(d) FROM t GROUP BY CUBE (a, b), GROUPING SETS ((c), ());
-- @Select
SELECT grouping(brand, size), brand, size, sum(sales) FROM items_sold GROUP BY CUBE (brand, size);
-- @Select
SELECT * FROM t1 UNION SELECT * FROM t2 INTERSECT SELECT * FROM t3 EXCEPT ALL SELECT * FROM t4;
-- @Select
(SELECT a FROM t1 ORDER BY a LIMIT 1) UNION ALL (SELECT a FROM t2 ORDER BY a DESC LIMIT 1) ORDER BY 1;
-- @Select
SELECT name FROM distributors ORDER BY name OFFSET 10 ROWS FETCH FIRST 5 ROWS ONLY;
-- @Select
SELECT score, player FROM leaderboard ORDER BY score DESC FETCH FIRST 3 ROWS WITH TIES;
-- @Select
SELECT * FROM films LIMIT ALL OFFSET 20;
-- @Select
SELECT * FROM accounts WHERE id = $1 FOR NO KEY UPDATE NOWAIT;
-- @Select
SELECT * FROM jobs WHERE state = 'queued' ORDER BY priority LIMIT 10 FOR UPDATE OF jobs SKIP LOCKED;
-- @Select
SELECT * FROM a JOIN b ON a.id = b.a_id FOR SHARE OF a FOR KEY SHARE OF b;
-- @Select
SELECT * INTO TEMP films_recent FROM films WHERE date_prod >= '2002-01-01';
-- @Select
SELECT data->'customer'->>'name' AS customer, data#>>'{items,0,sku}' AS first_sku
FROM orders
WHERE data @> '{"status": "paid"}' AND data ? 'customer' AND tags ?| array['vip', 'new'];
-- @Select
SELECT jsonb_path_query(doc, '$.items[*] ? (@.price > 10)') FROM docs WHERE doc @? '$.items';
-- @Select
SELECT '{"a":1}'::jsonb || '{"b":2}'::jsonb, '[1,2,3]'::json -> 2, jsonb_build_object('k', 1);
-- @Select
SELECT arr[1], arr[2:3], arr[:2], matrix[1][2], (ROW(1, 'a')).f1 FROM arrays_table;
-- @Select
SELECT ARRAY[[1,2],[3,4]], ARRAY(SELECT id FROM users ORDER BY id), '{1,2,3}'::int[] && ARRAY[2];
-- @Select
SELECT * FROM products WHERE tags <@ ARRAY['sale', 'new']::text[] AND NOT (tags && ARRAY['hidden']);
-- @Select
SELECT CAST('42' AS integer), '2024-01-31'::date + 1, now() - interval '3 days', 1::numeric(10, 2);
-- @Select
SELECT DATE '2024-02-29', TIMESTAMP '2024-01-01 10:00:00', TIMESTAMPTZ '2024-01-01 10:00:00+02', jsonb '{}';
-- @Select
SELECT ts AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris', CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIME FROM logs;
-- @Select
SELECT extract(epoch FROM now()), EXTRACT(YEAR FROM order_date), date_trunc('month', created_at) FROM orders;
-- @Select
SELECT INTERVAL '1' DAY, INTERVAL '1 year 2 months', INTERVAL '10:30' HOUR TO MINUTE;
-- @Select
SELECT CASE WHEN a = 1 THEN 'one' WHEN a = 2 THEN 'two' ELSE 'other' END FROM test;
-- @Select
SELECT CASE status WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' END AS status_label FROM accounts;
-- @Select
SELECT coalesce(description, short_description, '(none)'), nullif(value, 0), greatest(a, b), least(a, b) FROM items;
-- @Select
SELECT x IS NULL, x IS NOT NULL, x IS TRUE, x IS NOT FALSE, x IS UNKNOWN, x IS DISTINCT FROM y, x IS NOT DISTINCT FROM y FROM t;
-- @Select
SELECT * FROM t WHERE a ISNULL OR b NOTNULL;
-- @Select
SELECT * FROM t WHERE a BETWEEN 1 AND 10 AND b NOT BETWEEN SYMMETRIC 10 AND 1;
-- @Select
SELECT * FROM users WHERE email ILIKE '%@example.com' AND name NOT LIKE 'a\_%' ESCAPE '\' AND code SIMILAR TO '(a|b)%';
-- @Select
SELECT * FROM logs WHERE message ~ '^ERR' AND message !~* 'timeout' AND host ~~ 'web%';
-- @Select
SELECT * FROM t WHERE id = ANY ($1) AND status <> ALL (ARRAY['x', 'y']) AND v > SOME (SELECT v FROM u);
-- @Select
SELECT * FROM t WHERE name LIKE ANY (ARRAY['a%', 'b%']);
-- @Select
SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id) AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id);
-- @Select
SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4)) AND (c, d) > (5, 6) AND ROW(e, f) = ROW(7, 8);
-- @Select
SELECT name, (SELECT max(pop) FROM cities WHERE cities.state = states.name) FROM states;
-- @Select
SELECT string_agg(name, ', ' ORDER BY name), array_agg(DISTINCT tag), count(*) FILTER (WHERE active) FROM users;
-- @Select
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY income), mode() WITHIN GROUP (ORDER BY city) FROM households;
-- @Select
SELECT make_interval(days => 10, hours => 2), substring('Thomas' FROM 2 FOR 3), position('om' IN 'Thomas'), trim(BOTH 'x' FROM 'xTomxx');
-- @Select
SELECT overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4), trim(LEADING FROM '  x'), upper(name COLLATE "C") FROM t;
-- @Select
SELECT * FROM people ORDER BY last_name COLLATE "en_US", first_name NULLS FIRST;
-- @Select
SELECT E'line\nbreak', $$dollar 'quoted' text$$, $fn$ body with $$ inside $fn$, U&'d\0061t\+000061', B'1010', X'1F';
-- @Select
SELECT "Weird ""Name""", "UPPER", "select" FROM "Schema"."Table";
-- @Select
SELECT prénom, 名前, "Größe" FROM données_clients WHERE ville = 'Zürich';
-- @Select
/* leading comment */ SELECT a -- trailing comment
, /* inline /* nested */ comment */ b FROM t -- end
WHERE a > 1 /* last */;
-- @Select
SELECT id FROM ONLY measurement WHERE logdate >= '2024-01-01';
-- @Select
SELECT t.*, u.name FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.closed_at IS NULL ORDER BY t.created_at LIMIT 50;
-- @Select
SELECT 2 + 3 * 4 ^ 2, -5 % 3, 10 / 3.0, 1e10, .5, 6.02e-23, 0x1F, @ -5, |/ 16.0;
-- @Select
SELECT 'a' || 'b' || 'c', 'x' || 1::text, lower('ABC') || upper('def');
-- @Select
SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid();
-- @Select
SELECT relname, n_live_tup FROM pg_catalog.pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 10;
-- @Select
SELECT c.oid::regclass, pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relkind = 'r';
-- @Select
SELECT d.datname FROM pg_database d WHERE NOT d.datistemplate ORDER BY 1;
-- @Select
SELECT tsv @@ to_tsquery('english', 'fat & rat'), ts_rank(tsv, q) FROM docs, to_tsquery('cat') q;
-- @Select
SELECT * FROM reservations WHERE during && tstzrange('2024-01-01', '2024-01-02') AND room_id = 7;
-- @Select
SELECT id, lag(value, 1, 0) OVER w, lead(value) OVER w, ntile(4) OVER (ORDER BY value), row_number() OVER () FROM t WINDOW w AS (ORDER BY id);
-- @Select
SELECT sum(x) OVER (w ORDER BY y ROWS UNBOUNDED PRECEDING) FROM t WINDOW w AS (PARTITION BY z);
-- @Select
SELECT (a).x, (a).*, (f(b)).y FROM composite_table;
-- @Select
SELECT * FROM (SELECT * FROM (SELECT * FROM (SELECT 1 AS x) a) b) c;
-- @Select
SELECT ((1 + 2) * (3 - (4 / (5 + 6))));
-- @Select
SELECT NOT a AND b OR c AND NOT d FROM flags;
-- @Select
SELECT * FROM t WHERE a = 1 OR b = 2 AND c = 3;
-- @Select
SELECT :name, $2 FROM t WHERE id = $1;
-- @Insert
INSERT INTO films VALUES ('UA502', 'Bananas', 105, '1971-07-13', 'Comedy', '82 minutes');
-- @Insert
INSERT INTO films (code, title, did, date_prod, kind) VALUES ('T_601', 'Yojimbo', 106, DEFAULT, 'Drama');
-- @Insert
INSERT INTO films DEFAULT VALUES;
-- @Insert
INSERT INTO distributors (did, dname) VALUES (5, 'Gizmo Transglobal'), (6, 'Associated Computing, Inc')
ON CONFLICT (did) DO UPDATE SET dname = EXCLUDED.dname;
-- @Insert
INSERT INTO distributors (did, dname) VALUES (7, 'Redline GmbH') ON CONFLICT (did) DO NOTHING;
-- @Insert
INSERT INTO distributors AS d (did, dname) VALUES (8, 'Anvil Distribution')
ON CONFLICT (did) DO UPDATE
SET dname = EXCLUDED.dname || ' (formerly ' || d.dname || ')'
WHERE d.zipcode <> '21201';
-- @Insert
INSERT INTO distributors (did, dname) VALUES (9, 'Antwerp Design') ON CONFLICT ON CONSTRAINT distributors_pkey DO NOTHING;
-- @Insert
INSERT INTO users (email) VALUES (lower($1)) ON CONFLICT (lower(email)) WHERE deleted_at IS NULL DO NOTHING RETURNING id;
-- @Insert
INSERT INTO films SELECT * FROM tmp_films WHERE date_prod < '2004-05-07';
-- @Insert
WITH upd AS (
  UPDATE employees SET sales_count = sales_count + 1 WHERE id =
    (SELECT sales_person FROM accounts WHERE name = 'Acme Corporation')
    RETURNING *
)
INSERT INTO employees_log SELECT *, current_timestamp FROM upd;
-- @Update
UPDATE films SET kind = 'Dramatic' WHERE kind = 'Drama';
-- @Update
UPDATE weather SET temp_lo = temp_lo+1, temp_hi = temp_lo+15, prcp = DEFAULT
  WHERE city = 'San Francisco' AND date = '2003-07-03'
  RETURNING temp_lo, temp_hi, prcp;
-- @Update
UPDATE employees SET sales_count = sales_count + 1 FROM accounts
  WHERE accounts.name = 'Acme Corporation'
  AND employees.id = accounts.sales_person;
-- @Update
UPDATE accounts SET (contact_first_name, contact_last_name) =
    (SELECT first_name, last_name FROM employees
     WHERE employees.id = accounts.sales_person);
-- @Update
UPDATE ONLY summary s SET (sum_x, sum_y) = (1, 2) WHERE s.group_id = 3;
-- @Delete
DELETE FROM films USING producers
  WHERE producer_id = producers.id AND producers.name = 'foo';
-- @Delete
DELETE FROM tasks WHERE status = 'DONE' RETURNING *;
-- @Delete
DELETE FROM films WHERE producer_id IN (SELECT id FROM producers WHERE name = 'foo');
-- @Merge
MERGE INTO customer_account ca
USING recent_transactions t
ON t.customer_id = ca.customer_id
WHEN MATCHED THEN
  UPDATE SET balance = balance + transaction_value
WHEN NOT MATCHED THEN
  INSERT (customer_id, balance)
  VALUES (t.customer_id, t.transaction_value);
-- @Merge
MERGE INTO wines w
USING wine_stock_changes s
ON s.winename = w.winename
WHEN NOT MATCHED AND s.stock_delta > 0 THEN
  INSERT VALUES(s.winename, s.stock_delta)
WHEN MATCHED AND w.stock + s.stock_delta > 0 THEN
  UPDATE SET stock = w.stock + s.stock_delta
WHEN MATCHED THEN
  DELETE;
-- @Create
CREATE TABLE films (
    code        char(5) CONSTRAINT firstkey PRIMARY KEY,
    title       varchar(40) NOT NULL,
    did         integer NOT NULL,
    date_prod   date,
    kind        varchar(10),
    len         interval hour to minute
);
-- @Create
CREATE TABLE IF NOT EXISTS public.measurement (
    city_id int not null,
    logdate date not null,
    peaktemp int CHECK (peaktemp > -100),
    unitsales int DEFAULT 0
) PARTITION BY RANGE (logdate);
-- @Create
CREATE TEMPORARY TABLE films_recent AS SELECT * FROM films WHERE date_prod >= '2002-01-01' WITH NO DATA;
-- @Create
CREATE OR REPLACE VIEW comedies AS
    SELECT *
    FROM films
    WHERE kind = 'Comedy';
-- @Create
CREATE MATERIALIZED VIEW sales_summary AS
  SELECT seller_no, invoice_date, sum(invoice_amt)::numeric(13,2) as sales_amt
    FROM invoice
    WHERE invoice_date < CURRENT_DATE
    GROUP BY seller_no, invoice_date;
-- @Create
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS title_idx ON films (title) INCLUDE (director, rating) WHERE did > 0;
-- @Create
CREATE INDEX ON films USING gin (to_tsvector('english', title));
-- @Create
CREATE FUNCTION add(integer, integer) RETURNS integer
    AS 'select $1 + $2;'
    LANGUAGE SQL
    IMMUTABLE
    RETURNS NULL ON NULL INPUT;
-- @Create
CREATE OR REPLACE FUNCTION increment(i integer) RETURNS integer AS $$
        BEGIN
                RETURN i + 1;
        END;
$$ LANGUAGE plpgsql;
-- @Create
CREATE FUNCTION one() RETURNS integer
LANGUAGE SQL
BEGIN ATOMIC
  SELECT 1;
  SELECT 2;
END;
-- @Create
CREATE PROCEDURE insert_data(a integer, b integer)
LANGUAGE SQL
AS $$
INSERT INTO tbl VALUES (a);
INSERT INTO tbl VALUES (b);
$$;
-- @Create
CREATE TRIGGER check_update
    BEFORE UPDATE OF balance ON accounts
    FOR EACH ROW
    EXECUTE FUNCTION check_account_update();
-- @Create
CREATE SEQUENCE serial START 101 INCREMENT BY 2;
-- @Create
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
-- @Create
CREATE SCHEMA IF NOT EXISTS reporting AUTHORIZATION report_owner;
-- @Create
CREATE EXTENSION IF NOT EXISTS hypopg;
-- @Create
CREATE DATABASE lusiadas WITH OWNER = manuel TEMPLATE = template0 ENCODING = 'UTF8';
-- @Create
CREATE ROLE readonly WITH LOGIN PASSWORD 'secret' NOSUPERUSER INHERIT;
-- @Alter
ALTER TABLE distributors ADD COLUMN address varchar(30);
-- @Alter
ALTER TABLE IF EXISTS ONLY distributors ALTER COLUMN street TYPE varchar(100), DROP COLUMN zipcode;
-- @Alter
ALTER TABLE distributors ADD CONSTRAINT distfk FOREIGN KEY (address) REFERENCES addresses (address) MATCH FULL;
-- @Alter
ALTER INDEX distributors_idx RENAME TO suppliers_idx;
-- @Alter
ALTER ROLE readonly SET statement_timeout = '30s';
-- @Drop
DROP TABLE films, distributors;
-- @Drop
DROP TABLE IF EXISTS staging.events CASCADE;
-- @Drop
DROP INDEX CONCURRENTLY IF EXISTS title_idx;
-- @Drop
DROP FUNCTION IF EXISTS add(integer, integer), increment(integer);
-- @Drop
DROP MATERIALIZED VIEW sales_summary;
-- @Truncate
TRUNCATE bigtable, fattable RESTART IDENTITY;
-- @Truncate
TRUNCATE TABLE ONLY othertable CASCADE;
-- @Grant
GRANT SELECT, INSERT ON films TO manuel;
-- @Grant
GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly;
-- @Revoke
REVOKE ALL PRIVILEGES ON kinds FROM manuel;
-- @Grant
GRANT USAGE ON SCHEMA reporting TO analyst;
-- @Copy
COPY country TO STDOUT (DELIMITER '|');
-- @Copy
COPY country FROM '/usr1/proj/bray/sql/country_data';
-- @Copy
COPY (SELECT * FROM country WHERE country_name LIKE 'A%') TO '/usr1/proj/bray/sql/a_list_countries.copy' WITH (FORMAT csv, HEADER);
-- @Call
CALL insert_data(1, 2);
-- @Call
DO $$DECLARE r record;
BEGIN
    FOR r IN SELECT table_schema, table_name FROM information_schema.tables LOOP
        EXECUTE 'GRANT ALL ON ' || quote_ident(r.table_schema) || '.' || quote_ident(r.table_name) || ' TO webuser';
    END LOOP;
END$$;
-- @Set
SET search_path TO my_schema, public;
-- @Set
SET LOCAL statement_timeout = '5s';
-- @Set
RESET ALL;
-- @Show
SHOW server_version;
-- @Explain
EXPLAIN SELECT * FROM tenk1 WHERE unique1 < 100;
-- @Explain
EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT sum(i) FROM foo WHERE i < 10;
-- @Explain
EXPLAIN ANALYZE VERBOSE UPDATE t SET x = 1 WHERE id = 3;
-- @Transaction
BEGIN;
-- @Transaction
START TRANSACTION ISOLATION LEVEL SERIALIZABLE READ ONLY;
-- @Transaction
SET TRANSACTION READ ONLY;
-- @Transaction
COMMIT;
-- @Transaction
ROLLBACK TO SAVEPOINT my_savepoint;
-- @Transaction
SAVEPOINT my_savepoint;
-- @Declare
DECLARE liahona CURSOR WITH HOLD FOR SELECT * FROM films ORDER BY title;
-- @Other
VACUUM (VERBOSE, ANALYZE) onek;
-- @Other
ANALYZE measurement;
-- @Other
LOCK TABLE films IN SHARE ROW EXCLUSIVE MODE;
-- @Other
REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;
-- @Other
COMMENT ON TABLE mytable IS 'This is my table.';
-- @Other
NOTIFY virtual, 'This is the payload';
-- @Other
PREPARE fooplan (int, text, bool, numeric) AS
    INSERT INTO foo VALUES($1, $2, $3, $4);
"""";
}
