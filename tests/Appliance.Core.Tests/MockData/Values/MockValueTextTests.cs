using Appliance.Core.MockData;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.Tests.MockData.Values;

/// <summary>Text lengths as engines count them, and patterns.</summary>
public sealed class MockValueTextTests
{
    [Theory]
    [InlineData("abc", TextLengthUnit.CodePoints, 3)]
    [InlineData("a😀", TextLengthUnit.CodePoints, 2)]
    [InlineData("a😀", TextLengthUnit.Utf16CodeUnits, 3)]
    [InlineData("a😀", TextLengthUnit.Utf8Bytes, 5)]
    [InlineData("é", TextLengthUnit.Utf8Bytes, 2)]
    [InlineData("e\u0301", TextLengthUnit.CodePoints, 2)]
    public void Measures_like_the_engine(string text, TextLengthUnit unit, int expected) =>
        Assert.Equal(expected, TextLength.Measure(text, unit));

    [Theory]
    [InlineData("ab😀cd", 3, TextLengthUnit.CodePoints, "ab😀")]
    [InlineData("ab😀cd", 3, TextLengthUnit.Utf16CodeUnits, "ab")]
    [InlineData("ab😀cd", 5, TextLengthUnit.Utf8Bytes, "ab")]
    [InlineData("ab😀cd", 6, TextLengthUnit.Utf8Bytes, "ab😀")]
    [InlineData("xe\u0301y", 2, TextLengthUnit.CodePoints, "x")]
    [InlineData("xe\u0301y", 3, TextLengthUnit.CodePoints, "xe\u0301")]
    [InlineData("👍🏽!", 1, TextLengthUnit.CodePoints, "")]
    [InlineData("👍🏽!", 2, TextLengthUnit.CodePoints, "👍🏽")]
    [InlineData("👨‍👩‍👧 family", 4, TextLengthUnit.CodePoints, "")]
    [InlineData("short", 10, TextLengthUnit.Utf8Bytes, "short")]
    public void Truncation_never_splits_a_character(string text, int max, TextLengthUnit unit, string expected)
    {
        var cut = TextLength.Truncate(text, max, unit);
        Assert.Equal(expected, cut);
        Assert.True(TextLength.Measure(cut, unit) <= max);
    }

    [Fact]
    public void Cutting_at_a_word_drops_the_partial_word()
    {
        Assert.Equal("Lorem ipsum", TextLength.TruncateAtWord("Lorem ipsum dolor sit", 14, TextLengthUnit.CodePoints));
        Assert.Equal("Loremipsumdol", TextLength.TruncateAtWord("Loremipsumdolor", 13, TextLengthUnit.CodePoints));
    }

    [Fact]
    public void Patterns_fill_placeholders_and_keep_literals()
    {
        var random = new MockRandom(3);
        for (var i = 0; i < 500; i++)
        {
            Assert.Matches(@"^INV-\d{5}$", PatternText.Create("INV-#####", null, TextLengthUnit.CodePoints, null, ref random));
            Assert.Matches(@"^[A-Z]{2}#[A-Z0-9]$", PatternText.Create("??\\#*", null, TextLengthUnit.CodePoints, null, ref random));
        }
    }

    [Fact]
    public void Unique_patterns_count_like_an_odometer()
    {
        var random = new MockRandom(3);
        Assert.Equal("INV-00000", PatternText.Create("INV-#####", null, TextLengthUnit.CodePoints, 0, ref random));
        Assert.Equal("INV-00123", PatternText.Create("INV-#####", null, TextLengthUnit.CodePoints, 123, ref random));
        Assert.Equal("AB9", PatternText.Create("??#", null, TextLengthUnit.CodePoints, 19, ref random));
        Assert.Equal(100_000, PatternText.Capacity("INV-#####", null));
        Assert.Equal(1000, PatternText.Capacity("INV-#####", 7));
        Assert.Throws<InvalidOperationException>(() => PatternText.Create("INV-##", null, TextLengthUnit.CodePoints, 100, ref random));

        var seen = new HashSet<string>();
        for (var row = 0; row < 26 * 36; row++)
        {
            Assert.True(seen.Add(PatternText.Create("?-*", null, TextLengthUnit.CodePoints, row, ref random)));
        }
    }

    [Fact]
    public void The_pattern_generator_without_a_pattern_makes_product_codes()
    {
        var factory = TestTypes.Factory();
        Assert.Matches(@"^[A-Z]{3}-\d{5}$", (string)factory.Make("pattern", TestTypes.Get("text"), 1)!);
        Assert.Equal("AAA-00042", factory.Make("pattern", TestTypes.Get("text"), 42, unique: true));
        Assert.Equal(26L * 26 * 26 * 100_000, factory.Capacity("pattern", TestTypes.Get("text"), ValueConstraints.None));
    }

    [Fact]
    public void A_pattern_constraint_drives_text_columns()
    {
        var factory = TestTypes.Factory();
        var constraints = new ValueConstraints { Pattern = "KB-######" };
        Assert.Matches(@"^KB-\d{6}$", (string)factory.Make("company", TestTypes.Get("text"), 5, constraints: constraints)!);
        Assert.Equal("KB-000005", factory.Make("company", TestTypes.Get("text"), 5, unique: true, constraints: constraints));
        Assert.Equal("KB-000", factory.Make("pattern", TestTypes.Get("varchar(12)"), 0, unique: true, constraints: constraints with { MaxLength = 6 }));
    }
}
