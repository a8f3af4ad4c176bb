using Appliance.Core.MockData.Checks;
using Appliance.Core.Schema;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.MockData.Checks;

/// <summary>The checks of the ingested test schemas, as their engines really report them.</summary>
public sealed class CheckSchemaTests
{
    public static TheoryData<string> Schemas => ["demo", "postgres"];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_check_of_the_test_schemas_is_understood_and_evaluable(string name)
    {
        var schema = SchemaOf(name);
        var checkCount = 0;
        foreach (var table in schema.Tables)
        {
            var analysis = CheckAnalyzer.Analyze(table, schema.Engine, CheckAnalyzer.DomainsOf(table, schema));

            Assert.Empty(analysis.Problems);
            Assert.All(analysis.Checks, c => Assert.True(c.CanEvaluate, c.Display));
            Assert.All(analysis.Checks, c => Assert.NotEmpty(c.Columns));
            checkCount += analysis.Checks.Count;
        }

        var expected = schema.Tables.Sum(t => t.CheckConstraints.Count) +
            schema.Tables.Sum(t => CheckAnalyzer.DomainsOf(t, schema).Values.Sum(d => d.CheckConstraints.Count));
        Assert.Equal(expected, checkCount);
        Assert.True(checkCount > 0);
    }

    [Theory]
    [InlineData("addresses", "kind", "in(billing,shipping)")]
    [InlineData("countries", "country_code", "len 2..2")]
    [InlineData("customers", "status", "in(active,suspended,closed)")]
    [InlineData("inventory", "quantity_on_hand", ">=0")]
    [InlineData("order_lines", "discount", ">=0; <=1")]
    [InlineData("order_lines", "quantity", ">0")]
    [InlineData("orders", "status", "in(pending,paid,shipped,delivered,cancelled)")]
    [InlineData("payments", "amount", ">0")]
    [InlineData("product_reviews", "rating", ">=1; <=5")]
    [InlineData("products", "is_active", "in(0,1)")]
    [InlineData("products", "unit_price", ">=0")]
    [InlineData("promotions", "percent_off", ">=1; <=90")]
    [InlineData("shipments", "carrier", "")]
    public void The_demo_checks_give_these_hints(string table, string column, string expected)
    {
        Assert.Equal(expected, CheckTestTables.Describe(AnalyzeDemo(table).HintsFor(column)));
    }

    [Fact]
    public void The_demo_relations_are_found()
    {
        Assert.Equal(new ColumnRelation("delivered_at", ">=", "shipped_at", true, null), Assert.Single(AnalyzeDemo("shipments").Relations));
        Assert.Equal(new ColumnRelation("ends_on", ">", "starts_on", false, null), Assert.Single(AnalyzeDemo("promotions").Relations));
    }

    [Fact]
    public void The_demo_discount_bound_is_a_decimal_and_the_allowed_flags_are_decimals()
    {
        var discount = AnalyzeDemo("order_lines").HintsFor("discount");
        Assert.Equal(0m, Assert.IsType<decimal>(discount.Lower!.Value));
        Assert.Equal(1m, Assert.IsType<decimal>(discount.Upper!.Value));
        Assert.True(discount.Lower.Inclusive && discount.Upper.Inclusive);
        Assert.Equal([0m, 1m], AnalyzeDemo("products").HintsFor("is_active").AllowedValues!);
    }

    [Fact]
    public void The_postgres_fixture_domains_and_checks_give_these_hints()
    {
        var schema = TestSchemas.PostgresFixture;
        var customer = schema.FindTable("public", "customer")!;
        var order = schema.FindTable("sales", "order")!;
        var orderLine = schema.FindTable("sales", "order_line")!;

        var customerHints = CheckAnalyzer.Analyze(customer, schema.Engine, CheckAnalyzer.DomainsOf(customer, schema));
        var email = customerHints.HintsFor("email");
        Assert.Equal("^[^@]+@[^@]+$", email.Pattern);
        Assert.Equal(["email_address_check (domain public.email_address)"], email.Constraints);
        var emailCheck = Assert.Single(customerHints.Checks);
        Assert.Equal("email", emailCheck.DomainColumn);
        Assert.True(emailCheck.Evaluate(CheckTestTables.Row(("email", "ada@example.com"))));
        Assert.False(emailCheck.Evaluate(CheckTestTables.Row(("email", "ada.example.com"))));

        var orderHints = CheckAnalyzer.Analyze(order, schema.Engine, CheckAnalyzer.DomainsOf(order, schema));
        Assert.Equal(">=0; <1000000", CheckTestTables.Describe(orderHints.HintsFor("total")));
        Assert.Equal("order_total_check", orderHints.HintsFor("total").Upper!.Constraint);
        Assert.Equal(2, orderHints.Checks.Count);

        var lineHints = CheckAnalyzer.Analyze(orderLine, schema.Engine, CheckAnalyzer.DomainsOf(orderLine, schema));
        Assert.Equal(">0", CheckTestTables.Describe(lineHints.HintsFor("quantity")));
    }

    private static CheckAnalysis AnalyzeDemo(string table)
    {
        var schema = TestSchemas.Demo;
        return CheckAnalyzer.Analyze(schema.FindTable("main", table) ?? schema.Tables.Single(t => t.Name == table), schema.Engine);
    }

    private static DatabaseSchema SchemaOf(string name) => name == "demo" ? TestSchemas.Demo : TestSchemas.PostgresFixture;
}
