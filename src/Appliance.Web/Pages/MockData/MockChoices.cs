using System.Globalization;
using Appliance.Core.MockData.Values;

namespace Appliance.Web.Pages.MockData;

/// <summary>The lists the mock data form offers: the value factory's locales and the generators that fit a column.</summary>
public static class MockChoices
{
    public sealed record LocaleChoice(string Code, string Name);

    /// <summary>Bogus codes that are not culture names.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["cz"] = "Czech",
        ["ge"] = "Georgian",
        ["en_BORK"] = "English (Bork)",
    };

    /// <summary>Every locale the value factory supports, named in English ("German (Austria)") and sorted by that name.</summary>
    public static IReadOnlyList<LocaleChoice> Locales { get; } = MockValueFactory.SupportedLocales
        .Select(code => new LocaleChoice(code, LocaleName(code)))
        .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>Generators that make values of a column's kind; NULL, the database default and value lists have their own fields.</summary>
    public static IEnumerable<MockGeneratorInfo> GeneratorsFor(MockValueKind kind) =>
        MockGenerators.All.Where(g => g.Fits(kind) && g.Name is not (MockGenerators.Null or MockGenerators.DatabaseDefault or MockGenerators.Values));

    public static string GeneratorLabel(string? name) => name is null ? "" : MockGenerators.Find(name)?.Label ?? name;

    private static string LocaleName(string code)
    {
        if (Names.TryGetValue(code, out var known))
        {
            return known;
        }

        var parts = code.Split('_');
        var culture = parts.Length >= 2 ? $"{parts[0]}-{parts[1]}" : parts[0];
        try
        {
            var name = CultureInfo.GetCultureInfo(culture, predefinedOnly: true).EnglishName;
            return parts.Length > 2 ? $"{name.TrimEnd(')')}{(name.EndsWith(')') ? ", " : " (")}{string.Join(" ", parts.Skip(2))})" : name;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
