using Appliance.Core.Schema.Erd;
using Appliance.Infrastructure.Schema;

namespace Appliance.Infrastructure.Tests.Schema;

public sealed class ErdPositionStoreTests
{
    [Fact]
    public async Task Positions_are_saved_moved_kept_and_reset_per_workspace_and_connection()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        var shop = await world.AddSqliteAsync("shop", "CREATE TABLE t (id INTEGER);");
        var other = await world.AddSqliteAsync("other", "CREATE TABLE t (id INTEGER);");
        Task Save(Guid connection, Dictionary<string, ErdPoint> positions) =>
            world.WithAsync<ErdPositionStore>(store => store.SaveAsync(world.WorkspaceId, connection, positions, HistoryTestWorld.Token));
        Task<IReadOnlyDictionary<string, ErdPoint>> Get(Guid workspace, Guid connection) =>
            world.WithAsync<ErdPositionStore, IReadOnlyDictionary<string, ErdPoint>>(store => store.GetAsync(workspace, connection, HistoryTestWorld.Token));

        await Save(shop.Id, new() { ["public.customers"] = new(10, 20), ["public.orders"] = new(300.5, -40.25) });
        await Save(shop.Id, new() { ["public.orders"] = new(310, 45), ["sales.\"odd\" name"] = new(0, 0) });
        await Save(other.Id, new() { ["public.customers"] = new(1, 1) });

        var saved = await Get(world.WorkspaceId, shop.Id);
        Assert.Equal(3, saved.Count);
        Assert.Equal(new ErdPoint(10, 20), saved["public.customers"]);       // untouched by the second save
        Assert.Equal(new ErdPoint(310, 45), saved["public.orders"]);          // moved
        Assert.Equal(new ErdPoint(0, 0), saved["sales.\"odd\" name"]);
        Assert.Empty(await Get(Guid.NewGuid(), shop.Id));                     // another workspace sees nothing

        Assert.Equal(3, await world.WithAsync<ErdPositionStore, int>(store => store.ResetAsync(world.WorkspaceId, shop.Id, HistoryTestWorld.Token)));
        Assert.Empty(await Get(world.WorkspaceId, shop.Id));
        Assert.Equal(new ErdPoint(1, 1), Assert.Single(await Get(world.WorkspaceId, other.Id)).Value);
    }

    [Fact]
    public async Task Bad_positions_and_foreign_connections_are_refused_with_a_reason()
    {
        await using var world = await HistoryTestWorld.CreateAsync();
        var shop = await world.AddSqliteAsync("shop", "CREATE TABLE t (id INTEGER);");
        Task Save(Guid workspace, Dictionary<string, ErdPoint> positions) =>
            world.WithAsync<ErdPositionStore>(store => store.SaveAsync(workspace, shop.Id, positions, HistoryTestWorld.Token));

        var notFinite = await Assert.ThrowsAsync<ArgumentException>(() => Save(world.WorkspaceId, new() { ["public.t"] = new(double.NaN, 0) }));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Save(world.WorkspaceId, new() { [new string('x', 513)] = new(0, 0) }));
        var foreign = await Assert.ThrowsAsync<ArgumentException>(() => Save(Guid.NewGuid(), new() { ["public.t"] = new(0, 0) }));

        Assert.Contains("public.t is not a finite number", notFinite.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 512 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("not one of the workspace's", foreign.Message, StringComparison.Ordinal);
        Assert.Empty(await world.WithAsync<ErdPositionStore, IReadOnlyDictionary<string, ErdPoint>>(store => store.GetAsync(world.WorkspaceId, shop.Id, HistoryTestWorld.Token)));
    }
}
