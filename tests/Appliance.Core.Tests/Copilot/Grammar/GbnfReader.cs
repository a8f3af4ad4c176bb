using System.Globalization;
using System.Text;

namespace Appliance.Core.Tests.Copilot.Grammar;

/// <summary>
/// An independent reader of GBNF text (llama.cpp syntax: rules, literals, character classes, groups, ?, *, + and
/// {m,n}) so the tests judge the grammar by its text, not by the builder's model: its rules, whether any repetition
/// is unbounded or any rule recursive, its longest derivation, and random sentences.
/// </summary>
internal sealed class GbnfReader
{
    private readonly string _text;
    private int _position;

    private GbnfReader(string text) => _text = text;

    public Dictionary<string, Node> Rules { get; } = new(StringComparer.Ordinal);

    public static GbnfReader Read(string text)
    {
        var reader = new GbnfReader(text);
        reader.ReadRules();
        return reader;
    }

    /// <summary>Repetitions without an upper bound (*, +, {m,}).</summary>
    public IEnumerable<string> UnboundedRepetitions() =>
        Rules.Where(r => Walk(r.Value).Any(n => n is Repeat { Max: null })).Select(r => r.Key);

    /// <summary>Rules that can reach themselves (directly or through others).</summary>
    public IEnumerable<string> RecursiveRules() => Rules.Keys.Where(name => Reaches(name, name, []));

    public IEnumerable<string> UndefinedReferences() =>
        Rules.Values.SelectMany(Walk).OfType<Reference>().Select(r => r.Name).Where(n => !Rules.ContainsKey(n)).Distinct();

    public int MaxBytes(string rule) => MaxBytes(Rules[rule]);

    public string Generate(string rule, Random random)
    {
        var text = new StringBuilder();
        Generate(Rules[rule], random, text);
        return text.ToString();
    }

    private int MaxBytes(Node node) => node switch
    {
        Literal literal => Encoding.UTF8.GetByteCount(literal.Value),
        CharClass charClass => new Rune(charClass.HighestMatch()).Utf8SequenceLength,
        Reference reference => MaxBytes(Rules[reference.Name]),
        Sequence sequence => sequence.Items.Sum(MaxBytes),
        Alternatives alternatives => alternatives.Options.Max(MaxBytes),
        Repeat repeat => repeat.Max!.Value * MaxBytes(repeat.Item),
        _ => throw new InvalidOperationException(),
    };

    private static readonly int[] Pool =
    [
        .. Enumerable.Range(0x20, 0x5F), 0x00, 0x0A, 0x1F, 0x7F, 'ü', 'é', 'ß', '客', '户', 0x1F600, 0x27, 0x5C,
    ];

    private void Generate(Node node, Random random, StringBuilder text)
    {
        switch (node)
        {
            case Literal literal:
                text.Append(literal.Value);
                break;
            case CharClass charClass:
                var allowed = Pool.Where(charClass.Matches).ToList();
                text.Append(new Rune(allowed[random.Next(allowed.Count)]).ToString());
                break;
            case Reference reference:
                Generate(Rules[reference.Name], random, text);
                break;
            case Sequence sequence:
                foreach (var item in sequence.Items)
                {
                    Generate(item, random, text);
                }

                break;
            case Alternatives alternatives:
                Generate(alternatives.Options[random.Next(alternatives.Options.Count)], random, text);
                break;
            case Repeat repeat:
                var count = random.Next(repeat.Min, (repeat.Max ?? repeat.Min + 3) + 1);
                for (var i = 0; i < count; i++)
                {
                    Generate(repeat.Item, random, text);
                }

                break;
        }
    }

