namespace Appliance.Infrastructure.Engines;

/// <summary>
/// The PostgreSQL catalog queries. Each reads one kind of object for the whole database (set-based, never per table),
/// straight from pg_catalog with the server's own deparsers (format_type, pg_get_expr, pg_get_indexdef, pg_get_viewdef).
/// All identifiers come back as text; sorting is done by the reader so the result does not depend on collations.
/// </summary>
internal static class PostgresCatalogSql
{
    /// <summary>User schemas: not pg_catalog, pg_toast, pg_temp_*, information_schema, and not created by an extension.</summary>
    private const string UserSchema =
        "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' " +
        "AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')";

    /// <summary>Tables, partitioned tables, views, materialized views and foreign tables of user schemas, not owned by an extension.</summary>
    private const string Relations = $"""
        rel AS (
            SELECT c.oid, c.relkind, c.reltuples, n.nspname::text AS schema_name, c.relname::text AS table_name
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND {UserSchema}
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
        )
        """;

    /// <summary>
    /// Makes format_type, pg_get_expr and pg_get_viewdef qualify every name outside public the same way whatever the
    /// role's own search_path is, so two ingestions by different users give the same text.
    /// </summary>
    public const string SetSearchPath = "SELECT set_config('search_path', 'public', false)";

    public const string Header = """
        SELECT current_database()::text, current_setting('server_version')
        """;

    public const string Schemas = $"""
        SELECT n.nspname::text, d.description
        FROM pg_namespace n
        LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
        WHERE {UserSchema}
        """;

    public const string Tables = $"""
        WITH {Relations}
        SELECT r.schema_name, r.table_name, r.relkind::text,
               CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(r.oid, true) END AS definition,
               d.description,
               CASE WHEN r.relkind IN ('v', 'm') OR r.reltuples < 0 THEN NULL ELSE r.reltuples::bigint END AS row_estimate
        FROM rel r
        LEFT JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
        """;

    /// <summary>
    /// All columns of all relations. For a domain-typed column the modifiers, base type and NOT NULL come from the domain;
    /// the base type of an array is its element type followed by "[]". A default cannot refer to columns, so it is
    /// deparsed without its table (pg_get_expr with a table opens it, which is slow on thousands of tables); only a
    /// generation expression needs the table.
    /// </summary>
    public const string Columns = $"""
        WITH {Relations}
        SELECT r.schema_name, r.table_name, a.attnum::int, a.attname::text,
               format_type(a.atttypid, a.atttypmod) AS data_type,
               CASE WHEN et.oid IS NOT NULL THEN et.typname::text || '[]' ELSE bt.typname::text END AS base_type,
               CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS type_modifier,
               a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS not_null,
               pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END, true) AS default_or_generation,
               a.attidentity::text, a.attgenerated::text,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END AS collation,
               d.description
        FROM rel r
        JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
        """;

    /// <summary>
    /// Primary keys, unique, foreign-key and check constraints, with column lists in key order. A foreign key that a
    /// partitioned referenced table clones onto each of its partitions is read once (the clones share the referencing table).
    /// </summary>
    public const string Constraints = $"""
        WITH {Relations},
        con AS (
            SELECT con.*, r.schema_name, r.table_name
            FROM rel r
            JOIN pg_constraint con ON con.conrelid = r.oid
            WHERE con.contype IN ('p', 'u', 'f', 'c')
              AND NOT (con.contype = 'f' AND EXISTS (
                    SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid))
        ),
        key_columns AS (
            SELECT con.oid, array_agg(a.attname::text ORDER BY k.ord) AS columns
            FROM con
            CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            GROUP BY con.oid
        ),
        referenced_columns AS (
            SELECT con.oid, array_agg(a.attname::text ORDER BY k.ord) AS columns
            FROM con
            CROSS JOIN LATERAL unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
            WHERE con.contype = 'f'
            GROUP BY con.oid
        )
        SELECT con.schema_name, con.table_name, con.conname::text, con.contype::text,
               coalesce(kc.columns, ARRAY[]::text[]) AS columns,
               fn.nspname::text AS referenced_schema, fc.relname::text AS referenced_table,
               coalesce(rc.columns, ARRAY[]::text[]) AS referenced_columns,
               con.confdeltype::text, con.confupdtype::text,
               CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS check_expression
        FROM con
        LEFT JOIN key_columns kc ON kc.oid = con.oid
        LEFT JOIN referenced_columns rc ON rc.oid = con.oid
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        """;

