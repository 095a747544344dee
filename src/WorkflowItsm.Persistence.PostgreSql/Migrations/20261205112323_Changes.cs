using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ImplementationPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    BackoutPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    TestPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PlannedStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PlannedEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ActualStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ActualEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Risk = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RiskReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CloseCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    CloseNotes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    TemplateId = table.Column<long>(type: "bigint", nullable: true),
                    TemplateVersion = table.Column<int>(type: "integer", nullable: true),
                    OnHold = table.Column<bool>(type: "boolean", nullable: false),
                    HoldReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    HeldByFreezeId = table.Column<long>(type: "bigint", nullable: true),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ShortDescription = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AssignedTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ConfigurationItem = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Impact = table.Column<int>(type: "integer", nullable: false),
                    Urgency = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeAffectedCis",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    CiNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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
