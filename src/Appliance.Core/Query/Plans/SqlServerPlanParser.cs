using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Appliance.Core.Query.Plans;

/// <summary>
/// Reads SQL Server showplan XML (namespace <c>http://schemas.microsoft.com/sqlserver/2004/07/showplan</c>), estimated
/// (<c>SET SHOWPLAN_XML ON</c>) or actual (<c>SET STATISTICS XML ON</c>, with RunTimeInformation).
/// </summary>
public static class SqlServerPlanParser
{
    /// <summary>Children of RelOp that describe it rather than being the operator element.</summary>
    private static readonly HashSet<string> RelOpMetadata = new(StringComparer.Ordinal)
    {
        "OutputList", "Warnings", "MemoryFractions", "RunTimeInformation", "RunTimePartitionSummary", "InternalInfo",
    };

    /// <summary>The plan of the first statement that has one.</summary>
    /// <exception cref="PlanFormatException">The text is not showplan XML, or no statement in it has a plan.</exception>
    public static QueryPlan Parse(string xml)
    {
        var plans = ParseAll(xml);
        return plans.Count > 0 ? plans[0] : throw new PlanFormatException("The showplan XML holds no statement with a query plan.");
    }

    /// <summary>One plan per statement that has one, in batch order.</summary>
    /// <exception cref="PlanFormatException">The text is not showplan XML.</exception>
    public static IReadOnlyList<QueryPlan> ParseAll(string xml)
    {
        var root = Load(xml);
        var ns = root.Name.Namespace;
        try
        {
            var plans = new List<QueryPlan>();
            foreach (var queryPlan in root.Descendants(ns + "QueryPlan").Where(q => !q.Ancestors(ns + "QueryPlan").Any()))
            {
                var relOp = queryPlan.Element(ns + "RelOp") ?? throw new PlanFormatException("A QueryPlan element has no RelOp.");
                var statement = queryPlan.Parent;
                plans.Add(new QueryPlan(PlanEngine.SqlServer, RelOp(relOp, ns, 0))
                {
                    StatementText = statement?.Attribute("StatementText")?.Value,
                    Warnings = queryPlan.Element(ns + "Warnings") is { } warnings ? Warnings(warnings, ns) : [],
                    MissingIndexes = MissingIndexes(queryPlan, ns),
                });
            }

            return plans;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException and not PlanFormatException)
        {
            throw new PlanFormatException("The showplan XML has an unexpected shape: " + e.Message, e);
        }
    }

    private static XElement Load(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw new PlanFormatException("The SQL Server plan is empty.");
        }

        XDocument document;
        try
        {
            // No DTDs and no resolver: a plan pasted by a user must not expand entities or fetch anything.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 1024 };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new PlanFormatException("The SQL Server plan is not readable showplan XML: " + e.Message, e);
        }

        var root = document.Root ?? throw new PlanFormatException("The SQL Server plan has no root element.");
        if (root.Name.LocalName != "ShowPlanXML")
        {
            throw new PlanFormatException($"The SQL Server plan's root element is <{root.Name.LocalName}>, not <ShowPlanXML>; expected showplan XML.");
        }

