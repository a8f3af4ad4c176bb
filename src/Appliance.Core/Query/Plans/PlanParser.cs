namespace Appliance.Core.Query.Plans;

/// <summary>Reads the plan text each engine produces into a <see cref="QueryPlan"/>.</summary>
public static class PlanParser
{
    /// <summary>
    /// PostgreSQL <c>EXPLAIN (FORMAT JSON …)</c>, MySQL/MariaDB <c>EXPLAIN FORMAT=JSON</c> / <c>ANALYZE FORMAT=JSON</c>,
    /// SQL Server showplan XML (the first statement that has a plan).
    /// </summary>
    /// <exception cref="PlanFormatException">The text is not such a plan.</exception>
    public static QueryPlan Parse(PlanEngine engine, string text) => engine switch
    {
        PlanEngine.Postgres => PostgresPlanParser.Parse(text),
        PlanEngine.MySql or PlanEngine.MariaDb => MySqlPlanParser.Parse(text, engine),
        PlanEngine.SqlServer => SqlServerPlanParser.Parse(text),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown plan engine."),
    };
}
