using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class IncidentListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_AssignedTo_State",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Caller_OpenedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Category_OpenedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_ConfigurationItem_OpenedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_State_AssignmentGroup_Priority_OpenedAt",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_State_OpenedAt",
                table: "Incidents");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_AssignedTo_State_Priority_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "AssignedTo", "State", "Priority", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Caller_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "Caller", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Category_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "Category", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Category_State_UpdatedAt_Id",
                table: "Incidents",
                columns: new[] { "Category", "State", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ConfigurationItem_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "ConfigurationItem", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_AssignmentGroup_Priority_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "State", "AssignmentGroup", "Priority", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_OpenedAt_Id",
                table: "Incidents",
                columns: new[] { "State", "OpenedAt", "Id" });

            // PostgreSQL only, by hand (not in the model: the other databases have no such index): trigrams let the
            // list's text search (the number, or a part of the short description: LIKE '%...%') use an index instead
            // of reading every incident. Where pg_trgm cannot be installed (before PostgreSQL 13 it needs a superuser)
            // the search keeps working without it.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    CREATE EXTENSION IF NOT EXISTS pg_trgm;
                    CREATE INDEX "IX_Incidents_ShortDescription_Trigrams" ON "Incidents" USING gin ("ShortDescription" gin_trgm_ops);
                EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
                    RAISE NOTICE 'pg_trgm is not available (%): the incident text search reads the whole table', SQLERRM;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Incidents_ShortDescription_Trigrams";""");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_AssignedTo_State_Priority_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Caller_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Category_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Category_State_UpdatedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_ConfigurationItem_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_State_AssignmentGroup_Priority_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_State_OpenedAt_Id",
                table: "Incidents");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_AssignedTo_State",
                table: "Incidents",
                columns: new[] { "AssignedTo", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Caller_OpenedAt",
                table: "Incidents",
                columns: new[] { "Caller", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Category_OpenedAt",
                table: "Incidents",
                columns: new[] { "Category", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ConfigurationItem_OpenedAt",
                table: "Incidents",
                columns: new[] { "ConfigurationItem", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_AssignmentGroup_Priority_OpenedAt",
                table: "Incidents",
                columns: new[] { "State", "AssignmentGroup", "Priority", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_OpenedAt",
                table: "Incidents",
                columns: new[] { "State", "OpenedAt" });
        }
    }
}
