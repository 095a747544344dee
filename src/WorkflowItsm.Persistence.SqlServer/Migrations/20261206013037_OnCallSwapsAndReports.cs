using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.SqlServer.Migrations
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "RestartedAt",
                table: "SlaClocks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OnCallSwapRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ScheduleId = table.Column<int>(type: "int", nullable: false),
                    Layer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AskedUser = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    OverrideId = table.Column<int>(type: "int", nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
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
