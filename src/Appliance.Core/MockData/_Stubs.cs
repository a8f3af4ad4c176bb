// TEMPORARY: replaced by the helpers' implementations at merge.
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.MockData.Values;

namespace Appliance.Core.MockData.Values;

    public static class MockTypes
    {
        public static MockType Resolve(Column column, DatabaseSchema schema) => new() { Kind = MockValueKind.Text, DatabaseTypeName = "text" };
    }

    public sealed record MockGeneratorInfo(string Name, string Label);

    public static class MockGenerators
    {
        public static MockGeneratorInfo? Find(string name) => new(name, name);
    }

    public sealed class MockValueFactory(string locale, ulong seed, DateTime referenceTime)
    {
        public string ChooseGenerator(Table table, Column column, MockType type) => "text";
        public object? Create(string generator, MockType type, ValueConstraints constraints, ref MockRandom random, in ValueContext context) => "x" + context.Row;
        public object? CreateEdge(MockType type, ValueConstraints constraints, ref MockRandom random, long row) => "";
        public long Capacity(string generator, MockType type, ValueConstraints constraints) => long.MaxValue;
        public string Locale => locale + seed + referenceTime;
    }
