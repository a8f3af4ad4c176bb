namespace Appliance.Infrastructure.Engines;

/// <summary>
/// The SQL Server catalog queries over the documented sys.* catalog views of the connected database, sent as one batch.
/// Each covers every table at once (never per table). Objects shipped by Microsoft and the SSMS diagram table are left out.
/// </summary>
internal static class SqlServerCatalogSql
{
    /// <summary>User tables and views.</summary>
    private const string UserObject =
        "o.is_ms_shipped = 0 AND NOT EXISTS (SELECT 1 FROM sys.extended_properties x WHERE x.class = 1 AND x.major_id = o.object_id " +
        "AND x.minor_id = 0 AND x.name = N'microsoft_database_tools_support')";

    public const string Header = """
        SELECT DB_NAME(),
               CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),
               CAST(SERVERPROPERTY('Edition') AS nvarchar(128)),
               CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128))
        """;

    /// <summary>Schemas, without sys, INFORMATION_SCHEMA, guest and the fixed database-role schemas (ids 16384–16399).</summary>
    public const string Schemas = """
        SELECT s.name, CAST(ep.value AS nvarchar(max))
        FROM sys.schemas s
        LEFT JOIN sys.extended_properties ep ON ep.class = 3 AND ep.major_id = s.schema_id AND ep.minor_id = 0 AND ep.name = N'MS_Description'
        WHERE s.name NOT IN (N'sys', N'INFORMATION_SCHEMA', N'guest') AND s.schema_id < 16384
        """;

    /// <summary>Tables and views with comment (MS_Description), view text and the row count of the heap or clustered index.</summary>
    public const string Objects = $"""
        SELECT s.name, o.name, o.type, CAST(ep.value AS nvarchar(max)), m.definition, p.row_estimate,
               CASE WHEN o.type = 'V' AND EXISTS (SELECT 1 FROM sys.indexes vi WHERE vi.object_id = o.object_id AND vi.index_id = 1) THEN 1 ELSE 0 END
        FROM sys.objects o
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = N'MS_Description'
        LEFT JOIN sys.sql_modules m ON m.object_id = o.object_id
        LEFT JOIN (SELECT object_id, SUM(rows) AS row_estimate FROM sys.partitions WHERE index_id IN (0, 1) GROUP BY object_id) p
               ON p.object_id = o.object_id AND o.type = 'U'
        WHERE o.type IN ('U', 'V') AND {UserObject}
        """;

    /// <summary>Columns; for an alias type, the system type it is based on comes from the second sys.types join.</summary>
    public const string Columns = $"""
        SELECT s.name, o.name, c.column_id, c.name, t.name, bt.name, t.is_user_defined, ts.name,
               c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity,
               dc.definition, cc.definition, cc.is_persisted, c.collation_name, CAST(ep.value AS nvarchar(max))
        FROM sys.columns c
        JOIN sys.objects o ON o.object_id = c.object_id
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        JOIN sys.types t ON t.user_type_id = c.user_type_id
        JOIN sys.schemas ts ON ts.schema_id = t.schema_id
        LEFT JOIN sys.types bt ON bt.user_type_id = t.system_type_id
        LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
        LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
        LEFT JOIN sys.extended_properties ep ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = N'MS_Description'
        WHERE o.type IN ('U', 'V') AND {UserObject}
        """;

    /// <summary>Primary keys and unique constraints, one row per key column.</summary>
    public const string KeyConstraints = $"""
        SELECT s.name, o.name, kc.name, kc.type, ic.key_ordinal, col.name
        FROM sys.key_constraints kc
        JOIN sys.objects o ON o.object_id = kc.parent_object_id
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        JOIN sys.index_columns ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id
        JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
        WHERE ic.key_ordinal > 0 AND {UserObject}
        """;

    /// <summary>Foreign keys, one row per column pair; actions: 0 NO ACTION, 1 CASCADE, 2 SET NULL, 3 SET DEFAULT.</summary>
    public const string ForeignKeys = $"""
        SELECT s.name, o.name, fk.name, fkc.constraint_column_id, pc.name, rs.name, ro.name, rc.name,
               CAST(fk.delete_referential_action AS int), CAST(fk.update_referential_action AS int)
        FROM sys.foreign_keys fk
        JOIN sys.objects o ON o.object_id = fk.parent_object_id
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        JOIN sys.objects ro ON ro.object_id = fk.referenced_object_id
        JOIN sys.schemas rs ON rs.schema_id = ro.schema_id
        JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
        JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
        JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
        WHERE {UserObject}
        """;

