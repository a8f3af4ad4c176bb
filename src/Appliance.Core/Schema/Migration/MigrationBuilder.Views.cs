using Appliance.Core.Schema.Diff;

namespace Appliance.Core.Schema.Migration;

/// <summary>Views: dropped, changed, and rebuilt because something they read changes shape.</summary>
internal sealed partial class MigrationBuilder
{
    private void PlanViews()
    {
        foreach (var change in _difference.Changes.Where(c => c.Object == SchemaObjectKind.View && c.Change == SchemaChangeKind.Changed))
        {
            var pair = _newViewOf.FirstOrDefault(p => _names.Equals(p.Value.Schema, change.Schema) && _names.Equals(p.Value.Name, change.Name));
            if (pair.Key is null)
            {
                continue;
            }

            if (change.Properties.Any(p => p.Property != "comment"))
            {
                _changedViews.Add(pair.Key);
            }
            else
            {
                foreach (var statement in _ddl.CommentOnView(pair.Value, pair.Key.Comment, pair.Value.Comment))
                {
                    Add(Phase.Comments, statement, $"comment on view {pair.Value.QualifiedName}");
                }
            }
        }

        var dropped = _old.Views.Where(v => !_newViewOf.ContainsKey(v)).ToList();
        var rebuilt = new HashSet<View>(_changedViews, ReferenceEqualityComparer.Instance);
        // Views reading a table or view that changes shape are rebuilt too (PostgreSQL refuses to change a column a view
        // reads; MySQL views keep the old names as text), and so on up the chain of views.
        var affected = _reshapedTables.Select(t => t.Name).Concat(_old.Tables.Where(t => !_newTableOf.ContainsKey(t)).Select(t => t.Name))
            .Concat(dropped.Select(v => v.Name)).Concat(rebuilt.Select(v => v.Name)).ToHashSet(_names);
        bool grew;
        do
        {
            grew = false;
            foreach (var view in _newViewOf.Keys.Where(v => !rebuilt.Contains(v)))
            {
                if (view.Definition is not null && affected.Any(name => Mentions(view.Definition, name)))
                {
                    rebuilt.Add(view);
                    affected.Add(view.Name);
                    grew = true;
                }
            }
        }
        while (grew);

        var toDrop = _old.Views.Where(v => rebuilt.Contains(v) || !_newViewOf.ContainsKey(v)).ToList();
        // A view is dropped before the views it reads.
        foreach (var view in TopologicalOrder(toDrop, first => toDrop.Where(then => then.Definition is not null && Mentions(then.Definition, first.Name))))
        {
            if (_newViewOf.TryGetValue(view, out var again))
            {
                var why = _changedViews.Contains(view) ? "its definition changes" : "it reads something that changes";
                Add(Phase.DropViews, _ddl.DropView(view), $"drop view {view.QualifiedName} ({why}; created again as {again.QualifiedName} below)",
                    false, view.IsMaterialized ? $"rebuilds materialized view {view.QualifiedName}: it is filled again from its query, which may take a while" : null);
            }
            else
            {
                Add(Phase.DropViews, _ddl.DropView(view), $"drop view {view.QualifiedName}", true, DataLoss.DropView(view));
            }
        }

        var toCreate = _new.Views.Where(v => !_newViewOf.ContainsValue(v) || rebuilt.Any(r => ReferenceEquals(_newViewOf[r], v))).ToList();
        foreach (var view in TopologicalOrder(toCreate, view => toCreate.Where(other => view.Definition is not null && Mentions(view.Definition, other.Name))))
        {
            var (sql, unsupported) = _ddl.CreateView(view);
            if (sql is null)
            {
                Unsupported(Phase.CreateViews, $"create view {view.QualifiedName}", $"view {view.QualifiedName} is not created: {unsupported}");
                continue;
            }

            Add(Phase.CreateViews, sql, $"create view {view.QualifiedName}");
            if (view.Comment is not null)
            {
                foreach (var statement in _ddl.CommentOnView(view, null, view.Comment))
                {
                    Add(Phase.Comments, statement, $"comment on view {view.QualifiedName}");
                }
            }
        }
    }
}
