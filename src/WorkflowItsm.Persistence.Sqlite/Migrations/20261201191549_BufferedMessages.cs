using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BufferedMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BufferedMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VariablesJson = table.Column<string>(type: "TEXT", nullable: true),
                    BufferedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BufferedMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BufferedMessages_ExpiresAt",
                table: "BufferedMessages",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_BufferedMessages_MessageName_CorrelationKey",
                table: "BufferedMessages",
                columns: new[] { "MessageName", "CorrelationKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BufferedMessages");
        }
    }
}
