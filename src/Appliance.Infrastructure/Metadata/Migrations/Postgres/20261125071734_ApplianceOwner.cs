using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Appliance.Infrastructure.Metadata.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplianceOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsApplianceOwner",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // The account that ran first-run setup (the oldest) keeps managing accounts after the upgrade.
            migrationBuilder.Sql("UPDATE users SET \"IsApplianceOwner\" = TRUE WHERE \"Id\" = (SELECT \"Id\" FROM users ORDER BY \"CreatedAt\" LIMIT 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsApplianceOwner",
                table: "users");
        }
    }
}
