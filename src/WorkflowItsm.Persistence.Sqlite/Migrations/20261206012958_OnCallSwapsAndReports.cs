using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OnCallSwapsAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RestartOnReassignment",
                table: "SlaDefinitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "RestartedAt",
                table: "SlaClocks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OnCallSwapRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScheduleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Layer = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AskedUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OverrideId = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallSwapRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallSwapRequests_OnCallSchedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "OnCallSchedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 1,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 2,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 3,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 4,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 5,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 6,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ActivePerRecord",
                table: "Escalations",
                column: "RecordNumber",
                unique: true,
                filter: "\"State\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_OnCallSwapRequests_AskedUser_State",
                table: "OnCallSwapRequests",
                columns: new[] { "AskedUser", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallSwapRequests_ScheduleId",
                table: "OnCallSwapRequests",
                column: "ScheduleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OnCallSwapRequests");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ActivePerRecord",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "RestartOnReassignment",
                table: "SlaDefinitions");

            migrationBuilder.DropColumn(
                name: "RestartedAt",
                table: "SlaClocks");
        }
    }
}
