using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Core.Schema;
using Microsoft.Extensions.Logging;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>How <see cref="SchemaRetriever.EnsureIndexedAsync"/> found the index.</summary>
/// <param name="Rebuilt">The schema's documents were embedded and written now (new or changed schema, damaged or incomplete index).</param>
public sealed record SchemaIndexStatus(string Collection, int Documents, bool Rebuilt, TimeSpan Elapsed);

/// <summary>The tables ranked for a question and the accepted examples most like it, best first.</summary>
public sealed record RetrievedContext(IReadOnlyList<ScoredTable> Tables, IReadOnlyList<QuestionExample> Examples);

/// <summary>
/// Retrieval over one connection's schema: keeps its documents (<see cref="SchemaDocuments"/>) in the vector index,
/// one collection per connection, embedder and schema version ("{connection}-{embedder}-{hash12}"), rebuilt only when
/// the schema's <see cref="SchemaJson.ContentHash"/> changes (the old collection is then deleted), and ranks tables for
/// a question (<see cref="TableRanker"/>). Glossary terms and accepted examples are added and removed one by one.
/// Thread-safe; one instance serves every connection.
/// </summary>
public sealed partial class SchemaRetriever(IVectorIndex index, IEmbedder embedder, ILogger<SchemaRetriever> logger)
{
    /// <summary>Hits asked of the vector search per question, at least; the ranker aggregates them per table.</summary>
    public const int MinimumHits = 150;

    /// <summary>Accepted examples returned with a question's tables, at most.</summary>
    public const int MaximumExamples = 5;

    private const string KindField = "kind";
    private const string TableField = "table";
    private const string TextField = "text";
    private const string SqlField = "sql";
    private const string ColumnField = "column";
    private const int EmbedBatch = 1024;

