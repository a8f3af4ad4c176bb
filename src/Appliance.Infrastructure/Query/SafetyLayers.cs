namespace Appliance.Infrastructure.Query;

/// <summary>
/// The layers of safe execution. Production always runs with <see cref="All"/>: the property that selects them is internal
/// and only the tests switch one off, to prove that each layer holds on its own.
/// </summary>
[Flags]
internal enum SafetyLayers
{
    None = 0,

    /// <summary>(a) <see cref="Core.Sql.ReadOnlyPolicy"/> on the parsed statement, before anything is sent.</summary>
    Policy = 1,

    /// <summary>
    /// (b) the database's own read-only transaction, always rolled back, with the text sent so that the server itself
    /// accepts exactly one statement (see each engine for how).
    /// </summary>
    ReadOnlyTransaction = 2,

    /// <summary>(c) statement and lock timeouts set on the server. The appliance's own deadline and the row and byte caps always apply.</summary>
    ServerTimeout = 4,

    All = Policy | ReadOnlyTransaction | ServerTimeout,
}

/// <summary>What one run may use.</summary>
internal sealed record QueryLimits(int StatementTimeoutSeconds, int MaxRows, long MaxBytes);
