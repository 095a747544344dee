using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContinuityDrillWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DataLossMinutes",
                table: "ContinuityDrillSteps",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "ContinuityDrillSteps",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DataLossMinutes",
                table: "ContinuityDrills",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProcessInstanceId",
                table: "ContinuityDrills",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RpoMinutes",
                table: "ContinuityDrills",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ContinuityDrillFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DrillId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ProblemNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ChangeNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrillFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContinuityDrillFindings_ContinuityDrills_DrillId",
                        column: x => x.DrillId,
                        principalTable: "ContinuityDrills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityDrillReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DrillId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrillReports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrillFindings_DrillId",
                table: "ContinuityDrillFindings",
                column: "DrillId");

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrillReports_DrillId",
                table: "ContinuityDrillReports",
                column: "DrillId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrillReports_PlanId",
                table: "ContinuityDrillReports",
                column: "PlanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContinuityDrillFindings");

            migrationBuilder.DropTable(
                name: "ContinuityDrillReports");

            migrationBuilder.DropColumn(
                name: "DataLossMinutes",
                table: "ContinuityDrillSteps");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "ContinuityDrillSteps");

            migrationBuilder.DropColumn(
                name: "DataLossMinutes",
                table: "ContinuityDrills");

            migrationBuilder.DropColumn(
                name: "ProcessInstanceId",
                table: "ContinuityDrills");

            migrationBuilder.DropColumn(
                name: "RpoMinutes",
                table: "ContinuityDrills");
        }
    }
}
