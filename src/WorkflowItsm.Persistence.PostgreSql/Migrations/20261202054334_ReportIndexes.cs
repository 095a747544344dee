using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Incidents_OpenedAt_Priority_ResolvedAt",
                table: "Incidents",
                columns: new[] { "OpenedAt", "Priority", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ResolvedAt",
                table: "Incidents",
                column: "ResolvedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_OpenedAt_Priority_ResolvedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_ResolvedAt",
                table: "Incidents");
        }
    }
}