    private readonly ConcurrentDictionary<string, ConnectionState> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes sure the schema's documents, glossary and examples are in the index. Cheap when nothing changed: the schema
    /// hash is compared (not recomputed when the same schema instance is passed again) and only changed glossary terms
    /// and examples are written.
    /// </summary>
    public async Task<SchemaIndexStatus> EnsureIndexedAsync(
        string connectionId, DatabaseSchema schema, IReadOnlyList<GlossaryTerm> glossary, IReadOnlyList<QuestionExample> examples,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(glossary);
        ArgumentNullException.ThrowIfNull(examples);
        var started = Stopwatch.GetTimestamp();
        var gate = gates.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            states.TryGetValue(connectionId, out var state);
            var rebuilt = false;
            if (state is null || !ReferenceEquals(state.Schema, schema))
            {
                var hash = SchemaJson.ContentHash(schema);
                if (state is null || state.Hash != hash)
                {
                    var collection = VectorCollectionNames.For(connectionId, embedder.Name, hash);
                    var documents = SchemaDocuments.Build(schema, [], []);
                    rebuilt = await EnsureSchemaDocumentsAsync(collection, documents, cancellationToken);
                    await DeleteOtherVersionsAsync(connectionId, collection, cancellationToken);
                    state = new ConnectionState(schema, hash, collection, new TableRanker(schema), documents.Count, Extras.Empty);
                }
                else
                {
                    state = state with { Schema = schema };
                }
            }

            var wanted = SchemaDocuments.GlossaryDocuments(schema, glossary)
                .Concat(examples.Select(e => SchemaDocuments.ExampleDocument(schema, e)))
                .DistinctBy(d => d.Id)
                .ToList();
            // After a rebuild, or on this process's first call, the extras already in the collection are unknown: write them all.
            var known = rebuilt ? Extras.Empty : state.Extras;
            var extras = await SyncExtrasAsync(state.Collection, known, wanted, replaceAll: state.Extras.IsEmpty || rebuilt, cancellationToken);
            state = state with { Extras = extras };
            states[connectionId] = state;
            return new SchemaIndexStatus(state.Collection, state.SchemaDocuments + extras.Documents.Count, rebuilt, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The <paramref name="k"/> best tables for the question, with the foreign-key neighbours of the best merged in.</summary>
    public async Task<IReadOnlyList<ScoredTable>> RetrieveAsync(string connectionId, string question, int k, CancellationToken cancellationToken = default) =>
        (await RetrieveContextAsync(connectionId, question, k, cancellationToken)).Tables;

    /// <summary>Ranked tables (as <see cref="RetrieveAsync"/>) and the accepted examples closest to the question.</summary>
    public async Task<RetrievedContext> RetrieveContextAsync(string connectionId, string question, int k, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var state = Require(connectionId);
        var vector = await embedder.EmbedAsync(question, cancellationToken);
        IReadOnlyList<VectorHit> found;
        try
        {
            found = await index.SearchAsync(state.Collection, vector, Math.Max(MinimumHits, k * 8), cancellationToken);
        }
        catch (VectorIndexException ex)
        {
            if (ex is not VectorIndexCorruptException && await index.CollectionExistsAsync(state.Collection, cancellationToken))
            {
                throw;
            }

            // Damaged or deleted behind our back: the schema is at hand, so index again and ask once more.
            LogRebuildAfterFailure(logger, state.Collection, ex.Message);
            state = await RebuildAsync(connectionId, state, cancellationToken);
            found = await index.SearchAsync(state.Collection, vector, Math.Max(MinimumHits, k * 8), cancellationToken);
        }

        var hits = new List<RetrievalHit>(found.Count);
        var examples = new List<QuestionExample>();
        foreach (var hit in found)
        {
            if (!Enum.TryParse<RetrievalKind>(hit.Payload.GetValueOrDefault(KindField), out var kind))
            {
                continue;
            }

            // Glossary terms and examples of another day may linger in the collection: only today's count.
            if (kind is RetrievalKind.Glossary or RetrievalKind.Example && !state.Extras.Documents.ContainsKey(hit.Id))
            {
                continue;
            }

            hits.Add(new RetrievalHit(kind, hit.Payload.GetValueOrDefault(TableField), hit.Score)
            {
                Sql = hit.Payload.GetValueOrDefault(SqlField),
                Column = hit.Payload.GetValueOrDefault(ColumnField),
            });
            if (kind == RetrievalKind.Example && examples.Count < MaximumExamples && state.Extras.Documents[hit.Id] is { Sql: { } sql } example)
            {
                examples.Add(new QuestionExample(example.Text, sql));
            }
        }

        return new RetrievedContext(state.Ranker.Rank(question, hits, k), examples);
    }

    /// <summary>Adds an accepted question and its SQL to the connection's examples.</summary>
    public Task AddExampleAsync(string connectionId, QuestionExample example, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(example);
        return ChangeExtrasAsync(connectionId, state =>
        {
            var document = SchemaDocuments.ExampleDocument(state.Schema, example);
            return state.Extras.Documents.ContainsKey(document.Id) ? null : [.. state.Extras.Documents.Values, document];
        }, cancellationToken);
    }

    /// <summary>Removes an example (matched by question and SQL).</summary>
    public Task RemoveExampleAsync(string connectionId, QuestionExample example, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(example);
        var id = SchemaDocuments.ExampleId(example);
        return ChangeExtrasAsync(connectionId, state =>
            state.Extras.Documents.ContainsKey(id) ? [.. state.Extras.Documents.Values.Where(d => d.Id != id)] : null, cancellationToken);
    }

    /// <summary>Deletes every collection of the connection (the connection is gone).</summary>
    public async Task ForgetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        var gate = gates.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            states.TryRemove(connectionId, out _);
            await DeleteOtherVersionsAsync(connectionId, keep: null, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private ConnectionState Require(string connectionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        return states.TryGetValue(connectionId, out var state)
            ? state
            : throw new InvalidOperationException($"The schema of connection {connectionId} is not indexed yet; EnsureIndexedAsync comes first.");
    }

    private async Task ChangeExtrasAsync(
        string connectionId, Func<ConnectionState, IReadOnlyList<RetrievalDocument>?> change, CancellationToken cancellationToken)
    {
        Require(connectionId);
        var gate = gates.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var state = Require(connectionId);
            if (change(state) is { } wanted)
            {
                var extras = await SyncExtrasAsync(state.Collection, state.Extras, wanted, replaceAll: false, cancellationToken);
                states[connectionId] = state with { Extras = extras };
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ConnectionState> RebuildAsync(string connectionId, ConnectionState stale, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var state = states.TryGetValue(connectionId, out var current) ? current : stale;
            await index.DeleteCollectionAsync(state.Collection, cancellationToken);
            var documents = SchemaDocuments.Build(state.Schema, [], []);
            await EnsureSchemaDocumentsAsync(state.Collection, documents, cancellationToken);
            var extras = await SyncExtrasAsync(state.Collection, Extras.Empty, [.. state.Extras.Documents.Values], replaceAll: true, cancellationToken);
            state = state with { Extras = extras, SchemaDocuments = documents.Count };
            states[connectionId] = state;
            return state;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Writes the schema's documents unless the collection already holds them all; true when it wrote them. The last
    /// document is written last, so finding it (its own vector is its nearest) shows an earlier indexing finished.
    /// </summary>
    private async Task<bool> EnsureSchemaDocumentsAsync(string collection, IReadOnlyList<RetrievalDocument> documents, CancellationToken cancellationToken)
    {
        if (await index.CollectionExistsAsync(collection, cancellationToken))
        {
            try
            {
                if (documents.Count == 0 || await ContainsAsync(collection, documents[^1], cancellationToken))
                {
                    return false;
                }

                LogIncomplete(logger, collection);
            }
            catch (VectorIndexCorruptException ex)
            {
                LogCorrupt(logger, collection, ex.Message);
            }

            await index.DeleteCollectionAsync(collection, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        await index.EnsureCollectionAsync(collection, embedder.Dimensions, cancellationToken);
        await index.UpsertAsync(collection, await EmbedAsync(documents, cancellationToken), cancellationToken);
        LogIndexed(logger, collection, documents.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    private async Task<bool> ContainsAsync(string collection, RetrievalDocument document, CancellationToken cancellationToken)
    {
        var vector = await embedder.EmbedAsync(document.Text, cancellationToken);
        // Documents with the same text have the same vector; a few hits leave room for them.
        var hits = await index.SearchAsync(collection, vector, 8, cancellationToken);
        return hits.Any(h => h.Id == document.Id);
    }

    private async Task DeleteOtherVersionsAsync(string connectionId, string? keep, CancellationToken cancellationToken)
    {
        var prefix = VectorCollectionNames.PrefixFor(connectionId, embedder.Name);
        foreach (var name in await index.ListCollectionsAsync(cancellationToken))
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name != keep)
            {
                await index.DeleteCollectionAsync(name, cancellationToken);
                LogDeletedOldVersion(logger, name);
            }
        }
    }

    /// <summary>Writes the wanted glossary and example documents not yet there and deletes the known ones no longer wanted.</summary>
    private async Task<Extras> SyncExtrasAsync(
        string collection, Extras known, IReadOnlyList<RetrievalDocument> wanted, bool replaceAll, CancellationToken cancellationToken)
    {
        var wantedIds = wanted.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var stale = known.Documents.Keys.Where(id => !wantedIds.Contains(id)).ToList();
        var added = replaceAll ? wanted : [.. wanted.Where(d => !known.Documents.ContainsKey(d.Id))];
        if (stale.Count > 0)
        {
            await index.DeleteAsync(collection, stale, cancellationToken);
        }

        if (added.Count > 0)
        {
            await index.UpsertAsync(collection, await EmbedAsync(added, cancellationToken), cancellationToken);
        }

        return new Extras(wanted.ToImmutableDictionary(d => d.Id, StringComparer.Ordinal));
    }

    private async Task<List<VectorPoint>> EmbedAsync(IReadOnlyList<RetrievalDocument> documents, CancellationToken cancellationToken)
    {
        var points = new List<VectorPoint>(documents.Count);
        foreach (var batch in documents.Chunk(EmbedBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var document in batch)
            {
                var vector = await embedder.EmbedAsync(document.Text, cancellationToken);
                points.Add(new VectorPoint(document.Id, vector, Payload(document)));
            }
        }

        return points;
    }

    private static Dictionary<string, string> Payload(RetrievalDocument document)
    {
        var payload = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KindField] = document.Kind.ToString(),
            [TextField] = document.Text,
        };
        if (document.Table is not null)
        {
            payload[TableField] = document.Table;
        }

        if (document.Sql is not null)
        {
            payload[SqlField] = document.Sql;
        }

        if (document.Column is not null)
        {
            payload[ColumnField] = document.Column;
        }

        return payload;
    }

    /// <summary>One connection's indexed schema version and its current glossary and example documents.</summary>
    private sealed record ConnectionState(
        DatabaseSchema Schema, string Hash, string Collection, TableRanker Ranker, int SchemaDocuments, Extras Extras);

    /// <summary>Glossary and example documents by id.</summary>
    private sealed record Extras(ImmutableDictionary<string, RetrievalDocument> Documents)
    {
        public static Extras Empty { get; } = new(ImmutableDictionary.Create<string, RetrievalDocument>(StringComparer.Ordinal));

        public bool IsEmpty => Documents.IsEmpty;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copilot retrieval: indexed {Documents} schema documents into {Collection} in {Milliseconds:F0} ms")]
    private static partial void LogIndexed(ILogger logger, string collection, int documents, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copilot retrieval: the vector collection {Collection} is damaged ({Reason}); indexing again")]
    private static partial void LogCorrupt(ILogger logger, string collection, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copilot retrieval: the vector collection {Collection} is incomplete (an earlier indexing stopped); indexing again")]
    private static partial void LogIncomplete(ILogger logger, string collection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copilot retrieval: searching {Collection} failed ({Reason}); indexing again")]
    private static partial void LogRebuildAfterFailure(ILogger logger, string collection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copilot retrieval: deleted the vector collection {Collection} of an older schema version")]
    private static partial void LogDeletedOldVersion(ILogger logger, string collection);
}
