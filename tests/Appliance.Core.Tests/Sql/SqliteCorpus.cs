namespace Appliance.Core.Tests.Sql;

/// <summary>SQLite statements, parsed with the PostgreSQL-like rules plus SQLite's own quoting and parameters.</summary>
internal static class SqliteCorpus
{
    public const string Text = """"
-- @Select
SELECT * FROM "users" WHERE [name] = ? AND `email` LIKE ?2;
-- @Select
SELECT id, json_extract(data, '$.name'), data ->> '$.age' FROM docs WHERE id = :id OR id = @id OR id = $id;
-- @Select
SELECT * FROM tracks WHERE name GLOB '*love*' AND milliseconds BETWEEN 200000 AND 300000 ORDER BY name LIMIT 10 OFFSET 5;
-- @Select
SELECT * FROM t LIMIT 5, 10;
-- @Select
WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10) SELECT x FROM cnt;
-- @Select
SELECT name, row_number() OVER (ORDER BY name) FROM artists WHERE name IS NOT NULL;
-- @Select
SELECT typeof(x), x == 1, x <> 2, x || 'y', X'0A0B' FROM t;
-- @Insert
INSERT OR REPLACE INTO settings (key, value) VALUES ('theme', 'dark');
-- @Insert
INSERT INTO vocabulary(word) VALUES('jovial') ON CONFLICT(word) DO UPDATE SET count = count + 1;
-- @Update
UPDATE OR IGNORE inventory SET qty = qty - 1 WHERE sku = 'A1' RETURNING qty;
-- @Delete
DELETE FROM sessions WHERE expires < strftime('%s', 'now');
-- @Create
CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, created DEFAULT CURRENT_TIMESTAMP) STRICT;
-- @Create
CREATE INDEX IF NOT EXISTS idx_notes_created ON notes(created);
-- @Create
CREATE VIEW recent_notes AS SELECT * FROM notes ORDER BY created DESC LIMIT 20;
-- @Create
CREATE TRIGGER notes_touch AFTER UPDATE ON notes BEGIN UPDATE notes SET created = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
-- @Drop
DROP TABLE IF EXISTS notes;
-- @Other
PRAGMA table_info(notes);
-- @Other
VACUUM;
-- @Transaction
BEGIN IMMEDIATE TRANSACTION;
-- @Transaction
END TRANSACTION;
"""";
}
