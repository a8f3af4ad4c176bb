using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Appliance.Infrastructure.Metadata;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMetadataDbContext>
{
    public SqliteMetadataDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMetadataDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMetadataDbContext>
{
    public PostgresMetadataDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMetadataDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
