using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.SqlServer.Migrations
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
