using System.Text.Json;
using static Appliance.Core.Query.Plans.PlanJson;

namespace Appliance.Core.Query.Plans;

/// <summary>
/// Reads MySQL and MariaDB JSON plans: MySQL 8 <c>EXPLAIN FORMAT=JSON</c> (format version 1, <c>query_block</c>, and
/// version 2, the iterator tree of <c>explain_json_format_version = 2</c> / <c>EXPLAIN ANALYZE FORMAT=JSON</c>) and MariaDB
/// <c>EXPLAIN FORMAT=JSON</c> / <c>ANALYZE FORMAT=JSON</c>. Both list a join as a flat <c>nested_loop</c> in join order;
/// it becomes a left-deep tree of join nodes, as PostgreSQL and SQL Server show joins.
/// </summary>
public static class MySqlPlanParser
{
    private static readonly string[] SubqueryKeys =
    [
        "attached_subqueries", "select_list_subqueries", "optimized_away_subqueries", "having_subqueries",
        "order_by_subqueries", "group_by_subqueries", "update_value_subqueries", "subqueries",
    ];

    private static readonly HashSet<string> TableKeys = Keys(
    [
        "table_name", "access_type", "key", "rows", "rows_examined_per_scan", "filtered", "r_rows", "r_filtered", "r_loops",
        "r_table_time_ms", "r_other_time_ms", "attached_condition", "cost", "cost_info", "materialized_from_subquery",
        "materialized", "used_key_parts", "ref", "using_join_buffer", "rows_produced_per_join", .. SubqueryKeys,
    ]);

    private static readonly HashSet<string> IteratorKeys = Keys(
    [
        "inputs", "access_type", "index_access_type", "join_algorithm", "estimated_rows", "estimated_total_cost",
        "estimated_first_row_cost", "actual_rows", "actual_loops", "actual_first_row_ms", "actual_last_row_ms",
        "table_name", "alias", "schema_name", "index_name", "condition", "join_type", "sort_fields", "query", "operation",
    ]);

