using System.Buffers.Binary;
using System.Globalization;

namespace Appliance.Core.MockData.Values;

// UUIDs, bytes, JSON, enums and arrays.
public sealed partial class MockValueFactory
{
    /// <summary>A version-4 UUID; unique rows put 64 bits of the (bijectively mixed) row into it, so no two rows collide.</summary>
    private Guid NewGuid(ref MockRandom random, in ValueContext context)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, random.NextUInt64());
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], random.NextUInt64());
        if (context.Unique)
        {
            var mixed = MockRandom.Mix((ulong)context.Row ^ scatterKey);
            // Top 48 bits in bytes 0-5, then 4 beside the version nibble, 8 in byte 7, the last 4 beside the variant bits.
            BinaryPrimitives.WriteUInt64BigEndian(bytes, mixed);
            bytes[6] = (byte)(0x40 | (int)((mixed >> 12) & 0x0F));
            bytes[7] = (byte)((mixed >> 4) & 0xFF);
            bytes[8] = (byte)(0x80 | (int)(mixed & 0x0F));
            return new Guid(bytes, bigEndian: true);
        }

        bytes[6] = (byte)(0x40 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private byte[] CreateBinary(Gen gen, MockType type, ref MockRandom random, in ValueContext context)
    {
        if (gen == Gen.Uuid && type.MaxLength is null or >= 16 && !(type.FixedLength && type.MaxLength != 16))
        {
            return NewGuid(ref random, context).ToByteArray(bigEndian: true);
        }

        int length;
        if (type.FixedLength && type.MaxLength is { } fixedLength)
        {
            length = fixedLength;
        }
        else if (context.Unique)
        {
            length = Math.Min(type.MaxLength ?? 16, 16);
        }
        else
        {
            var longest = Math.Min(type.MaxLength ?? 32, 32);
            length = longest <= 1 ? longest : 1 + random.NextInt32(longest);
        }

        var bytes = new byte[length];
        for (var i = 0; i < length; i += 8)
        {
            var chunk = random.NextUInt64();
            for (var k = 0; k < 8 && i + k < length; k++)
            {
                bytes[i + k] = (byte)(chunk >> (k * 8));
            }
        }

        if (context.Unique)
        {
            // The row, big-endian, in the first bytes (all 8 when there is room).
            var used = Math.Min(length, 8);
            var capacity = UniqueCodes.SaturatingPower(256, used);
            if (used < 8 && context.Row >= capacity)
            {
                throw CapacityExceeded(context.Row, capacity);
            }

            var row = (ulong)context.Row;
            for (var k = used - 1; k >= 0; k--)
            {
                bytes[k] = (byte)row;
                row >>= 8;
            }
        }

        return bytes;
    }

    private static long BinaryCapacity(MockType type)
    {
        var length = type.FixedLength && type.MaxLength is { } fixedLength ? fixedLength : Math.Min(type.MaxLength ?? 16, 16);
        return length >= 8 ? long.MaxValue : UniqueCodes.SaturatingPower(256, length);
    }

    /// <summary>A small JSON object of the kind applications store: an id, a name, a flag, a score and tags.</summary>
    private string CreateJson(ref MockRandom random, in ValueContext context)
    {
        var id = context.Unique ? context.Row : 1 + random.NextInt64(100_000);
        var name = pools.AsciiWords.Pick(ref random);
        var tag1 = pools.AsciiWords.Pick(ref random);
        var tag2 = pools.AsciiWords.Pick(ref random);
        var active = random.NextUInt64() >> 63 == 0 ? "true" : "false";
        var score = (random.NextInt64(10_000) / 100m).ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":{{id}},"name":"{{name}}","active":{{active}},"score":{{score}},"tags":["{{tag1}}","{{tag2}}"]}""");
    }

    private static string CreateEnum(MockType type, ref MockRandom random, in ValueContext context)
    {
        var labels = type.EnumValues;
        if (labels.Count == 0)
        {
            throw new InvalidOperationException($"Enum type {type.DatabaseTypeName} has no labels.");
        }

        if (context.Unique)
        {
            return context.Row < labels.Count ? labels[(int)context.Row] : throw CapacityExceeded(context.Row, labels.Count);
        }

        return labels[random.NextInt32(labels.Count)];
    }

    /// <summary>Zero to four words (tags); a unique row's first element carries the row.</summary>
    private string[] CreateTextArray(Gen gen, MockType type, ref MockRandom random, in ValueContext context)
    {
        var count = context.Unique ? 1 + random.NextInt32(4) : random.NextInt32(5);
        var limits = new TextLimits(type.MaxLength, 0, type.LengthUnit);
        var pool = gen == Gen.CategoryName ? pools.Categories : pools.Words;
        var items = new string[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = TextLength.Truncate(PickFitting(pool, limits, ref random), type.MaxLength ?? int.MaxValue, type.LengthUnit);
        }

        if (context.Unique)
        {
            var code = UniqueCodes.Positional((ulong)context.Row, 0, Lower36);
            items[0] = type.MaxLength is { } max && !TextLength.Fits(code, max, type.LengthUnit) ? throw CapacityExceeded(context.Row, UniqueCodes.SaturatingPower(36, max)) : code;
        }

        return items;
    }

    /// <summary>Zero to four numbers up to 1,000; a unique row's first element is the row (from the type's low end).</summary>
    private static long[] CreateIntegerArray(MockType type, ref MockRandom random, in ValueContext context)
    {
        var lo = Math.Max(type.MinInteger, 1);
        var hi = Math.Max(lo, Math.Min(type.MaxInteger, 1000));
        var count = context.Unique ? 1 + random.NextInt32(4) : random.NextInt32(5);
        var items = new long[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = random.NextInt64(lo, hi);
        }

        if (context.Unique)
        {
            var first = Math.Max(type.MinInteger, 0);
            if (context.Row > type.MaxInteger - first)
            {
                throw CapacityExceeded(context.Row, SizeOf(first, type.MaxInteger));
            }

            items[0] = first + context.Row;
        }

        return items;
    }
}
