using System.Text.RegularExpressions;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.MockData.Checks;

/// <summary>
/// Parses the CHECK constraints of a table (and of the domains its columns use) as the engine reports them, derives
/// what they say about single columns and pairs of columns, reports checks no row can pass, and compiles every check
/// for evaluation against generated rows.
/// </summary>
public static partial class CheckAnalyzer
{
    /// <summary>The "now" of CURRENT_DATE and friends when none is given: the mock-data request's default, so output is reproducible.</summary>
    public static readonly DateTime DefaultReferenceTime = new MockDataRequest().ReferenceTime;

    /// <param name="table">The table whose checks are analysed.</param>
    /// <param name="engine">The engine that reported the check expressions; it decides the dialect they are read in.</param>
    /// <param name="columnDomains">The domain of each column declared with one (see <see cref="DomainsOf"/>); their checks apply to that column, with VALUE standing for it.</param>
    /// <param name="referenceNow">What CURRENT_DATE, CURRENT_TIMESTAMP, now(), getdate() and datetime('now') evaluate to; <see cref="DefaultReferenceTime"/> when null.</param>
    public static CheckAnalysis Analyze(Table table, DatabaseEngine engine, IReadOnlyDictionary<string, DomainType>? columnDomains = null, DateTime? referenceNow = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var dialect = engine.ToSqlDialect();
        var now = referenceNow ?? DefaultReferenceTime;
        var checks = new List<CompiledCheck>();
        var problems = new List<CheckProblem>();
        var facts = new List<ColumnFact>();
        var relations = new List<(ColumnRelation, CheckSource)>();
        var categories = table.Columns.ToDictionary(c => c.Name, c => CategoryOf(columnDomains?.GetValueOrDefault(c.Name)?.BaseType ?? c.BaseType ?? c.DataType), StringComparer.Ordinal);
        ColumnCategory CategoryOfColumn(string column) => categories.GetValueOrDefault(column, ColumnCategory.Text);

        foreach (var check in table.CheckConstraints)
        {
            var name = check.Name is null ? $"CHECK ({check.Expression})" : check.Name;
            var source = new CheckSource(check.Name, check.Expression, $"Check constraint {name} on {table.Name}", name);
            AnalyzeCheck(check, source, null, ColumnResolver(table), dialect, now, CategoryOfColumn, checks, problems, facts, relations);
        }

        foreach (var column in table.Columns)
        {
            if (columnDomains?.GetValueOrDefault(column.Name) is not { } domain)
            {
                continue;
            }

            foreach (var check in domain.CheckConstraints)
            {
                var name = check.Name ?? $"CHECK ({check.Expression})";
                var label = $"{name} (domain {domain.Schema}.{domain.Name})";
                var source = new CheckSource(check.Name, check.Expression, $"Check constraint {name} of domain {domain.Schema}.{domain.Name} on {table.Name}.{column.Name}", label);
                AnalyzeCheck(check, source, column.Name, ValueResolver(column.Name), dialect, now, CategoryOfColumn, checks, problems, facts, relations);
            }
        }

        bool IsNullable(string column) =>
            table.FindColumn(column) is { } c && c.IsNullable && columnDomains?.GetValueOrDefault(column)?.IsNullable != false;

        var merger = new CheckHintMerger(table.Name, dialect, IsNullable);
        var hints = merger.Merge(facts, relations, problems);
        return new CheckAnalysis
        {
            Checks = checks,
            Hints = hints,
            Relations = relations.Select(r => r.Item1).ToList(),
            Problems = problems,
        };
    }

    /// <summary>
    /// The domain of each column of <paramref name="table"/> declared with one of <paramref name="schema"/>'s domains
    /// (its data type names the domain, bare or schema-qualified), for <see cref="Analyze"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, DomainType> DomainsOf(Table table, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var domains = new Dictionary<string, DomainType>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            var type = column.DataType.Replace("\"", "", StringComparison.Ordinal);
            var matches = schema.Domains.Where(d => type == d.Name || type == $"{d.Schema}.{d.Name}").ToList();

