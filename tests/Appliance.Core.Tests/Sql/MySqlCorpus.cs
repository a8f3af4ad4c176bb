namespace Appliance.Core.Tests.Sql;

/// <summary>
/// Real-world MySQL and MariaDB statements, written for these tests in the shapes the MySQL reference manual uses.
/// Each entry starts with a line "-- @Kind" naming the statement kind the parser must report.
/// </summary>
internal static class MySqlCorpus
{
    public const string Text = """"
-- @Select
SELECT 1 + 1;
-- @Select
SELECT * FROM `pet` WHERE `name` = 'Bowser';
-- @Select
SELECT name, birth FROM pet ORDER BY birth DESC LIMIT 10;
-- @Select
SELECT owner, COUNT(*) FROM pet GROUP BY owner HAVING COUNT(*) > 1;
-- @Select
SELECT species, sex, COUNT(*) FROM pet WHERE species = 'dog' OR species = 'cat' GROUP BY species, sex;
-- @Select
SELECT pet.name, TIMESTAMPDIFF(YEAR, birth, date) AS age, remark
FROM pet INNER JOIN event ON pet.name = event.name
WHERE event.type = 'litter';
-- @Select
SELECT p1.name, p1.sex, p2.name, p2.sex, p1.species
FROM pet AS p1 INNER JOIN pet AS p2 ON p1.species = p2.species AND p1.sex = 'f' AND p2.sex = 'm';
-- @Select
SELECT * FROM t1 LEFT JOIN t2 ON t1.a = t2.a LEFT JOIN t3 ON t2.b = t3.b WHERE t3.b IS NULL;
-- @Select
SELECT * FROM t1 STRAIGHT_JOIN t2 ON t1.id = t2.id;
-- @Select
SELECT * FROM t1 JOIN t2 USING (id) NATURAL JOIN t3;
-- @Select
SELECT * FROM t1, t2 WHERE t1.id = t2.t1_id;
-- @Select
SELECT article, dealer, price FROM shop WHERE price = (SELECT MAX(price) FROM shop);
-- @Select
SELECT s1.article, dealer, s1.price
FROM shop s1
JOIN (
  SELECT article, MAX(price) AS price
  FROM shop
  GROUP BY article) AS s2
  ON s1.article = s2.article AND s1.price = s2.price
ORDER BY article;
-- @Select
SELECT article, dealer, price
FROM   shop s1
WHERE  price=(SELECT MAX(s2.price)
              FROM shop s2
              WHERE s1.article = s2.article)
ORDER BY article;
-- @Select
WITH s1 AS (
   SELECT article, dealer, price,
          RANK() OVER (PARTITION BY article
                           ORDER BY price DESC
                      ) AS `Rank`
     FROM shop
)
SELECT article, dealer, price
  FROM s1
  WHERE `Rank` = 1
ORDER BY article;
-- @Select
WITH RECURSIVE cte (n) AS
(
  SELECT 1
  UNION ALL
  SELECT n + 1 FROM cte WHERE n < 5
)
SELECT * FROM cte;
-- @Select
WITH RECURSIVE employee_paths (id, name, path) AS
(
  SELECT id, name, CAST(id AS CHAR(200))
    FROM employees
    WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.name, CONCAT(ep.path, ',', e.id)
    FROM employee_paths AS ep JOIN employees AS e
      ON ep.id = e.manager_id
)
SELECT * FROM employee_paths ORDER BY path;
-- @Select
WITH RECURSIVE fibonacci (n, fib_n, next_fib_n) AS
(
  SELECT 1, 0, 1
  UNION ALL
  SELECT n + 1, next_fib_n, fib_n + next_fib_n
    FROM fibonacci WHERE n < 10
)
SELECT * FROM fibonacci;
-- @Select
SELECT year, country, product, SUM(profit) AS profit FROM sales GROUP BY year, country, product WITH ROLLUP;
-- @Select
SELECT IF(GROUPING(year), 'All years', year) AS year, SUM(profit) AS profit FROM sales GROUP BY year WITH ROLLUP;
-- @Select
SELECT val, ROW_NUMBER() OVER w AS 'row_number', RANK() OVER w AS 'rank', DENSE_RANK() OVER w AS 'dense_rank'
FROM numbers
WINDOW w AS (ORDER BY val);
-- @Select
SELECT time, subject, val,
  SUM(val) OVER (PARTITION BY subject ORDER BY time ROWS UNBOUNDED PRECEDING) AS running_total,
  AVG(val) OVER (PARTITION BY subject ORDER BY time ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS running_average
FROM observations;
-- @Select
SELECT t, val, LAG(val) OVER w AS 'lag', LEAD(val, 1, 0) OVER w AS 'lead', val - LAG(val) OVER w AS 'lag diff'
FROM series
WINDOW w AS (ORDER BY t);
-- @Select
SELECT * FROM t1 WHERE column1 = ANY (SELECT column1 FROM t2);
-- @Select
SELECT s1 FROM t1 WHERE s1 > ALL (SELECT s1 FROM t2) AND s1 <> SOME (SELECT s1 FROM t3);
-- @Select
SELECT DISTINCT store_type FROM stores WHERE NOT EXISTS (SELECT * FROM cities_stores WHERE cities_stores.store_type = stores.store_type);
-- @Select
SELECT * FROM t1 WHERE (col1, col2) = (SELECT col3, col4 FROM t2 WHERE id = 10);
-- @Select
SELECT * FROM t1 WHERE ROW(1, 2) = (SELECT column1, column2 FROM t2);
-- @Select
SELECT * FROM customer c, LATERAL (SELECT amount FROM payment p WHERE p.customer_id = c.id ORDER BY amount DESC LIMIT 1) AS top_payment;
-- @Select
SELECT a FROM t1 UNION SELECT b FROM t2 UNION ALL SELECT c FROM t3 ORDER BY 1 LIMIT 10;
-- @Select
SELECT a FROM t1 INTERSECT SELECT a FROM t2 EXCEPT SELECT a FROM t3;
-- @Select
(SELECT a FROM t1 WHERE a=10 AND B=1 ORDER BY a LIMIT 10)
UNION
(SELECT a FROM t2 WHERE a=11 AND B=2 ORDER BY a LIMIT 10);
-- @Select
SELECT * FROM tbl LIMIT 5, 10;
-- @Select
SELECT * FROM tbl LIMIT 10 OFFSET 20;
-- @Select
SELECT SQL_CALC_FOUND_ROWS * FROM tbl_name WHERE id > 100 LIMIT 10;
-- @Select
SELECT SQL_NO_CACHE DISTINCT city FROM customers;
-- @Select
SELECT * FROM t1 USE INDEX (i1) IGNORE INDEX FOR ORDER BY (i2) ORDER BY a;
-- @Select
SELECT * FROM t1 FORCE INDEX (PRIMARY, idx_created) WHERE created > '2024-01-01';
-- @Select
SELECT * FROM t FOR UPDATE;
-- @Select
SELECT * FROM seats WHERE seat_no BETWEEN 2 AND 3 AND booked = 'NO' FOR UPDATE SKIP LOCKED;
-- @Select
SELECT * FROM parent WHERE NAME = 'Jones' LOCK IN SHARE MODE;
-- @Select
SELECT * FROM t1 JOIN t2 ON t1.id = t2.id FOR SHARE OF t1 NOWAIT;
-- @Select
SELECT id, data INTO @x, @y FROM test.t1 LIMIT 1;
-- @Select
SELECT a, b, a+b INTO OUTFILE '/tmp/result.txt'
  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
  LINES TERMINATED BY '\n'
  FROM test_table;
-- @Select
SELECT * FROM t1 ORDER BY id LIMIT 1 INTO DUMPFILE '/tmp/blob.bin';
-- @Select
SELECT 'It\'s', "double \"quoted\"", 'tab\there', N'national', _utf8mb4'introduced', X'4D7953514C', 0x4D7953514C, b'1010', 0b1010;
-- @Select
SELECT `my col`, `weird``name`, `select` FROM `my db`.`my table`;
-- @Select
SELECT CONCAT(first_name, ' ', last_name) AS full_name, LENGTH(first_name), SUBSTRING(email, 1, 5) FROM users;
-- @Select
SELECT GROUP_CONCAT(DISTINCT test_score ORDER BY test_score DESC SEPARATOR ' ') FROM student GROUP BY student_name;
-- @Select
SELECT JSON_EXTRACT(doc, '$.name'), doc->'$.id', doc->>'$.email', JSON_UNQUOTE(JSON_EXTRACT(doc, '$.tags[0]')) FROM jdocs;
-- @Select
SELECT * FROM jdocs WHERE JSON_CONTAINS(doc, '"vip"', '$.tags') AND doc->>'$.age' > 30;
-- @Select
SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), DATE_SUB(NOW(), INTERVAL 7 DAY), NOW() + INTERVAL 1 HOUR, INTERVAL '1:30' HOUR_MINUTE + t;
-- @Select
SELECT DATE_FORMAT(created_at, '%Y-%m'), YEAR(created_at), MONTH(created_at), EXTRACT(YEAR_MONTH FROM created_at) FROM orders;
-- @Select
SELECT CAST(price AS DECIMAL(10,2)), CAST('1' AS UNSIGNED), CAST(x AS SIGNED INTEGER), CONVERT(name, CHAR(20)), CONVERT('abc' USING utf8mb4) FROM products;
-- @Select
SELECT IF(stock > 0, 'in stock', 'sold out'), IFNULL(discount, 0), NULLIF(a, b), COALESCE(a, b, c) FROM products;
-- @Select
SELECT CASE WHEN score >= 90 THEN 'A' WHEN score >= 80 THEN 'B' ELSE 'C' END AS grade FROM results;
-- @Select
SELECT 5 DIV 2, 5 MOD 2, 5 % 2, 1 XOR 1, !TRUE, ~0, 1 << 2, 255 >> 4, 6 & 3, 6 | 3, 6 ^ 3;
-- @Select
SELECT * FROM t WHERE a = 1 && b = 2 || c = 3;
-- @Select
SELECT NULL <=> NULL, 1 <=> NULL, a IS NOT NULL, a IS TRUE FROM t;
-- @Select
SELECT * FROM users WHERE name LIKE 'A%' AND email NOT LIKE '%@test.%' AND name REGEXP '^[a-z]+$' AND code RLIKE 'x';
-- @Select
SELECT * FROM users WHERE BINARY name = 'Alice';
-- @Select
SELECT * FROM products WHERE category_id IN (1, 2, 3) AND price NOT IN (0, 999);
-- @Select
SELECT @rownum := @rownum + 1 AS rank, name FROM players, (SELECT @rownum := 0) r ORDER BY score DESC;
-- @Select
SELECT @@version, @@session.sql_mode, @@GLOBAL.max_connections;
-- @Select
SELECT ? FROM t WHERE id = ? AND name = ?;
-- @Select
SELECT name COLLATE utf8mb4_bin AS n FROM t ORDER BY name COLLATE utf8mb4_unicode_ci;
-- @Select
SELECT DATABASE(), USER(), CURRENT_USER(), VERSION(), CONNECTION_ID(), LAST_INSERT_ID();
-- @Select
SELECT LEFT(name, 3), RIGHT(name, 2), REPLACE(name, 'a', 'b'), INSERT(name, 1, 2, 'xx'), REPEAT('-', 10), MOD(10, 3), CHAR(77, 121) FROM t;
-- @Select
SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t1 /* comment */ WHERE a > 1 # hash comment
  AND b < 2 -- dash comment
;
-- @Select
SELECT 1 /*! , 2 */;
-- @Select
SELECT straße, número FROM clientes_ñ WHERE ciudad = 'Málaga';
-- @Select
SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY DATA_LENGTH DESC;
-- @Select
SELECT TRIM(LEADING 'x' FROM 'xxxbarxxx'), POSITION('bar' IN 'foobarbar'), SUBSTRING('Quadratically' FROM 5 FOR 6);
-- @Select
SELECT UTC_TIMESTAMP(), CURRENT_TIMESTAMP, CURRENT_DATE(), LOCALTIME;
-- @Select
SELECT COUNT(DISTINCT customer_id), SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM payments WHERE paid_at >= DATE '2024-01-01';
-- @Select
SELECT * FROM (SELECT * FROM t WHERE a > 0) AS d WHERE d.b IN (SELECT b FROM u);
-- @Select
VALUES ROW(1, 2), ROW(3, 4);
-- @Select
SELECT * FROM t1 WHERE id IN (SELECT id FROM t2 MINUS SELECT id FROM t3);
-- @Insert
INSERT INTO tbl_name (a,b,c) VALUES(1,2,3), (4,5,6), (7,8,9);
-- @Insert
INSERT INTO t1 (a,b,c) VALUES (1,2,3) ON DUPLICATE KEY UPDATE c=c+1;
-- @Insert
INSERT INTO t1 (a,b,c) VALUES (1,2,3),(4,5,6) ON DUPLICATE KEY UPDATE c=VALUES(a)+VALUES(b);
-- @Insert
INSERT IGNORE INTO t1 (id, name) SELECT id, name FROM t2 WHERE active = 1;
-- @Insert
INSERT LOW_PRIORITY INTO logs SET level = 'info', message = 'started', created_at = NOW();
-- @Insert
REPLACE INTO test VALUES (1, 'Old', '2014-08-20 18:47:00');
-- @Insert
INSERT INTO t2 (b, c) VALUES ((SELECT a FROM t1 WHERE b='Chip'), 'shoulder'), ((SELECT a FROM t1 WHERE b='Chip'), 'old block');
-- @Insert
INSERT INTO summary (day, total) WITH d AS (SELECT DATE(created) AS day, amount FROM sales) SELECT day, SUM(amount) FROM d GROUP BY day;
-- @Update
UPDATE t1 SET col1 = col1 + 1;
-- @Update
UPDATE t SET id = id + 1 ORDER BY id DESC LIMIT 10;
-- @Update
UPDATE items,month SET items.price=month.price WHERE items.id=month.id;
-- @Update
UPDATE IGNORE orders o JOIN customers c ON c.id = o.customer_id SET o.region = c.region WHERE o.region IS NULL;
-- @Delete
DELETE FROM somelog WHERE user = 'jcole' ORDER BY timestamp_column LIMIT 1;
-- @Delete
DELETE t1, t2 FROM t1 INNER JOIN t2 INNER JOIN t3 WHERE t1.id=t2.id AND t2.id=t3.id;
-- @Delete
DELETE FROM t1, t2 USING t1 INNER JOIN t2 INNER JOIN t3 WHERE t1.id=t2.id AND t2.id=t3.id;
-- @Delete
DELETE LOW_PRIORITY QUICK IGNORE FROM sessions WHERE expires_at < NOW();
-- @Delete
DELETE t1.* FROM t1 LEFT JOIN t2 ON t1.id=t2.id WHERE t2.id IS NULL;
-- @Create
CREATE TABLE `users` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `email` VARCHAR(255) NOT NULL,
  `created_at` DATETIME DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_email` (`email`),
  KEY `idx_created` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
-- @Create
CREATE TABLE IF NOT EXISTS orders_2024 LIKE orders;
-- @Create
CREATE TABLE top_customers AS SELECT customer_id, SUM(amount) AS total FROM payments GROUP BY customer_id ORDER BY total DESC LIMIT 100;
-- @Create
CREATE TABLE bar (m INT) SELECT n FROM foo;
-- @Create
CREATE TEMPORARY TABLE tmp_ids (id INT PRIMARY KEY);
-- @Create
CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`admin`@`localhost` SQL SECURITY INVOKER VIEW v_active AS SELECT * FROM users WHERE active = 1 WITH CASCADED CHECK OPTION;
-- @Create
CREATE UNIQUE INDEX idx_email ON users (email(100)) USING BTREE;
-- @Create
CREATE FULLTEXT INDEX ft_body ON articles (title, body);
-- @Create
CREATE PROCEDURE citycount (IN country CHAR(3), OUT cities INT)
BEGIN
  SELECT COUNT(*) INTO cities FROM world.city
  WHERE CountryCode = country;
END;
-- @Create
CREATE FUNCTION hello (s CHAR(20))
RETURNS CHAR(50) DETERMINISTIC
RETURN CONCAT('Hello, ',s,'!');
-- @Create
CREATE TRIGGER ins_sum BEFORE INSERT ON account
FOR EACH ROW SET @sum = @sum + NEW.amount;
-- @Create
CREATE TRIGGER upd_check BEFORE UPDATE ON account
FOR EACH ROW
BEGIN
  IF NEW.amount < 0 THEN
    SET NEW.amount = 0;
  ELSEIF NEW.amount > 100 THEN
    SET NEW.amount = 100;
  END IF;
END;
-- @Create
CREATE EVENT purge_sessions ON SCHEDULE EVERY 1 HOUR DO DELETE FROM sessions WHERE expires_at < NOW();
-- @Create
CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4;
-- @Create
CREATE USER 'report'@'%' IDENTIFIED BY 'password';
-- @Alter
ALTER TABLE t1 ADD COLUMN c2 INT NOT NULL DEFAULT 0 AFTER c1, ADD INDEX idx_c2 (c2);
-- @Alter
ALTER TABLE t1 MODIFY c1 VARCHAR(100), DROP COLUMN c3, RENAME TO t2;
-- @Alter
RENAME TABLE old_table TO new_table, tmp TO old_table;
-- @Drop
DROP TABLE IF EXISTS t1, t2;
-- @Drop
DROP TEMPORARY TABLE IF EXISTS tmp_ids;
-- @Drop
DROP INDEX idx_email ON users;
-- @Drop
DROP VIEW IF EXISTS v_active;
-- @Truncate
TRUNCATE TABLE sessions;
-- @Grant
GRANT SELECT, INSERT ON shop.* TO 'report'@'%';
-- @Revoke
REVOKE INSERT ON *.* FROM 'jeffrey'@'localhost';
-- @Copy
LOAD DATA INFILE '/tmp/data.csv' INTO TABLE imports FIELDS TERMINATED BY ',' LINES TERMINATED BY '\n' IGNORE 1 LINES;
-- @Call
CALL citycount('JPN', @cities);
-- @Call
DO SLEEP(1);
-- @Set
SET @total = 0;
-- @Set
SET SESSION sql_mode = 'STRICT_ALL_TABLES', autocommit = 0;
-- @Set
SET NAMES utf8mb4;
-- @Transaction
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;
-- @Transaction
START TRANSACTION READ ONLY;
-- @Transaction
BEGIN;
-- @Transaction
ROLLBACK;
-- @Show
SHOW TABLES;
-- @Show
SHOW COLUMNS FROM users;
-- @Show
SHOW CREATE TABLE users;
-- @Show
DESCRIBE users;
-- @Explain
EXPLAIN SELECT * FROM orders WHERE customer_id = 10;
-- @Explain
EXPLAIN FORMAT=JSON SELECT * FROM t1 JOIN t2 ON t1.a = t2.a;
-- @Explain
EXPLAIN ANALYZE SELECT COUNT(*) FROM t WHERE a > 10;
-- @Use
USE shop;
-- @Other
LOCK TABLES t1 READ, t2 WRITE;
-- @Other
UNLOCK TABLES;
-- @Other
OPTIMIZE TABLE orders;
-- @Other
ANALYZE TABLE orders, customers;
-- @Other
FLUSH PRIVILEGES;
"""";
}
