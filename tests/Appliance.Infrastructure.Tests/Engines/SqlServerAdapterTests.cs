using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>SQL Server cannot run on the build machine: what can be verified without a server.</summary>
public sealed class SqlServerAdapterTests
{
    private const string Secret = "Wr0ng-Secret-Passw0rd!";
    private readonly SqlServerEngineAdapter _adapter = new();

    private static ConnectionSettings Fields(TlsMode tls = TlsMode.Prefer) => new()
    {
        Engine = DatabaseEngine.SqlServer, Host = "sql.example.com", Port = 1433, Database = "Shop", Username = "reader", Password = "s3cret",
        Tls = tls, ConnectTimeoutSeconds = 7,
    };

    [Fact]
    public void Builds_a_connection_string_from_fields()
    {
        var builder = new SqlConnectionStringBuilder(_adapter.BuildConnectionString(Fields()));

        Assert.Equal(("sql.example.com,1433", "Shop", "reader", "s3cret"), (builder.DataSource, builder.InitialCatalog, builder.UserID, builder.Password));
        Assert.Equal((7, "Appliance", false), (builder.ConnectTimeout, builder.ApplicationName, builder.IntegratedSecurity));
        Assert.Equal("sql.example.com", new SqlConnectionStringBuilder(_adapter.BuildConnectionString(Fields() with { Port = null })).DataSource);
        Assert.True(new SqlConnectionStringBuilder(_adapter.BuildConnectionString(Fields() with { Username = null })).IntegratedSecurity);
    }

    [Theory]
    [InlineData(TlsMode.Disable, "Optional", false)]
    [InlineData(TlsMode.Prefer, "Optional", true)]
    [InlineData(TlsMode.Require, "Mandatory", true)]
    [InlineData(TlsMode.VerifyFull, "Mandatory", false)]
    public void Maps_each_tls_mode_onto_encrypt_and_trust_server_certificate(TlsMode tls, string encrypt, bool trust)
    {
        var builder = new SqlConnectionStringBuilder(_adapter.BuildConnectionString(Fields(tls)));

        var expected = encrypt == "Optional" ? SqlConnectionEncryptOption.Optional : SqlConnectionEncryptOption.Mandatory;
        Assert.Equal(expected, builder.Encrypt);
        Assert.Equal(trust, builder.TrustServerCertificate);
    }

