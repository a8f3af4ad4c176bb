using System.Globalization;
using System.Text;

namespace Appliance.Core.Copilot.Grammar;

/// <summary>
/// A GBNF expression. The model only has what the SQL grammar needs, and only bounded repetition, so every rule set
/// built from it is finite and its longest derivation can be measured (<see cref="GbnfRuleSet.MaxBytes"/>).
/// </summary>
internal abstract record GbnfNode
{
    public static GbnfNode Text(string text) => new GbnfLiteral(text);

    public static GbnfNode Ref(string rule) => new GbnfRef(rule);

    public static GbnfNode Seq(params GbnfNode[] items) => items.Length == 1 ? items[0] : new GbnfSequence(items);

    public static GbnfNode Alt(IEnumerable<GbnfNode> options)
    {
        var list = options.ToList();
        return list.Count == 1 ? list[0] : new GbnfAlternatives(list);
    }

    public static GbnfNode Optional(GbnfNode item) => new GbnfRepeat(item, 0, 1);

    public static GbnfNode Repeat(GbnfNode item, int min, int max) => new GbnfRepeat(item, min, max);

    /// <summary><paramref name="item"/> followed by up to <paramref name="max"/> - 1 more, each after <paramref name="separator"/>.</summary>
    public static GbnfNode List(GbnfNode item, string separator, int max) =>
        max <= 1 ? item : Seq(item, Repeat(Seq(Text(separator), item), 0, max - 1));
}

internal sealed record GbnfLiteral(string Value) : GbnfNode;

/// <summary>A character class such as <c>[0-9]</c>; <paramref name="MaxBytes"/> is the UTF-8 length of its widest character.</summary>
internal sealed record GbnfCharClass(string Body, int MaxBytes) : GbnfNode;

internal sealed record GbnfRef(string Rule) : GbnfNode;

internal sealed record GbnfSequence(IReadOnlyList<GbnfNode> Items) : GbnfNode;

internal sealed record GbnfAlternatives(IReadOnlyList<GbnfNode> Options) : GbnfNode;

internal sealed record GbnfRepeat(GbnfNode Item, int Min, int Max) : GbnfNode;

/// <summary>Named rules in insertion order; rendered as llama.cpp GBNF text.</summary>
internal sealed class GbnfRuleSet
{
    private readonly Dictionary<string, GbnfNode> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, int> _maxBytes = new(StringComparer.Ordinal);

    public bool Contains(string name) => _rules.ContainsKey(name);

    /// <summary>Adds the rule unless one of that name exists (shared rules are added by whoever needs them first).</summary>
    public string Add(string name, GbnfNode body)
    {
        if (_rules.TryAdd(name, body))
        {
            _order.Add(name);
        }

        return name;
    }

    /// <summary>Replaces a rule's body (keeping its place) or adds it.</summary>
    public void Set(string name, GbnfNode body)
    {
        if (_rules.ContainsKey(name))
        {
            _rules[name] = body;
            _maxBytes.Clear();
        }
        else
        {
            Add(name, body);
        }
    }

    public void Remove(string name)
    {
        if (_rules.Remove(name))
        {
            _order.Remove(name);
            _maxBytes.Clear();
        }
    }

    /// <summary>Drops the rules <paramref name="root"/> cannot reach (left over from branches that did not fit).</summary>
    public void Prune(string root)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var name))
        {
            if (reached.Add(name))
            {
                foreach (var reference in References(_rules[name]))
                {
                    pending.Push(reference);
                }
            }
        }

        foreach (var name in _order.Where(n => !reached.Contains(n)).ToList())
        {
            Remove(name);
        }
    }

    private static IEnumerable<string> References(GbnfNode node) => node switch
    {
        GbnfRef reference => [reference.Rule],
        GbnfSequence sequence => sequence.Items.SelectMany(References),
        GbnfAlternatives alternatives => alternatives.Options.SelectMany(References),
        GbnfRepeat repeat => References(repeat.Item),
        _ => [],
    };

    /// <summary>The longest text (in UTF-8 bytes) a rule can derive. Rules never refer back to themselves.</summary>
    public int MaxBytes(string rule)
    {
        if (_maxBytes.TryGetValue(rule, out var cached))
        {
            return cached;
        }

        var value = MaxBytes(_rules[rule]);
        _maxBytes[rule] = value;
        return value;
    }

    public int MaxBytes(GbnfNode node) => node switch
    {
        GbnfLiteral literal => Encoding.UTF8.GetByteCount(literal.Value),
        GbnfCharClass charClass => charClass.MaxBytes,
        GbnfRef reference => MaxBytes(reference.Rule),
        GbnfSequence sequence => sequence.Items.Sum(MaxBytes),
        GbnfAlternatives alternatives => alternatives.Options.Max(MaxBytes),
        GbnfRepeat repeat => repeat.Max * MaxBytes(repeat.Item),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var name in _order)
        {
            text.Append(name).Append(" ::= ");
            Render(text, _rules[name], topLevel: true);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Render(StringBuilder text, GbnfNode node, bool topLevel = false)
    {
        switch (node)
        {
            case GbnfLiteral literal:
                text.Append('"');
                foreach (var rune in literal.Value.EnumerateRunes())
                {
                    AppendEscaped(text, rune);
                }

                text.Append('"');
                break;
            case GbnfCharClass charClass:
                text.Append('[').Append(charClass.Body).Append(']');
                break;
            case GbnfRef reference:
                text.Append(reference.Rule);
                break;
            case GbnfSequence sequence:
                if (!topLevel)
                {
                    text.Append('(');
                }

                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    Render(text, sequence.Items[i]);
                }

                if (!topLevel)
                {
                    text.Append(')');
                }

                break;
            case GbnfAlternatives alternatives:
                if (!topLevel)
                {
                    text.Append('(');
                }

                for (var i = 0; i < alternatives.Options.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(" | ");
                    }

                    Render(text, alternatives.Options[i]);
                }

                if (!topLevel)
                {
                    text.Append(')');
                }

                break;
            case GbnfRepeat repeat:
                Render(text, repeat.Item); // a sequence or alternatives comes parenthesized, so the suffix applies to all of it
                text.Append(repeat is { Min: 0, Max: 1 } ? "?" : string.Create(CultureInfo.InvariantCulture, $"{{{repeat.Min},{repeat.Max}}}"));
                break;
        }
    }

    /// <summary>Escapes a character for a GBNF literal: the quote, backslash and control characters.</summary>
    private static void AppendEscaped(StringBuilder text, Rune rune)
    {
        var value = rune.Value;
        if (value is '"' or '\\')
        {
            text.Append('\\').Append((char)value);
        }
        else if (value < 0x20 || value == 0x7F)
        {
            text.Append(CultureInfo.InvariantCulture, $"\\x{value:X2}");
        }
        else
        {
            text.Append(rune.ToString());
        }
    }
}