    /// <summary>
    /// Indexes of tables: one row per index with its columns in order (indkey unnested and aggregated back, set-based).
    /// pg_get_indexdef(index, n, true) gives the text of expression columns (attnum 0); plain columns are given by name.
    /// indoption (0-based like indkey) bit 1 is DESC; INCLUDE columns follow the indnkeyatts key columns.
    /// </summary>
    public const string Indexes = $"""
        WITH {Relations},
        idx AS (
            SELECT r.schema_name, r.table_name, i.*
            FROM rel r
            JOIN pg_index i ON i.indrelid = r.oid
            WHERE r.relkind IN ('r', 'p')
        ),
        idx_columns AS (
            SELECT idx.indexrelid,
                   array_agg(CASE WHEN k.attnum = 0 THEN pg_get_indexdef(idx.indexrelid, k.ord::int, true) ELSE a.attname::text END ORDER BY k.ord) AS columns,
                   array_agg(k.attnum = 0 ORDER BY k.ord) AS is_expression,
                   array_agg(coalesce((idx.indoption[k.ord - 1] & 1) = 1, false) ORDER BY k.ord) AS is_descending
            FROM idx
            CROSS JOIN LATERAL unnest(idx.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = idx.indrelid AND a.attnum = k.attnum
            GROUP BY idx.indexrelid
        )
        SELECT idx.schema_name, idx.table_name, ic.relname::text AS index_name, idx.indisunique, idx.indisprimary, am.amname::text,
               pg_get_expr(idx.indpred, idx.indrelid, true) AS filter,
               idx.indnkeyatts::int, c.columns, c.is_expression, c.is_descending
        FROM idx
        JOIN idx_columns c ON c.indexrelid = idx.indexrelid
        JOIN pg_class ic ON ic.oid = idx.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        """;

    public const string Enums = $"""
        SELECT n.nspname::text, t.typname::text,
               ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
               d.description
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
        WHERE t.typtype = 'e' AND {UserSchema}
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
        """;

    public const string Domains = $"""
        SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull,
               pg_get_expr(t.typdefaultbin, 0, true) AS default_value,
               ARRAY(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname, c.oid) AS check_names,
               ARRAY(SELECT pg_get_expr(c.conbin, 0, true) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname, c.oid) AS check_expressions,
               d.description
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
        WHERE t.typtype = 'd' AND {UserSchema}
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
        """;

    /// <summary>Sequences, except the internal ones of identity columns (the column's identity already says it).</summary>
    public const string Sequences = $"""
        SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL) AS data_type,
               s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle,
               (SELECT rn.nspname::text || '.' || rc.relname::text || '.' || a.attname::text
                FROM pg_depend dep
                JOIN pg_class rc ON rc.oid = dep.refobjid
                JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                JOIN pg_attribute a ON a.attrelid = rc.oid AND a.attnum = dep.refobjsubid
                WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
                  AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'a'
                LIMIT 1) AS owned_by
        FROM pg_sequence s
        JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {UserSchema}
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype IN ('e', 'i'))
        """;

    /// <summary>
    /// Connection test: the version, and whether the role could change anything — superuser; CREATEROLE or CREATEDB;
    /// CREATE on the database (new schemas); a write privilege (INSERT, UPDATE, DELETE, TRUNCATE, also on single columns)
    /// on any user table, view or foreign table; CREATE on any user schema; UPDATE on a sequence (setval); or membership in
    /// a predefined role that writes (pg_write_all_data, pg_write_server_files, pg_execute_server_program).
    /// has_*_privilege with a list is true when any one is held, directly or through a role the user belongs to.
    /// </summary>
    public const string Probe = $"""
        SELECT current_setting('server_version'),
               coalesce((SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb FROM pg_roles r WHERE r.rolname = current_user), false)
               OR has_database_privilege(current_database(), 'CREATE')
               OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE c.relkind IN ('r', 'p', 'v', 'f') AND {UserSchema}
                            AND (has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                                 OR has_any_column_privilege(c.oid, 'INSERT, UPDATE')))
               OR EXISTS (SELECT 1 FROM pg_namespace n WHERE {UserSchema} AND has_schema_privilege(n.oid, 'CREATE'))
               OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          -- CASE keeps has_sequence_privilege away from other relations, whatever order the planner picks.
                          WHERE c.relkind = 'S' AND {UserSchema} AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'UPDATE') ELSE false END)
               OR EXISTS (SELECT 1 FROM pg_roles w
                          WHERE w.rolname IN ('pg_write_all_data', 'pg_write_server_files', 'pg_execute_server_program')
                            AND pg_has_role(w.oid, 'MEMBER'))
        """;
}
