using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WorkflowItsm.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BusinessCalendars",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    TimeZoneId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HoursJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    HolidaysJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessCalendars", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "SlaDefinitions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Priorities = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Service = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Category = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    TargetSeconds = table.Column<long>(type: "bigint", nullable: false),
                    CalendarKey = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    PauseOnHoldReasons = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    WarningPercents = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    BreachProcessKey = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Order = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaDefinitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaDefinitions_BusinessCalendars_CalendarKey",
                        column: x => x.CalendarKey,
                        principalTable: "BusinessCalendars",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SlaClocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    DefinitionId = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    TargetSeconds = table.Column<long>(type: "bigint", nullable: false),
                    CalendarKey = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ElapsedSeconds = table.Column<double>(type: "float", nullable: false),
                    RunningSince = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DueAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    NextCheckAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    BreachedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WarningsSent = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaClocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaClocks_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SlaClocks_SlaDefinitions_DefinitionId",
                        column: x => x.DefinitionId,
                        principalTable: "SlaDefinitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SlaClockEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ClockId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ElapsedSeconds = table.Column<double>(type: "float", nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaClockEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaClockEvents_SlaClocks_ClockId",
                        column: x => x.ClockId,
                        principalTable: "SlaClocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "BusinessCalendars",
                columns: new[] { "Key", "HolidaysJson", "HoursJson", "Name", "Revision", "TimeZoneId", "UpdatedAt", "UpdatedBy" },
                values: new object[,]
                {
                    { "24x7", "[]", "[{\"day\":\"Sunday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Monday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Tuesday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Wednesday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Thursday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Friday\",\"start\":\"00:00\",\"end\":\"24:00\"},{\"day\":\"Saturday\",\"start\":\"00:00\",\"end\":\"24:00\"}]", "Around the clock", 0, "Etc/UTC", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), null },
                    { "business-hours", "[{\"date\":\"2026-12-24\",\"name\":\"Christmas Eve\"},{\"date\":\"2026-12-25\",\"name\":\"Christmas Day\"},{\"date\":\"2026-12-26\",\"name\":\"Boxing Day\"},{\"date\":\"2026-12-31\",\"name\":\"New Year\\u0027s Eve\"},{\"date\":\"2027-01-01\",\"name\":\"New Year\\u0027s Day\"}]", "[{\"day\":\"Monday\",\"start\":\"08:00\",\"end\":\"18:00\"},{\"day\":\"Tuesday\",\"start\":\"08:00\",\"end\":\"18:00\"},{\"day\":\"Wednesday\",\"start\":\"08:00\",\"end\":\"18:00\"},{\"day\":\"Thursday\",\"start\":\"08:00\",\"end\":\"18:00\"},{\"day\":\"Friday\",\"start\":\"08:00\",\"end\":\"18:00\"}]", "Service desk hours (Mon–Fri 08:00–18:00, Berlin)", 0, "Europe/Berlin", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), null }
                });

            migrationBuilder.InsertData(
                table: "SlaDefinitions",
                columns: new[] { "Id", "AssignmentGroup", "BreachProcessKey", "CalendarKey", "Category", "IsActive", "Kind", "Name", "Order", "PauseOnHoldReasons", "Priorities", "Service", "TargetSeconds", "WarningPercents" },
                values: new object[,]
                {
                    { 1, null, "sla-escalation", "24x7", null, true, "Response", "P1 response in 15 minutes", 10, null, "1", null, 900L, "50,75" },
                    { 2, null, "sla-escalation", "24x7", null, true, "Resolution", "P1 resolution in 4 hours", 10, "AwaitingCaller", "1", null, 14400L, "50,75" },
                    { 3, null, "sla-escalation", "business-hours", null, true, "Response", "P2 response in 1 business hour", 20, null, "2", null, 3600L, "50,75" },
                    { 4, null, "sla-escalation", "business-hours", null, true, "Resolution", "P2 resolution in 8 business hours", 20, "AwaitingCaller", "2", null, 28800L, "50,75" },
                    { 5, null, "sla-escalation", "business-hours", null, true, "Response", "P3–P5 response in 4 business hours", 30, null, "3,4,5", null, 14400L, "50,75" },
                    { 6, null, "sla-escalation", "business-hours", null, true, "Resolution", "P3–P5 resolution in 3 business days", 30, "AwaitingCaller", "3,4,5", null, 108000L, "50,75" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_SlaClockEvents_ClockId_At",
                table: "SlaClockEvents",
                columns: new[] { "ClockId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaClocks_CalendarKey_State",
                table: "SlaClocks",
                columns: new[] { "CalendarKey", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaClocks_DefinitionId",
                table: "SlaClocks",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_SlaClocks_IncidentId_State",
                table: "SlaClocks",
                columns: new[] { "IncidentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaClocks_State_NextCheckAt",
                table: "SlaClocks",
                columns: new[] { "State", "NextCheckAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SlaDefinitions_CalendarKey",
                table: "SlaDefinitions",
                column: "CalendarKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SlaClockEvents");

            migrationBuilder.DropTable(
                name: "SlaClocks");

            migrationBuilder.DropTable(
                name: "SlaDefinitions");

            migrationBuilder.DropTable(
                name: "BusinessCalendars");
        }
    }
}