    public const string Checks = $"""
        SELECT s.name, o.name, ck.name, ck.definition
        FROM sys.check_constraints ck
        JOIN sys.objects o ON o.object_id = ck.parent_object_id
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        WHERE {UserObject}
        """;

    /// <summary>Indexes of tables (not heaps, not hypothetical), one row per index column.</summary>
    public const string Indexes = $"""
        SELECT s.name, o.name, i.name, i.type_desc, i.is_unique, i.is_primary_key, i.filter_definition,
               ic.key_ordinal, ic.index_column_id, ic.is_descending_key, ic.is_included_column, col.name
        FROM sys.indexes i
        JOIN sys.objects o ON o.object_id = i.object_id
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
        WHERE o.type = 'U' AND i.type > 0 AND i.is_hypothetical = 0 AND {UserObject}
        """;

    /// <summary>Sequences; the sql_variant bounds are cast to decimal(38,0) to read them whatever their type.</summary>
    public const string Sequences = """
        SELECT s.name, sq.name, TYPE_NAME(sq.user_type_id),
               CAST(sq.start_value AS decimal(38, 0)), CAST(sq.increment AS decimal(38, 0)),
               CAST(sq.minimum_value AS decimal(38, 0)), CAST(sq.maximum_value AS decimal(38, 0)), sq.is_cycling
        FROM sys.sequences sq
        JOIN sys.schemas s ON s.schema_id = sq.schema_id
        WHERE sq.is_ms_shipped = 0
        """;

    /// <summary>Alias types (CREATE TYPE … FROM nvarchar(20) NOT NULL): SQL Server's domains.</summary>
    public const string AliasTypes = """
        SELECT s.name, t.name, bt.name, t.max_length, t.precision, t.scale, t.is_nullable, CAST(ep.value AS nvarchar(max))
        FROM sys.types t
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        JOIN sys.types bt ON bt.user_type_id = t.system_type_id
        LEFT JOIN sys.extended_properties ep ON ep.class = 6 AND ep.major_id = t.user_type_id AND ep.minor_id = 0 AND ep.name = N'MS_Description'
        WHERE t.is_user_defined = 1 AND t.is_table_type = 0 AND t.is_assembly_type = 0
        """;

    /// <summary>
    /// Connection test: the version and edition, and whether the login could change anything in the database — sysadmin or
    /// CONTROL SERVER; db_owner, db_datawriter or db_ddladmin; a database-wide write or CREATE permission (effective, so
    /// through roles too); INSERT, UPDATE, DELETE or ALTER on any user table or view; ALTER on any schema. Column-level
    /// grants are not followed. Written against the documented functions; not verified against a live server here.
    /// </summary>
    public const string Probe = """
        SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)),
               CAST(SERVERPROPERTY('Edition') AS nvarchar(128)),
               CASE WHEN IS_SRVROLEMEMBER('sysadmin') = 1 OR HAS_PERMS_BY_NAME(NULL, NULL, 'CONTROL SERVER') = 1
                         OR IS_ROLEMEMBER('db_owner') = 1 OR IS_ROLEMEMBER('db_datawriter') = 1 OR IS_ROLEMEMBER('db_ddladmin') = 1
                         OR EXISTS (SELECT 1 FROM fn_my_permissions(NULL, 'DATABASE') p
                                    WHERE p.permission_name IN ('INSERT', 'UPDATE', 'DELETE', 'ALTER', 'CONTROL', 'CREATE TABLE', 'CREATE VIEW',
                                                                'CREATE PROCEDURE', 'CREATE FUNCTION', 'CREATE SCHEMA', 'ALTER ANY SCHEMA'))
                         OR EXISTS (SELECT 1 FROM sys.objects o
                                    CROSS APPLY (SELECT QUOTENAME(SCHEMA_NAME(o.schema_id)) + '.' + QUOTENAME(o.name) AS name) q
                                    WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0
                                      AND (HAS_PERMS_BY_NAME(q.name, 'OBJECT', 'INSERT') = 1 OR HAS_PERMS_BY_NAME(q.name, 'OBJECT', 'UPDATE') = 1
                                           OR HAS_PERMS_BY_NAME(q.name, 'OBJECT', 'DELETE') = 1 OR HAS_PERMS_BY_NAME(q.name, 'OBJECT', 'ALTER') = 1))
                         OR EXISTS (SELECT 1 FROM sys.schemas s WHERE s.schema_id < 16384 AND HAS_PERMS_BY_NAME(QUOTENAME(s.name), 'SCHEMA', 'ALTER') = 1)
                    THEN 1 ELSE 0 END
        """;
}