            // A bare name resolves like the search path would: the table's schema first, then public.
            var domain = matches.FirstOrDefault(d => type.Contains('.', StringComparison.Ordinal)) ??
                matches.FirstOrDefault(d => d.Schema == table.Schema) ??
                matches.FirstOrDefault(d => d.Schema == "public") ??
                matches.FirstOrDefault();
            if (domain is not null)
            {
                domains[column.Name] = domain;
            }
        }

        return domains;
    }

    private static void AnalyzeCheck(
        CheckConstraint check,
        CheckSource source,
        string? domainColumn,
        Func<SqlObjectName, string?> resolve,
        SqlDialect dialect,
        DateTime now,
        Func<string, ColumnCategory> categoryOf,
        List<CompiledCheck> checks,
        List<CheckProblem> problems,
        List<ColumnFact> facts,
        List<(ColumnRelation, CheckSource)> relations)
    {
        var parsed = SqlParser.ParseExpression(check.Expression, dialect);
        if (!parsed.Succeeded)
        {
            checks.Add(new InterpretedCheck(null)
            {
                Name = check.Name,
                Expression = check.Expression,
                DomainColumn = domainColumn,
                Columns = domainColumn is null ? [] : [domainColumn],
            });
            problems.Add(new CheckProblem(check.Name, check.Expression, $"{source.Subject} is not understood and cannot be evaluated ({parsed.Error}); the database will enforce it.", IsError: false));
            return;
        }

        var expression = parsed.Expression;
        var compiler = new CheckCompiler(dialect, now, resolve);
        var compiled = compiler.Compile(expression);
        var canEvaluate = compiler.Unsupported.Count == 0;
        checks.Add(new InterpretedCheck(canEvaluate ? compiled.Node : null)
        {
            Name = check.Name,
            Expression = check.Expression,
            DomainColumn = domainColumn,
            Columns = domainColumn is not null && !compiler.Columns.Contains(domainColumn) ? [domainColumn, .. compiler.Columns] : [.. compiler.Columns],
        });

        var reader = new CheckFactReader(dialect, now, resolve, categoryOf);
        var checkRelations = new List<ColumnRelation>();
        var conjuncts = reader.Conjuncts(expression).ToList();
        var notRead = conjuncts.Where(c => !reader.TryRead(c, source, facts, checkRelations)).ToList();
        relations.AddRange(checkRelations.Select(r => (r, source)));

        if (!canEvaluate)
        {
            var reasons = string.Join(", ", compiler.Unsupported.Distinct());
            problems.Add(new CheckProblem(check.Name, check.Expression, $"{source.Subject} is not understood and cannot be evaluated ({reasons}); the database will enforce it.", IsError: false));
        }
        else if (compiled.IsConstant && compiled.Node(_ => null) is var constant && (constant.IsError || CheckValues.Truth(constant) == false))
        {
            problems.Add(new CheckProblem(check.Name, check.Expression, $"{source.Subject} can never be satisfied: it is always false.", IsError: true));
        }
        else if (notRead.Count > 0)
        {
            var part = conjuncts.Count > 1 ? $" (the part {SqlFormatter.Format(notRead[0], dialect)})" : "";
            problems.Add(new CheckProblem(check.Name, check.Expression, $"{source.Subject} is not understood{part}; values are still checked against it where possible.", IsError: false));
        }
    }

    /// <summary>Column references of a table check: the table's column of that name, exactly or else ignoring case.</summary>
    private static Func<SqlObjectName, string?> ColumnResolver(Table table)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var loose = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in table.Columns)
        {
            exact.TryAdd(column.Name, column.Name);
            loose.TryAdd(column.Name, column.Name);
        }

        return name => exact.GetValueOrDefault(name.Name.Value) ?? loose.GetValueOrDefault(name.Name.Value);
    }

    /// <summary>Column references of a domain check: VALUE is the column.</summary>
    private static Func<SqlObjectName, string?> ValueResolver(string column) =>
        name => name.Parts.Count == 1 && name.Name.Value.Equals("VALUE", StringComparison.OrdinalIgnoreCase) ? column : null;

    private static ColumnCategory CategoryOf(string type)
    {
        var name = TypeModifiers().Replace(type.ToLowerInvariant(), "").Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return ColumnCategory.Other;
        }

        if (name is "date" || name.Contains("timestamp", StringComparison.Ordinal) || name.Contains("datetime", StringComparison.Ordinal))
        {
            return ColumnCategory.DateTime;
        }

        if (name is "bool" or "boolean" or "bit")
        {
            return ColumnCategory.Boolean;
        }

        var firstWord = name.Split(' ')[0];
        if (firstWord is "int" or "integer" or "int2" or "int4" or "int8" or "smallint" or "bigint" or "tinyint" or "mediumint" or "serial" or "bigserial"
            or "smallserial" or "numeric" or "decimal" or "dec" or "real" or "float" or "float4" or "float8" or "double" or "money" or "smallmoney"
            or "number" or "unsigned" or "signed")
        {
            return ColumnCategory.Numeric;
        }

        if (firstWord.StartsWith("time", StringComparison.Ordinal) || firstWord is "interval" or "uuid" or "uniqueidentifier" or "bytea" or "blob" or "binary"
            or "varbinary" or "json" or "jsonb" or "xml" or "image" or "geometry" or "geography")
        {
            return ColumnCategory.Other;
        }

        return ColumnCategory.Text;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex TypeModifiers();
}

/// <summary>A check compiled to delegates by <see cref="CheckCompiler"/>; without a root it cannot be evaluated and always passes.</summary>
internal sealed class InterpretedCheck(CheckNode? root) : CompiledCheck
{
    public override bool CanEvaluate => root is not null;

    public override bool Evaluate(Func<string, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        if (root is null)
        {
            return true;
        }

        CheckValue result;
        try
        {
            result = root(valueOf);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // A date or number out of range is an error in the database too: the row would be refused.
            return false;
        }

        return !result.IsError && CheckValues.Truth(result) != false;
    }
}