    [Fact]
    public void A_pasted_string_wins_and_the_password_field_fills_a_missing_password()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.SqlServer, Password = "from-field",
            ConnectionString = "Server=tcp:pasted.example.com,14330;Database=App;User ID=u;Encrypt=Strict;Connect Timeout=20",
        };

        var builder = new SqlConnectionStringBuilder(_adapter.BuildConnectionString(settings));
        Assert.Equal(("tcp:pasted.example.com,14330", "App", "u", "from-field"), (builder.DataSource, builder.InitialCatalog, builder.UserID, builder.Password));
        Assert.Equal(("Strict", 20, "Appliance"), (builder.Encrypt.ToString(), builder.ConnectTimeout, builder.ApplicationName));
        Assert.Equal(("pasted.example.com", (int?)14330), SqlServerEngineAdapter.SplitDataSource(builder.DataSource));
    }

    [Theory]
    [InlineData("Server=db;Password=Hunter2-Secret;Bogus Keyword=1")]
    [InlineData("Server=db;Connect Timeout=soon;Password=Hunter2-Secret")]
    [InlineData("Hunter2-Secret")]
    public async Task An_invalid_pasted_string_is_reported_without_echoing_it(string pasted)
    {
        var settings = new ConnectionSettings { Engine = DatabaseEngine.SqlServer, ConnectionString = pasted };

        var ex = Assert.Throws<DatabaseAccessException>(() => _adapter.BuildConnectionString(settings));
        Assert.Equal(ConnectionProblem.InvalidSettings, ex.Problem);
        Assert.DoesNotContain("Hunter2", ex.Message, StringComparison.Ordinal);
        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.InvalidSettings, result.Problem);
        Assert.DoesNotContain("Hunter2", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sql.example.com", "sql.example.com", 1433)]
    [InlineData("sql.example.com,1500", "sql.example.com", 1500)]
    [InlineData("tcp:10.0.0.5, 1501", "10.0.0.5", 1501)]
    [InlineData(@"sql.example.com\SQLEXPRESS", @"sql.example.com\SQLEXPRESS", null)]
    public void Splits_the_data_source_into_host_and_port(string dataSource, string host, int? port) =>
        Assert.Equal((host, port), SqlServerEngineAdapter.SplitDataSource(dataSource));

    [Fact]
    public void Classifies_server_error_numbers()
    {
        var target = new ConnectionTarget { Engine = DatabaseEngine.SqlServer, Host = "h", Port = 1433, Database = "Shop", User = "reader", Password = Secret };

        DatabaseAccessException Classify(params (int, string)[] errors) => SqlServerErrors.ClassifyErrors(errors, target);

        var login = Classify((18456, "Login failed for user 'reader'."));
        Assert.Equal(ConnectionProblem.AuthenticationFailed, login.Problem);
        Assert.Contains("'reader'", login.Message, StringComparison.Ordinal);
        var database = Classify((4060, "Cannot open database \"Shop\" requested by the login. The login failed."), (18456, "Login failed for user 'reader'."));
        Assert.Equal(ConnectionProblem.UnknownDatabase, database.Problem);
        Assert.Contains("'Shop'", database.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionProblem.AuthenticationFailed, Classify((18470, "Login failed for user 'reader'. Reason: The account is disabled.")).Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, Classify((229, "The SELECT permission was denied on the object 'x'.")).Problem);
        Assert.Equal(ConnectionProblem.PermissionDenied, Classify((916, "The server principal \"reader\" is not able to access the database \"Shop\".")).Problem);
        Assert.Equal(ConnectionProblem.TlsFailed, Classify((20, "The instance of SQL Server you attempted to connect to does not support encryption.")).Problem);
        Assert.Equal(ConnectionProblem.TlsFailed, Classify((-2146893019, "The certificate chain was issued by an authority that is not trusted.")).Problem);
        Assert.Equal(ConnectionProblem.Timeout, Classify((-2, "Connection Timeout Expired.")).Problem);
        Assert.Equal(ConnectionProblem.UnknownHost, Classify((11001, "No such host is known.")).Problem);
        Assert.Equal(ConnectionProblem.ConnectionRefused, Classify((10061, "No connection could be made because the target machine actively refused it.")).Problem);
        var network = Classify((53, "A network-related or instance-specific error occurred while establishing a connection to SQL Server."));
        Assert.True(EngineErrors.NeedsDiagnosis(network));
        var other = Classify((50000, "Custom error mentioning " + Secret));
        Assert.Equal(ConnectionProblem.Other, other.Problem);
        Assert.DoesNotContain(Secret, other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_refused_connection()
    {
        var port = EngineTestSupport.FreePort();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.SqlServer, Host = "127.0.0.1", Port = port, Username = "sa", Password = Secret, ConnectTimeoutSeconds = 3,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.ConnectionRefused, result.Message);
        Assert.Contains($"127.0.0.1:{port}", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Message, StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<DatabaseAccessException>(() => _adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken));
        Assert.Equal(ConnectionProblem.ConnectionRefused, ex.Problem);
    }

    [Fact]
    public async Task An_unknown_host_is_a_dns_failure()
    {
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.SqlServer, Host = "no-such-host.invalid", Port = 1433, Username = "sa", Password = Secret, ConnectTimeoutSeconds = 3,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.UnknownHost, result.Message);
        Assert.Contains("'no-such-host.invalid'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_limit()
    {
        using var silent = new SilentServer();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.SqlServer, Host = "127.0.0.1", Port = silent.Port, Username = "sa", Password = Secret, ConnectTimeoutSeconds = 2,
        };

        var result = await _adapter.TestAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(result.Problem == ConnectionProblem.Timeout, result.Message);
    }

    [Theory]
    [InlineData("nvarchar", 80, 0, 0, "nvarchar(40)")]
    [InlineData("nvarchar", -1, 0, 0, "nvarchar(max)")]
    [InlineData("varchar", 100, 0, 0, "varchar(100)")]
    [InlineData("varbinary", -1, 0, 0, "varbinary(max)")]
    [InlineData("decimal", 9, 10, 2, "decimal(10,2)")]
    [InlineData("datetime2", 7, 27, 3, "datetime2(3)")]
    [InlineData("float", 8, 53, 0, "float")]
    [InlineData("float", 4, 24, 0, "float(24)")]
    [InlineData("int", 4, 10, 0, "int")]
    public void Spells_types_like_ddl(string type, int maxLength, int precision, int scale, string expected) =>
        Assert.Equal(expected, SqlServerSchemaReader.SpellType(type, maxLength, precision, scale));

    [Fact]
    public void Maps_modifiers_and_referential_actions()
    {
        Assert.Equal((40, (int?)null, (int?)null), SqlServerSchemaReader.Modifiers("nchar", 80, 0, 0));
        Assert.Equal(((int?)null, 10, 2), SqlServerSchemaReader.Modifiers("numeric", 9, 10, 2));
        Assert.Equal(((int?)null, (int?)null, (int?)null), SqlServerSchemaReader.Modifiers("nvarchar", -1, 0, 0));
        Assert.Equal(
            [ReferentialAction.NoAction, ReferentialAction.Cascade, ReferentialAction.SetNull, ReferentialAction.SetDefault],
            new[] { 0, 1, 2, 3 }.Select(SqlServerSchemaReader.Action));
    }

    [Theory]
    [InlineData("((0))", "0")]
    [InlineData("(getdate())", "getdate()")]
    [InlineData("(N'DE')", "N'DE'")]
    [InlineData("([quantity]>(0))", "[quantity]>(0)")]
    [InlineData("([a]>(0)) AND ([b]<(1))", "([a]>(0)) AND ([b]<(1))")]
    [InlineData("('(')", "'('")]
    public void Strips_the_parentheses_sql_server_wraps_expressions_in(string definition, string expected) =>
        Assert.Equal(expected, SqlText.StripOuterParentheses(definition));

    [Fact]
    public void Extracts_the_query_of_a_view_definition()
    {
        const string definition = "-- the summary\nCREATE VIEW [sales].[order summary] (id, total) WITH SCHEMABINDING AS\nSELECT o.id, o.total FROM sales.[order] o;";
        Assert.Equal("SELECT o.id, o.total FROM sales.[order] o", SqliteDdlParser.ParseViewQuery(definition));
    }
}