    /// <param name="engine"><see cref="PlanEngine.MySql"/> or <see cref="PlanEngine.MariaDb"/>: the engine the plan is marked with.</param>
    /// <exception cref="PlanFormatException">The text is not MySQL/MariaDB JSON plan output.</exception>
    public static QueryPlan Parse(string text, PlanEngine engine = PlanEngine.MySql)
    {
        if (engine is not (PlanEngine.MySql or PlanEngine.MariaDb))
        {
            throw new ArgumentOutOfRangeException(nameof(engine), engine, "MySqlPlanParser reads MySQL and MariaDB plans only.");
        }

        var what = engine == PlanEngine.MariaDb ? "MariaDB" : "MySQL";
        using var document = Load(text, what);
        try
        {
            var top = document.RootElement;
            if (top.ValueKind != JsonValueKind.Object)
            {
                throw new PlanFormatException($"The {what} plan must be a JSON object, not {Describe(top)}.");
            }

            if (Object(top, "query_block") is { } block)
            {
                var root = Block(block, 0).Build();
                return new QueryPlan(engine, root)
                {
                    PlanningTimeMs = Object(top, "query_optimization") is { } optimization ? Number(optimization, "r_total_time_ms") : null,
                    ExecutionTimeMs = Number(block, "r_total_time_ms"),
                };
            }

            if (Property(top, "operation") is not null || Property(top, "inputs") is not null)
            {
                return new QueryPlan(engine, IteratorNode(top, 0).Build()) { StatementText = String(top, "query") };
            }

            throw new PlanFormatException($"The {what} plan has no \"query_block\"; expected the output of EXPLAIN FORMAT=JSON.");
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException and not PlanFormatException)
        {
            throw new PlanFormatException($"The {what} plan has an unexpected shape: " + e.Message, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Format version 1 (MySQL 5.6+) and MariaDB
    // ---------------------------------------------------------------------------------------------------------------
    private static Draft Block(JsonElement block, int depth)
    {
        CheckDepth(depth);
        var parts = Contents(block, depth + 1);
        var subqueries = Subqueries(block, depth + 1);
        if (parts.Count == 0 && subqueries.Count == 0)
        {
            throw new PlanFormatException("A query_block holds no table, join or operation this parser knows.");
        }

        Draft node;
        if (parts.Count == 1 && subqueries.Count == 0)
        {
            node = parts[0];
        }
        else
        {
            var id = String(block, "select_id");
            node = new Draft { Operation = id is null ? "Query block" : "Select #" + id };
            node.Children.AddRange(parts);
            node.Children.AddRange(subqueries);
        }

        if (String(block, "having_condition") is { } having)
        {
            node.Details.Add(new("having_condition", having));
        }

        if (String(block, "message") is { } message && parts.Count > 0)
        {
            node.Details.Add(new("message", message));
        }

        // The block's own totals belong to its top node when that node has none of its own.
        if (node.TotalCost is null)
        {
            node.TotalCost = Object(block, "cost_info") is { } costInfo ? Number(costInfo, "query_cost") : Number(block, "cost");
        }

        if (node.ActualTotalTimeMs is null && Number(block, "r_total_time_ms") is { } time)
        {
            var loops = Number(block, "r_loops") ?? 1;
            node.ActualLoops ??= loops;
            node.ActualTotalTimeMs = loops > 0 ? time / loops : time;
        }

        return node;
    }

    /// <summary>The operations an object holds (normally exactly one): a table, a join, a sort, a grouping…</summary>
    private static List<Draft> Contents(JsonElement obj, int depth)
    {
        CheckDepth(depth);
        var parts = new List<Draft>();
        foreach (var property in obj.EnumerateObject())
        {
            var value = property.Value;
            Draft? part = property.Name switch
            {
                "query_block" => Block(Expect(value, property.Name), depth + 1),
                "table" => Table(Expect(value, property.Name), depth + 1),
                "nested_loop" => NestedLoop(value, depth + 1),
                "union_result" => Union(Expect(value, property.Name), depth + 1),
                "ordering_operation" => Ordering(Expect(value, property.Name), depth + 1),
                "grouping_operation" => Wrapper(Expect(value, property.Name), "Group", depth + 1),
                "duplicates_removal" when value.ValueKind == JsonValueKind.Array => NestedLoop(value, depth + 1),
                "duplicates_removal" => Wrapper(Expect(value, property.Name), "Distinct", depth + 1),
                "windowing" => Wrapper(Expect(value, property.Name), "Window", depth + 1),
                "window_functions_computation" => Wrapper(Expect(value, property.Name), "Window functions", depth + 1),
                "filesort" => Filesort(Expect(value, property.Name), depth + 1),
                "temporary_table" => Wrapper(Expect(value, property.Name), "Temporary table", depth + 1),
                "read_sorted_file" => ReadSortedFile(Expect(value, property.Name), depth + 1),
                "block-nl-join" or "range-checked-for-each-record" => Single(Contents(Expect(value, property.Name), depth + 1)),
                "sorts" => Single(value.EnumerateArray().SelectMany(s => Contents(Expect(s, "sorts"), depth + 1)).ToList()),
                _ => null,
            };
            if (part is not null)
            {
                parts.Add(part);
            }
        }

        if (parts.Count == 0 && String(obj, "message") is { } message)
        {
            parts.Add(new Draft { Operation = message });
        }

        return parts;
    }

    private static Draft Single(List<Draft> parts) => parts.Count switch
    {
        0 => throw new PlanFormatException("An operation of the plan holds no table or join."),
        1 => parts[0],
        _ => new Draft { Operation = "Query block", Children = parts },
    };

    private static JsonElement Expect(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value : throw new PlanFormatException($"\"{name}\" must be an object, not {Describe(value)}.");

    private static Draft Table(JsonElement table, int depth)
    {
        CheckDepth(depth);
        var access = String(table, "access_type");
        var scanned = Number(table, "rows_examined_per_scan") ?? Number(table, "rows");
        var filtered = Number(table, "filtered");
        var actualScanned = Number(table, "r_rows");
        var actualFiltered = Number(table, "r_filtered");
        var loops = Number(table, "r_loops");
        var time = Sum(Number(table, "r_table_time_ms"), Number(table, "r_other_time_ms"));
        double? cost = Number(table, "cost");
        if (Object(table, "cost_info") is { } costInfo)
        {
            cost = Sum(Number(costInfo, "read_cost"), Number(costInfo, "eval_cost")) ?? Number(costInfo, "prefix_cost");
        }

        var node = new Draft
        {
            Operation = AccessName(access),
            Access = AccessKind(access),
            Relation = String(table, "table_name"),
            IndexName = String(table, "key"),
            Filter = String(table, "attached_condition"),
            Condition = KeyCondition(table),
            TotalCost = cost,
            EstimatedRowsScanned = scanned,
            EstimatedRows = scanned is { } s && filtered is { } f ? s * f / 100 : scanned,
            ActualRowsScanned = actualScanned,
            ActualRows = actualScanned is { } a ? a * (actualFiltered ?? 100) / 100 : null,
            ActualLoops = loops,
            ActualTotalTimeMs = time is { } t && loops is > 0 ? t / loops : time,
            PrefixCost = Object(table, "cost_info") is { } info ? Number(info, "prefix_cost") : null,
            RowsProducedPerJoin = Number(table, "rows_produced_per_join"),
            JoinBuffer = String(table, "using_join_buffer"),
        };
        node.Details.AddRange(Leftovers(table, TableKeys, SkipFalse));
        if (Object(table, "cost_info") is { } details)
        {
            node.Details.AddRange(Leftovers(details, Keys([])));
        }

        foreach (var key in new[] { "materialized_from_subquery", "materialized" })
        {
            if (Object(table, key) is { } materialized)
            {
                var child = Object(materialized, "query_block") is { } inner ? Block(inner, depth + 1) : Single(Contents(materialized, depth + 1));
                child.Details.AddRange(Leftovers(materialized, Keys(["query_block"])));
                node.Children.Add(child);
                node.Time(child);
            }
        }

        node.Children.AddRange(Subqueries(table, depth + 1));
        return node;
    }

    /// <summary>"customer_id = plans.c.id": the used key parts paired with what they are compared to.</summary>
    private static string? KeyCondition(JsonElement table)
    {
        var parts = Array(table, "used_key_parts").Select(Text).ToList();
        var refs = Array(table, "ref").Select(Text).ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        if (refs.Count == 0)
        {
            return string.Join(", ", parts);
        }

        return string.Join(" AND ", parts.Select((p, i) => i < refs.Count ? p + " = " + refs[i] : p));
    }

    private static string AccessName(string? access) => access switch
    {
        null => "Table",
        "ALL" => "Full table scan (ALL)",
        "index" => "Full index scan (index)",
        "range" => "Index range scan (range)",
        "ref" => "Index lookup (ref)",
        "eq_ref" => "Unique index lookup (eq_ref)",
        "const" => "Constant row (const)",
        "system" => "System row (system)",
        "ref_or_null" => "Index lookup with NULL (ref_or_null)",
        "index_merge" => "Index merge (index_merge)",
        "fulltext" => "Full-text search (fulltext)",
        "unique_subquery" or "index_subquery" => "Subquery lookup (" + access + ")",
        "hash_ALL" => "Hash table scan (hash_ALL)",
        _ => access + " access",
    };

    private static PlanAccess AccessKind(string? access) => access switch
    {
        "ALL" or "hash_ALL" => PlanAccess.FullTableScan,
        "index" or "hash_index" => PlanAccess.FullIndexScan,
        "range" or "index_merge" or "hash_range" => PlanAccess.IndexRangeScan,
        "ref" or "eq_ref" or "const" or "system" or "ref_or_null" or "fulltext" or "unique_subquery" or "index_subquery" or "hash_ref" => PlanAccess.IndexLookup,
        _ => PlanAccess.None,
    };

    private static Draft NestedLoop(JsonElement entries, int depth)
    {
        CheckDepth(depth);
        if (entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
        {
            throw new PlanFormatException($"\"nested_loop\" must be a non-empty array, not {Describe(entries)}.");
        }

        Draft? joined = null;
        foreach (var entry in entries.EnumerateArray())
        {
            var inner = Single(Contents(Expect(entry, "nested_loop"), depth + 1));
            var buffer = Object(entry, "block-nl-join") ?? Object(entry, "range-checked-for-each-record");
            joined = joined is null ? inner : Join(joined, inner, buffer, Object(entry, "range-checked-for-each-record") is not null);
        }

        return joined!;
    }

    private static Draft Join(Draft outer, Draft inner, JsonElement? buffer, bool rangeChecked)
    {
        var algorithm = buffer is { } b ? String(b, "join_type") : null;
        var name = (rangeChecked, algorithm, inner.JoinBuffer) switch
        {
            (true, _, _) => "Nested Loop (range checked for each record)",
            (_, "BNL", _) => "Block Nested Loop",
            (_, "BNLH", _) => "Hash Join (BNLH)",
            (_, "BKA", _) => "Batched Key Access",
            (_, "BKAH", _) => "Hash Join (BKAH)",
            (_, _, "hash join") => "Hash Join",
            (_, _, "Block Nested Loop") => "Block Nested Loop",
            (_, _, { } other) => other,
            _ => "Nested Loop",
        };
        var join = new Draft
        {
            Operation = name,
            Condition = buffer is { } c ? String(c, "attached_condition") : null,
            Children = [outer, inner],
        };
        if (buffer is { } details)
        {
            join.Details.AddRange(Leftovers(details, Keys(["table", "attached_condition"])));
        }

        // MySQL: the inner table's prefix cost and rows are those of the join so far.
        join.TotalCost = inner.PrefixCost ?? Sum(outer.TotalCost, inner.TotalCost);
        join.EstimatedRows = inner.RowsProducedPerJoin ?? (outer.EstimatedRows * inner.EstimatedRows);

        // MariaDB ANALYZE: a table probed once per outer row reports its rows per probe; a join buffer hides that.
        if (buffer is null && inner.ActualRows is { } rows && inner.ActualLoops is { } loops)
        {
            join.ActualRows = rows * loops;
            join.ActualLoops = 1;
        }

        if (outer.InclusiveTime is not null || inner.InclusiveTime is not null)
        {
            var own = buffer is { } t ? Sum(Number(t, "r_unpack_time_ms"), Number(t, "r_other_time_ms")) ?? 0 : 0;
            join.ActualLoops ??= 1;
            join.ActualTotalTimeMs = (outer.InclusiveTime ?? 0) + (inner.InclusiveTime ?? 0) + own;
        }

        return join;
    }

    private static Draft Union(JsonElement union, int depth)
    {
        var node = new Draft
        {
            Operation = Bool(union, "using_temporary_table") == false ? "Union All" : "Union",
            Relation = String(union, "table_name"),
        };
        foreach (var specification in Array(union, "query_specifications"))
        {
            node.Children.Add(Object(specification, "query_block") is { } block ? Block(block, depth + 1) : Single(Contents(Expect(specification, "query_specifications"), depth + 1)));
        }

        node.Details.AddRange(Leftovers(union, Keys(["table_name", "query_specifications", "using_temporary_table"]), SkipFalse));
        if (Object(union, "cost_info") is { } costInfo)
        {
            node.TotalCost = Number(costInfo, "query_cost");
        }

        node.TotalCost ??= node.Children.All(c => c.TotalCost is not null) ? node.Children.Sum(c => c.TotalCost) : null;
        foreach (var child in node.Children)
        {
            node.Time(child);
        }

        return node;
    }

    /// <summary>MySQL ORDER BY: a real sort only when it says filesort; otherwise rows already come in index order.</summary>
    private static Draft Ordering(JsonElement ordering, int depth)
    {
        var content = Single(Contents(ordering, depth + 1));
        var subqueries = Subqueries(ordering, depth + 1);
        if (Bool(ordering, "using_temporary_table") == true)
        {
            content = Wrap("Temporary table", content);
        }

        if (Bool(ordering, "using_filesort") != true)
        {
            content.Details.Add(new("ordering", "rows read in index order, no sort"));
            return Attach(content, subqueries);
        }

        var sort = Wrap("Sort (filesort)", content);
        if (Object(ordering, "cost_info") is { } costInfo && Number(costInfo, "sort_cost") is { } sortCost)
        {
            sort.TotalCost = (content.TotalCost ?? 0) + sortCost;
        }

        return Attach(sort, subqueries);
    }

    /// <summary>A grouping, distinct, window or temporary-table step over the content it holds.</summary>
    private static Draft Wrapper(JsonElement obj, string operation, int depth)
    {
        var content = Single(Contents(obj, depth + 1));
        var subqueries = Subqueries(obj, depth + 1);
        if (Bool(obj, "using_filesort") == true)
        {
            content = Wrap("Sort (filesort)", content);
        }

        if (Bool(obj, "using_temporary_table") == true)
        {
            operation += " (temporary table)";
        }

        var node = Wrap(operation, content);
        if (Object(obj, "cost_info") is { } costInfo && Sum(Number(costInfo, "sort_cost"), Number(costInfo, "query_cost")) is { } cost)
        {
            node.TotalCost = (content.TotalCost ?? 0) + cost;
        }

        node.Details.AddRange(Leftovers(obj, Keys(["using_filesort", "using_temporary_table", "cost_info", .. SubqueryKeys]), SkipFalse));
        return Attach(node, subqueries);
    }

    /// <summary>MariaDB filesort; ANALYZE tells whether it merged sorted runs from temporary files (sort passes).</summary>
    private static Draft Filesort(JsonElement filesort, int depth)
    {
        var content = Single(Contents(filesort, depth + 1));
        var loops = Number(filesort, "r_loops");
        var time = Number(filesort, "r_total_time_ms");
        var output = Number(filesort, "r_output_rows");
        var passes = Number(filesort, "r_sort_passes");
        var node = Wrap("Sort (filesort)", content);
        node.SortKey = String(filesort, "sort_key");
        node.SortMethod = Bool(filesort, "r_used_priority_queue") == true ? "priority queue" : String(filesort, "r_sort_mode");
        node.SpilledToDisk = passes > 0;
        node.ActualLoops = loops;
        node.ActualRows = output is { } o && loops is > 0 ? o / loops : output;
        node.ActualTotalTimeMs = time is { } t && loops is > 0 ? t / loops : time;
        node.EstimatedRows = content.EstimatedRows;
        node.Details.AddRange(Leftovers(filesort, Keys(["sort_key", "r_loops", "r_total_time_ms", "r_output_rows", "r_sort_mode"])));
        return node;
    }

    private static Draft ReadSortedFile(JsonElement read, int depth)
    {
        var sort = Single(Contents(read, depth + 1));
        if (sort.ActualRows is null && Number(read, "r_rows") is { } rows)
        {
            sort.ActualRows = rows;
            sort.ActualLoops ??= 1;
        }

        return sort;
    }

    private static List<Draft> Subqueries(JsonElement obj, int depth)
    {
        var subqueries = new List<Draft>();
        foreach (var key in SubqueryKeys)
        {
            foreach (var item in Array(obj, key))
            {
                var subquery = Expect(item, key);
                var cache = Object(subquery, "expression_cache");
                var holder = cache ?? subquery;
                var block = Object(holder, "query_block") ?? throw new PlanFormatException($"An entry of \"{key}\" has no \"query_block\".");
                var inner = Block(block, depth + 1);
                var id = String(block, "select_id");
                var node = Wrap("Subquery" + (id is null ? "" : " #" + id) + (cache is null ? "" : " (expression cache)"), inner);
                node.Details.AddRange(Leftovers(subquery, Keys(["query_block", "expression_cache"])));
                if (cache is { } c)
                {
                    node.Details.AddRange(Leftovers(c, Keys(["query_block"])));
                }

                subqueries.Add(node);
            }
        }

        return subqueries;
    }

    /// <summary>Subqueries hang under the step that evaluates them; a join keeps exactly its two inputs.</summary>
    private static Draft Attach(Draft node, List<Draft> subqueries)
    {
        if (subqueries.Count == 0)
        {
            return node;
        }

        if (node.Children.Count >= 2)
        {
            node = Wrap("Query block", node);
        }

        node.Children.AddRange(subqueries);
        return node;
    }

    private static Draft Wrap(string operation, Draft child)
    {
        var node = new Draft { Operation = operation, Children = [child], TotalCost = child.TotalCost, EstimatedRows = child.EstimatedRows };
        node.Time(child);
        return node;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Format version 2 (MySQL 8.3+): a tree of iterators with "inputs"
    // ---------------------------------------------------------------------------------------------------------------
    private static Draft IteratorNode(JsonElement node, int depth)
    {
        CheckDepth(depth);
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new PlanFormatException($"A MySQL plan node must be an object, not {Describe(node)}.");
        }

        var operation = String(node, "operation");
        var access = String(node, "access_type");
        var indexAccess = String(node, "index_access_type");
        var (name, kind) = (access, indexAccess) switch
        {
            ("table", _) => ("Table scan", PlanAccess.FullTableScan),
            ("index", "index_scan") => ("Index scan", PlanAccess.FullIndexScan),
            ("index", "index_range_scan") => ("Index range scan", PlanAccess.IndexRangeScan),
            ("index", "index_lookup" or "unique_index_lookup" or "index_lookup_or_null") => ("Index lookup", PlanAccess.IndexLookup),
            ("index", _) => ("Index access", PlanAccess.IndexRangeScan),
            ("join", _) => (String(node, "join_algorithm") switch
            {
                "hash" => "Hash Join",
                "nested_loop" => "Nested Loop",
                { } other => other + " join",
                null => "Join",
            }, PlanAccess.None),
            ("sort", _) => ("Sort", PlanAccess.None),
            ("aggregate", _) => ("Aggregate", PlanAccess.None),
            ("filter", _) => ("Filter", PlanAccess.None),
            ("limit", _) => ("Limit", PlanAccess.None),
            ("materialize", _) => ("Materialize", PlanAccess.None),
            _ => (ShortOperation(operation) ?? access ?? "Operation", PlanAccess.None),
        };

        var draft = new Draft
        {
            Operation = name,
            Access = kind,
            Relation = String(node, "table_name"),
            Schema = String(node, "schema_name"),
            Alias = String(node, "alias"),
            IndexName = String(node, "index_name"),
            JoinType = String(node, "join_type"),
            TotalCost = Number(node, "estimated_total_cost"),
            StartupCost = Number(node, "estimated_first_row_cost"),
            EstimatedRows = Number(node, "estimated_rows"),
            ActualRows = Number(node, "actual_rows"),
            ActualLoops = Number(node, "actual_loops"),
            ActualStartupTimeMs = Number(node, "actual_first_row_ms"),
            ActualTotalTimeMs = Number(node, "actual_last_row_ms"),
            SortKey = String(node, "sort_fields"),
        };
        var condition = String(node, "condition");
        if (access == "filter")
        {
            draft.Filter = condition;
        }
        else
        {
            draft.Condition = condition ?? String(node, "hash_condition") ?? String(node, "lookup_condition");
        }

        if (operation is not null)
        {
            draft.Details.Add(new("operation", operation));
        }

        draft.Details.AddRange(Leftovers(node, IteratorKeys, SkipFalse));
        foreach (var input in Array(node, "inputs"))
        {
            draft.Children.Add(IteratorNode(input, depth + 1));
        }

        // The root of a version 2 plan may be a bare holder of "inputs" around the real top operator.
        if (operation is null && access is null && draft.Children.Count == 1)
        {
            return draft.Children[0];
        }

        // Version 2 puts a WHERE condition in a Filter iterator above the scan; PostgreSQL and MariaDB put it on the
        // scan, with rows read and rows kept. One shape for all engines keeps the analyzer's rules engine-neutral.
        if (access == "filter" && draft.Children is [{ Access: not PlanAccess.None, Filter: null, Children.Count: 0 } scan])
        {
            scan.Filter = draft.Filter;
            scan.EstimatedRowsScanned = scan.EstimatedRows;
            scan.EstimatedRows = draft.EstimatedRows;
            scan.ActualRowsScanned = scan.ActualRows;
            scan.ActualRows = draft.ActualRows;
            scan.ActualTotalTimeMs = draft.ActualTotalTimeMs ?? scan.ActualTotalTimeMs;
            scan.TotalCost = draft.TotalCost ?? scan.TotalCost;
            scan.Details.InsertRange(0, draft.Details);
            return scan;
        }

        return draft;
    }

    private static string? ShortOperation(string? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var cut = operation.IndexOfAny([':', '(']);
        var name = (cut > 0 ? operation[..cut] : operation).Trim();
        var on = name.IndexOf(" on ", StringComparison.Ordinal);
        return on > 0 ? name[..on] : name;
    }

    private static HashSet<string> Keys(IEnumerable<string> keys) => new(keys, StringComparer.Ordinal);

    private static double? Sum(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static bool SkipFalse(string name, JsonElement value) => value.ValueKind == JsonValueKind.False;

    /// <summary>A node under construction: JSON plans need a few values fixed up after the children are read.</summary>
    private sealed class Draft
    {
        public required string Operation { get; set; }

        public PlanAccess Access { get; set; }

        public string? Relation { get; set; }

        public string? Schema { get; set; }

        public string? Alias { get; set; }

        public string? IndexName { get; set; }

        public string? JoinType { get; set; }

        public string? Filter { get; set; }

        public string? Condition { get; set; }

        public string? SortKey { get; set; }

        public string? SortMethod { get; set; }

        public bool SpilledToDisk { get; set; }

        public double? StartupCost { get; set; }

        public double? TotalCost { get; set; }

        public double? EstimatedRows { get; set; }

        public double? EstimatedRowsScanned { get; set; }

        public double? ActualRows { get; set; }

        public double? ActualRowsScanned { get; set; }

        public double? ActualLoops { get; set; }

        public double? ActualStartupTimeMs { get; set; }

        public double? ActualTotalTimeMs { get; set; }

        /// <summary>MySQL cost of the join up to and including this table.</summary>
        public double? PrefixCost { get; init; }

        /// <summary>MySQL rows of the join up to and including this table.</summary>
        public double? RowsProducedPerJoin { get; init; }

        /// <summary>MySQL using_join_buffer: how this table is joined to the tables before it.</summary>
        public string? JoinBuffer { get; init; }

        public List<KeyValuePair<string, string>> Details { get; } = [];

        public List<Draft> Children { get; init; } = [];

        public double? InclusiveTime => ActualTotalTimeMs is { } t ? t * (ActualLoops ?? 1) : null;

        /// <summary>A step that reports no time of its own takes the time of the steps below it.</summary>
        public void Time(Draft child)
        {
            if (child.InclusiveTime is not { } time)
            {
                return;
            }

            var loops = ActualLoops ??= 1;
            ActualTotalTimeMs = (((ActualTotalTimeMs ?? 0) * loops) + time) / (loops > 0 ? loops : 1);
        }

        public PlanNode Build() => new()
        {
            Operation = Operation,
            Access = Access,
            Relation = Relation,
            Schema = Schema,
            Alias = Alias,
            IndexName = IndexName,
            JoinType = JoinType,
            Filter = Filter,
            Condition = Condition,
            SortKey = SortKey,
            SortMethod = SortMethod,
            SpilledToDisk = SpilledToDisk,
            StartupCost = StartupCost,
            TotalCost = TotalCost,
            EstimatedRows = EstimatedRows,
            EstimatedRowsScanned = EstimatedRowsScanned,
            ActualRows = ActualRows,
            ActualRowsScanned = ActualRowsScanned,
            ActualLoops = ActualLoops,
            ActualStartupTimeMs = ActualStartupTimeMs,
            ActualTotalTimeMs = ActualTotalTimeMs,
            Details = Details,
            Children = Children.Select(c => c.Build()).ToList(),
        };
    }
}
