using System.Collections;
using System.Runtime.CompilerServices;

namespace Appliance.Core.Sql;

/// <summary>
/// An immutable list that compares by its items, so syntax-tree records that hold lists compare as whole trees.
/// </summary>
[CollectionBuilder(typeof(NodeList), nameof(NodeList.Create))]
public sealed class NodeList<T> : IReadOnlyList<T>, IEquatable<NodeList<T>>
{
    private readonly T[] items;

    public static NodeList<T> Empty { get; } = new([]);

    internal NodeList(T[] items) => this.items = items;

    public int Count => items.Length;

    public T this[int index] => items[index];

    public bool Equals(NodeList<T>? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (items.Length != other.items.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < items.Length; i++)
        {
            if (!comparer.Equals(items[i], other.items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is NodeList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(items.Length);
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}

/// <summary>Builds <see cref="NodeList{T}"/> values, including from collection expressions.</summary>
public static class NodeList
{
    public static NodeList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? NodeList<T>.Empty : new NodeList<T>(items.ToArray());

    public static NodeList<T> From<T>(IEnumerable<T> items)
    {
        var array = items.ToArray();
        return array.Length == 0 ? NodeList<T>.Empty : new NodeList<T>(array);
    }

    internal static NodeList<T> Own<T>(List<T>? items) =>
        items is null || items.Count == 0 ? NodeList<T>.Empty : new NodeList<T>([.. items]);
}
