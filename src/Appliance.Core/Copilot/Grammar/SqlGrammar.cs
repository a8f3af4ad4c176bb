using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Grammar;

/// <summary>
/// A GBNF grammar (llama.cpp's grammar format) that admits exactly one read-only SELECT over the given tables and their
/// columns, spelled for the dialect. Decoding under it cannot name a table or column outside the context.
/// </summary>
public static class SqlGrammar
{
    public static string Build(IReadOnlyList<Table> tables, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(tables);
        throw new NotImplementedException("SqlGrammar.Build is not built yet (dialect " + dialect + ").");
    }
}
