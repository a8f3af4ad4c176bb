// Benchmarks of the appliance, each printed next to a reference measured in the same run:
//
//   ./bench.sh                 # all of them (starts a private PostgreSQL for the references)
//   ./bench.sh ingestion       # schema ingestion vs pg_dump --schema-only
//   ./bench.sh mock            # mock data to CSV and into PostgreSQL by COPY vs generate_series; peak memory for 10 M rows
//   ./bench.sh erd-browser     # navigation to a usable 1,000-table ERD in headless Chromium vs the schema list page
//   ./bench.sh sql             # SQL parse + bind + lint throughput, explain + optimize latency vs PostgreSQL's EXPLAIN
//   ./bench.sh copilot         # retrieval on 5,000 tables, rule engine latency and accuracy, tiny model vs LLamaSharp's raw executor
//   ./bench.sh erd             # ERD layout and SVG of 100 / 1,000 / 5,000 tables, diff of two 5,000-table versions, vs reading the schema JSON
//
// Exit code 0 when every target is met, 1 when one is not, 2 on a usage or setup error.

using Appliance.Benchmarks;

var which = args.FirstOrDefault()?.ToLowerInvariant() ?? "all";
var benchmarks = new Dictionary<string, Func<Task<int>>>
{
    ["ingestion"] = IngestionBenchmark.RunAsync,
    ["sql"] = SqlBenchmark.RunAsync,
    ["mock"] = MockDataBenchmark.RunAsync,
    ["erd-browser"] = ErdBrowserBenchmark.RunAsync,
    ["erd"] = ErdBenchmark.RunAsync,
    ["copilot"] = CopilotBenchmark.RunAsync,
};

if (which != "all" && !benchmarks.ContainsKey(which))
{
    Console.Error.WriteLine($"usage: Appliance.Benchmarks [all|{string.Join('|', benchmarks.Keys)}]");
    return 2;
}

var exit = 0;
foreach (var (name, run) in benchmarks)
{
    if (which != "all" && which != name)
    {
        continue;
    }

    Console.WriteLine($"== {name}");
    exit = Math.Max(exit, await run());
    Console.WriteLine();
}

return exit;
