using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Changes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ImplementationPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    BackoutPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    TestPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PlannedStart = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PlannedEnd = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ActualStart = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ActualEnd = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RiskReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CloseCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CloseNotes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: true),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    OnHold = table.Column<bool>(type: "INTEGER", nullable: false),
                    HoldReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    HeldByFreezeId = table.Column<long>(type: "INTEGER", nullable: true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ShortDescription = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AssignedTo = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Service = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConfigurationItem = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Impact = table.Column<int>(type: "INTEGER", nullable: false),
                    Urgency = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeAffectedCis",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChangeId = table.Column<long>(type: "INTEGER", nullable: false),
                    CiNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeAffectedCis", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeAffectedCis_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeAffectedCis_ChangeId_CiNumber",
                table: "ChangeAffectedCis",
                columns: new[] { "ChangeId", "CiNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeAffectedCis_CiNumber",
                table: "ChangeAffectedCis",
                column: "CiNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_AssignedTo_PlannedStart",
                table: "Changes",
                columns: new[] { "AssignedTo", "PlannedStart" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_HeldByFreezeId",
                table: "Changes",
                column: "HeldByFreezeId");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_Number",
                table: "Changes",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Changes_PlannedStart_PlannedEnd",
                table: "Changes",
                columns: new[] { "PlannedStart", "PlannedEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ProcessInstanceId",
                table: "Changes",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_State_AssignmentGroup_PlannedStart",
                table: "Changes",
                columns: new[] { "State", "AssignmentGroup", "PlannedStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChangeAffectedCis");

            migrationBuilder.DropTable(
                name: "Changes");
        }
    }
}