        return root;
    }

    private static PlanNode RelOp(XElement relOp, XNamespace ns, int depth)
    {
        PlanJson.CheckDepth(depth);
        var physical = Attribute(relOp, "PhysicalOp") ?? throw new PlanFormatException("A RelOp has no PhysicalOp attribute.");
        var logical = Attribute(relOp, "LogicalOp");
        var op = relOp.Elements().FirstOrDefault(e => !RelOpMetadata.Contains(e.Name.LocalName));
        var details = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "NodeId", "EstimateIO", "EstimateCPU", "EstimateRebinds", "EstimateRewinds", "EstimatedExecutionMode", "Parallel" })
        {
            if (Attribute(relOp, name) is { } value && !(name == "Parallel" && value is "0" or "false"))
            {
                details.Add(new(name, value));
            }
        }

        var obj = op?.Elements(ns + "Object").FirstOrDefault();
        string? filter = null;
        string? condition = null;
        string? sortKey = null;
        if (op is not null)
        {
            foreach (var attribute in op.Attributes().Where(a => !a.IsNamespaceDeclaration))
            {
                details.Add(new(attribute.Name.LocalName, attribute.Value));
            }

            var predicate = Scalar(op.Element(ns + "Predicate"), ns);
            switch (op.Name.LocalName)
            {
                case "NestedLoops":
                    condition = predicate;
                    AddColumns(details, "OuterReferences", op.Element(ns + "OuterReferences"), ns);
                    break;
                case "Hash":
                    condition = Scalar(op.Element(ns + "ProbeResidual"), ns) ?? Scalar(op.Element(ns + "BuildResidual"), ns);
                    AddColumns(details, "HashKeysBuild", op.Element(ns + "HashKeysBuild"), ns);
                    AddColumns(details, "HashKeysProbe", op.Element(ns + "HashKeysProbe"), ns);
                    break;
                case "Merge":
                    condition = Scalar(op.Element(ns + "Residual"), ns);
                    AddColumns(details, "InnerSideJoinColumns", op.Element(ns + "InnerSideJoinColumns"), ns);
                    AddColumns(details, "OuterSideJoinColumns", op.Element(ns + "OuterSideJoinColumns"), ns);
                    break;
                default:
                    filter = predicate;
                    condition = SeekPredicates(op.Element(ns + "SeekPredicates"), ns);
                    break;
            }

            if (op.Element(ns + "OrderBy") is { } orderBy)
            {
                sortKey = string.Join(", ", orderBy.Elements(ns + "OrderByColumn").Select(c =>
                    Columns(c, ns) + (Attribute(c, "Ascending") is "false" or "0" ? " DESC" : "")));
            }

            AddColumns(details, "GroupBy", op.Element(ns + "GroupBy"), ns);
        }

        var warnings = relOp.Element(ns + "Warnings") is { } w ? Warnings(w, ns) : [];
        var children = ChildRelOps(op, ns).Select(c => RelOp(c, ns, depth + 1)).ToList();

        var counters = relOp.Element(ns + "RunTimeInformation")?.Elements(ns + "RunTimeCountersPerThread").ToList() ?? [];
        double? actualRows = null, loops = null, rowsRead = null, elapsed = null;
        if (counters.Count > 0)
        {
            var rows = counters.Sum(c => Number(c, "ActualRows") ?? 0);
            loops = counters.Sum(c => Number(c, "ActualExecutions") ?? 0);
            actualRows = loops > 0 ? rows / loops : rows;
            if (counters.Any(c => c.Attribute("ActualRowsRead") is not null))
            {
                var read = counters.Sum(c => Number(c, "ActualRowsRead") ?? 0);
                rowsRead = loops > 0 ? read / loops : read;
            }

            // Row-mode elapsed time includes the operators below; threads run side by side, so the slowest one counts.
            if (counters.Any(c => c.Attribute("ActualElapsedms") is not null))
            {
                var total = counters.Max(c => Number(c, "ActualElapsedms") ?? 0);
                elapsed = loops > 0 ? total / loops : total;
            }

            foreach (var name in new[] { "ActualLogicalReads", "ActualPhysicalReads", "ActualCPUms", "ActualScans" })
            {
                if (counters.Any(c => c.Attribute(name) is not null))
                {
                    details.Add(new(name, counters.Sum(c => Number(c, name) ?? 0).ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        var spilled = warnings.Any(x => x.Code is "SpillToTempDb" or "SortSpillDetails" or "HashSpillDetails" or "ExchangeSpillDetails" or "SpillOccurred");
        return new PlanNode
        {
            Operation = physical,
            LogicalOperation = logical == physical ? null : logical,
            Access = AccessOf(physical),
            Relation = Unbracket(Attribute(obj, "Table")),
            Schema = Unbracket(Attribute(obj, "Schema")),
            Alias = Unbracket(Attribute(obj, "Alias")),
            IndexName = Unbracket(Attribute(obj, "Index")),
            JoinType = logical is not null && (logical.Contains("Join", StringComparison.Ordinal) || logical.Contains("Apply", StringComparison.Ordinal)) ? logical : null,
            TotalCost = Number(relOp, "EstimatedTotalSubtreeCost"),
            EstimatedRows = Number(relOp, "EstimateRows"),
            EstimatedRowsScanned = Number(relOp, "EstimatedRowsRead"),
            TableRows = Number(relOp, "TableCardinality"),
            Width = Number(relOp, "AvgRowSize"),
            ActualRows = actualRows,
            ActualLoops = loops,
            ActualRowsScanned = rowsRead,
            ActualTotalTimeMs = elapsed,
            Filter = filter,
            Condition = condition,
            SortKey = sortKey,
            SpilledToDisk = spilled,
            Warnings = warnings,
            Details = details,
            Children = children,
        };
    }

    /// <summary>The RelOps directly below an operator element: they sit inside it, possibly under wrapper elements.</summary>
    private static IEnumerable<XElement> ChildRelOps(XElement? element, XNamespace ns)
    {
        if (element is null)
        {
            yield break;
        }

        var pending = new Stack<XElement>(element.Elements().Reverse());
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current.Name == ns + "RelOp")
            {
                yield return current;
                continue;
            }

            foreach (var child in current.Elements().Reverse())
            {
                pending.Push(child);
            }
        }
    }

    private static PlanAccess AccessOf(string physical) => physical switch
    {
        "Table Scan" or "Clustered Index Scan" or "Columnstore Index Scan" or "Remote Scan" => PlanAccess.FullTableScan,
        "Index Scan" => PlanAccess.FullIndexScan,
        "Index Seek" or "Clustered Index Seek" or "Remote Index Seek" => PlanAccess.IndexRangeScan,
        "Key Lookup" or "RID Lookup" => PlanAccess.IndexLookup,
        _ => PlanAccess.None,
    };

    private static List<PlanWarning> Warnings(XElement warnings, XNamespace ns)
    {
        var list = new List<PlanWarning>();
        if (Attribute(warnings, "NoJoinPredicate") is "true" or "1")
        {
            list.Add(new("NoJoinPredicate", "No join predicate: every row of one input is paired with every row of the other."));
        }

        if (Attribute(warnings, "UnmatchedIndexes") is "true" or "1")
        {
            list.Add(new("UnmatchedIndexes", "A filtered index could not be used because of parameterization."));
        }

        foreach (var warning in warnings.Elements())
        {
            var name = warning.Name.LocalName;
            list.Add(new(name, name switch
            {
                "SpillToTempDb" => $"Spilled to tempdb (spill level {Attribute(warning, "SpillLevel") ?? "?"}, {Attribute(warning, "SpilledThreadCount") ?? "?"} thread(s)).",
                "SortSpillDetails" or "HashSpillDetails" or "ExchangeSpillDetails" =>
                    $"{(name == "SortSpillDetails" ? "Sort" : name == "HashSpillDetails" ? "Hash" : "Exchange")} wrote {Attribute(warning, "WritesToTempDb") ?? "?"} pages to tempdb and read {Attribute(warning, "ReadsFromTempDb") ?? "?"}"
                    + (Attribute(warning, "GrantedMemoryKb") is { } granted ? $", with {granted} KB of memory granted." : "."),
                "ColumnsWithNoStatistics" => $"No statistics on {Columns(warning, ns)}: row estimates are guesses.",
                "PlanAffectingConvert" => $"The conversion {Attribute(warning, "Expression") ?? "?"} may affect the plan ({Attribute(warning, "ConvertIssue") ?? "?"}).",
                "Wait" => $"Waited {Attribute(warning, "WaitTime") ?? "?"} ms for {Attribute(warning, "WaitType") ?? "?"}.",
                "MemoryGrantWarning" => $"Memory grant {Attribute(warning, "GrantWarningKind") ?? "warning"}: requested {Attribute(warning, "RequestedMemory") ?? "?"} KB, granted {Attribute(warning, "GrantedMemory") ?? "?"} KB, used {Attribute(warning, "MaxUsedMemory") ?? "?"} KB.",
                "SpillOccurred" => "A spill occurred.",
                _ => name + string.Concat(warning.Attributes().Select(a => $" {a.Name.LocalName}={a.Value}")),
            }));
        }

        return list;
    }

    private static List<MissingIndexHint> MissingIndexes(XElement queryPlan, XNamespace ns)
    {
        var hints = new List<MissingIndexHint>();
        foreach (var group in queryPlan.Elements(ns + "MissingIndexes").Elements(ns + "MissingIndexGroup"))
        {
            foreach (var index in group.Elements(ns + "MissingIndex"))
            {
                List<string> Usage(string usage) =>
                    index.Elements(ns + "ColumnGroup").Where(g => Attribute(g, "Usage") == usage)
                        .SelectMany(g => g.Elements(ns + "Column")).Select(c => Unbracket(Attribute(c, "Name")) ?? "?").ToList();

                hints.Add(new MissingIndexHint(
                    Unbracket(Attribute(index, "Database")),
                    Unbracket(Attribute(index, "Schema")),
                    Unbracket(Attribute(index, "Table")) ?? throw new PlanFormatException("A MissingIndex element has no Table attribute."),
                    Number(group, "Impact"),
                    Usage("EQUALITY"),
                    Usage("INEQUALITY"),
                    Usage("INCLUDE")));
            }
        }

        return hints;
    }

    /// <summary>"[o].[customer_id] = [c].[id] AND …": seek keys paired with the values they are compared to.</summary>
    private static string? SeekPredicates(XElement? seek, XNamespace ns)
    {
        if (seek is null)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var range in seek.Descendants().Where(e => e.Name.LocalName is "Prefix" or "StartRange" or "EndRange"))
        {
            var columns = range.Element(ns + "RangeColumns")?.Elements(ns + "ColumnReference").Select(Column).ToList() ?? [];
            var values = range.Element(ns + "RangeExpressions")?.Elements(ns + "ScalarOperator").Select(s => Attribute(s, "ScalarString") ?? "?").ToList() ?? [];
            var comparison = Attribute(range, "ScanType") switch
            {
                "EQ" => "=",
                "LT" => "<",
                "LE" => "<=",
                "GT" => ">",
                "GE" => ">=",
                "NE" => "<>",
                "IS" => "IS",
                "IsNotNull" => "IS NOT NULL",
                { } other => other,
                null => "=",
            };
            for (var i = 0; i < columns.Count; i++)
            {
                parts.Add(columns[i] + " " + comparison + (i < values.Count ? " " + values[i] : ""));
            }
        }

        return parts.Count > 0 ? string.Join(" AND ", parts) : Scalar(seek, ns);
    }

    private static string? Scalar(XElement? holder, XNamespace ns) =>
        holder?.Descendants(ns + "ScalarOperator").FirstOrDefault() is { } scalar ? Attribute(scalar, "ScalarString") : null;

    private static void AddColumns(List<KeyValuePair<string, string>> details, string key, XElement? holder, XNamespace ns)
    {
        if (holder is not null && Columns(holder, ns) is { Length: > 0 } columns)
        {
            details.Add(new(key, columns));
        }
    }

    private static string Columns(XElement holder, XNamespace ns) =>
        string.Join(", ", holder.Descendants(ns + "ColumnReference").Select(Column));

    private static string Column(XElement reference)
    {
        var table = Unbracket(Attribute(reference, "Alias") ?? Attribute(reference, "Table"));
        var column = Unbracket(Attribute(reference, "Column")) ?? "?";
        return table is null ? column : table + "." + column;
    }

    private static string? Attribute(XElement? element, string name) => element?.Attribute(name)?.Value;

    private static double? Number(XElement element, string name)
    {
        if (Attribute(element, name) is not { } text)
        {
            return null;
        }

        return PlanJson.ParseNumber(text) ?? throw new PlanFormatException($"The {name} attribute of <{element.Name.LocalName}> is not a number: \"{PlanJson.Shorten(text)}\".");
    }

    /// <summary>Showplan writes object names delimited: [dbo].[orders].</summary>
    private static string? Unbracket(string? name) =>
        name is { Length: >= 2 } && name[0] == '[' && name[^1] == ']' ? name[1..^1].Replace("]]", "]", StringComparison.Ordinal) : name;
}
