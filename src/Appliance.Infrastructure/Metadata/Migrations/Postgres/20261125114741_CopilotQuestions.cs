using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Appliance.Infrastructure.Metadata.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CopilotQuestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "copilot_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Question = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    GeneratedSql = table.Column<string>(type: "text", nullable: true),
                    Sql = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ModelName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    TablesUsed = table.Column<string>(type: "text", nullable: true),
                    Notices = table.Column<string>(type: "text", nullable: true),
                    Understood = table.Column<string>(type: "text", nullable: true),
                    RepairRounds = table.Column<int>(type: "integer", nullable: false),
                    ElapsedMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    Feedback = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_copilot_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_copilot_questions_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_copilot_questions_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_copilot_questions_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_copilot_questions_ConnectionId_Feedback",
                table: "copilot_questions",
                columns: new[] { "ConnectionId", "Feedback" });

            migrationBuilder.CreateIndex(
                name: "IX_copilot_questions_UserId",
                table: "copilot_questions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_copilot_questions_WorkspaceId_CreatedAt",
                table: "copilot_questions",
                columns: new[] { "WorkspaceId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "copilot_questions");
        }
    }
}