    private bool Reaches(string from, string target, HashSet<string> visited)
    {
        foreach (var reference in Walk(Rules[from]).OfType<Reference>())
        {
            if (reference.Name == target)
            {
                return true;
            }

            if (Rules.ContainsKey(reference.Name) && visited.Add(reference.Name) && Reaches(reference.Name, target, visited))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Node> Walk(Node node)
    {
        yield return node;
        var children = node switch
        {
            Sequence sequence => sequence.Items,
            Alternatives alternatives => alternatives.Options,
            Repeat repeat => [repeat.Item],
            _ => [],
        };
        foreach (var child in children.SelectMany(Walk))
        {
            yield return child;
        }
    }

    // ---- Parsing -------------------------------------------------------------------------------------------------

    private void ReadRules()
    {
        SkipSpace(newlines: true);
        while (_position < _text.Length)
        {
            var name = ReadName();
            SkipSpace(newlines: false);
            Expect("::=");
            var body = ReadAlternatives(nested: false);
            if (!Rules.TryAdd(name, body))
            {
                throw new FormatException($"Rule {name} is defined twice.");
            }

            SkipSpace(newlines: true);
        }
    }

    private Node ReadAlternatives(bool nested)
    {
        var options = new List<Node> { ReadSequence(nested) };
        while (_position < _text.Length && _text[_position] == '|')
        {
            _position++;
            options.Add(ReadSequence(nested));
        }

        return options.Count == 1 ? options[0] : new Alternatives(options);
    }

    private Node ReadSequence(bool nested)
    {
        var items = new List<Node>();
        while (true)
        {
            SkipSpace(newlines: nested);
            if (_position >= _text.Length || _text[_position] is '|' or ')' or '\n')
            {
                break;
            }

            var atom = ReadAtom();
            items.Add(ReadPostfix(atom));
        }

        return items.Count == 1 ? items[0] : new Sequence(items);
    }

    private Node ReadAtom()
    {
        var c = _text[_position];
        if (c == '"')
        {
            _position++;
            var value = new StringBuilder();
            while (_text[_position] != '"')
            {
                value.Append(char.ConvertFromUtf32(ReadChar()));
            }

            _position++;
            return new Literal(value.ToString());
        }

        if (c == '[')
        {
            _position++;
            var negated = _text[_position] == '^';
            if (negated)
            {
                _position++;
            }

            var ranges = new List<(int, int)>();
            while (_text[_position] != ']')
            {
                var low = ReadChar();
                var high = low;
                if (_text[_position] == '-' && _text[_position + 1] != ']')
                {
                    _position++;
                    high = ReadChar();
                }

                ranges.Add((low, high));
            }

            _position++;
            return new CharClass(negated, ranges);
        }

        if (c == '(')
        {
            _position++;
            var inner = ReadAlternatives(nested: true);
            SkipSpace(newlines: true);
            Expect(")");
            return inner is Sequence or Alternatives ? new Sequence([inner]) : inner;
        }

        return new Reference(ReadName());
    }

    private Node ReadPostfix(Node atom)
    {
        if (_position >= _text.Length)
        {
            return atom;
        }

        switch (_text[_position])
        {
            case '?':
                _position++;
                return new Repeat(atom, 0, 1);
            case '*':
                _position++;
                return new Repeat(atom, 0, null);
            case '+':
                _position++;
                return new Repeat(atom, 1, null);
            case '{':
                var end = _text.IndexOf('}', _position);
                var parts = _text[(_position + 1)..end].Split(',');
                _position = end + 1;
                var min = int.Parse(parts[0], CultureInfo.InvariantCulture);
                int? max = parts.Length == 1 ? min : parts[1].Trim().Length == 0 ? null : int.Parse(parts[1], CultureInfo.InvariantCulture);
                return new Repeat(atom, min, max);
            default:
                return atom;
        }
    }

    private int ReadChar()
    {
        var c = _text[_position];
        if (c != '\\')
        {
            var rune = Rune.GetRuneAt(_text, _position);
            _position += rune.Utf16SequenceLength;
            return rune.Value;
        }

        var escape = _text[_position + 1];
        _position += 2;
        int Hex(int digits)
        {
            var value = int.Parse(_text.AsSpan(_position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            _position += digits;
            return value;
        }

        return escape switch
        {
            'x' => Hex(2),
            'u' => Hex(4),
            'U' => Hex(8),
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => escape,
        };
    }

    private string ReadName()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '-'))
        {
            _position++;
        }

        if (_position == start)
        {
            throw new FormatException($"A rule name was expected at {start}: \"{_text[start..Math.Min(_text.Length, start + 20)]}\".");
        }

        return _text[start.._position];
    }

    private void Expect(string token)
    {
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            throw new FormatException($"\"{token}\" was expected at {_position}.");
        }

        _position += token.Length;
    }

    private void SkipSpace(bool newlines)
    {
        while (_position < _text.Length && (_text[_position] is ' ' or '\t' || (newlines && _text[_position] is '\n' or '\r')))
        {
            _position++;
        }
    }

    internal abstract record Node;

    internal sealed record Literal(string Value) : Node;

    internal sealed record CharClass(bool Negated, IReadOnlyList<(int Low, int High)> Ranges) : Node
    {
        public bool Matches(int c) => Ranges.Any(r => c >= r.Low && c <= r.High) != Negated;

        /// <summary>The highest code point the class admits (a negated class: the highest one none of its ranges covers).</summary>
        public int HighestMatch()
        {
            if (!Negated)
            {
                return Ranges.Max(r => r.High);
            }

            var candidate = 0x10FFFF;
            while (Ranges.FirstOrDefault(r => candidate >= r.Low && candidate <= r.High) is { High: > 0 } covering)
            {
                candidate = covering.Low - 1;
            }

            return candidate;
        }
    }

    internal sealed record Reference(string Name) : Node;

    internal sealed record Sequence(IReadOnlyList<Node> Items) : Node;

    internal sealed record Alternatives(IReadOnlyList<Node> Options) : Node;

    internal sealed record Repeat(Node Item, int Min, int? Max) : Node;
}
