using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AddContinuity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BusinessImpactAnalyses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Service = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MtpdMinutes = table.Column<int>(type: "integer", nullable: true),
                    RtoMinutes = table.Column<int>(type: "integer", nullable: true),
                    RpoMinutes = table.Column<int>(type: "integer", nullable: true),
                    Tier = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ReviewDue = table.Column<DateOnly>(type: "date", nullable: false),
                    AnalysedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AnalysedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CurrencyReminderAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessImpactAnalyses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CiRecoveryCapabilities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CiNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RecoveryMinutes = table.Column<int>(type: "integer", nullable: false),
                    SetBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiRecoveryCapabilities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityDrills",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    ScheduleId = table.Column<long>(type: "bigint", nullable: true),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RtoMinutes = table.Column<int>(type: "integer", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EscalatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    MeasuredMinutes = table.Column<int>(type: "integer", nullable: true),
                    StartedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityDrillSchedules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Cron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Interval = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    NextDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrillSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityImpactCategories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityImpactCategories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityPlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Service = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Contacts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReviewReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    BestMinutes = table.Column<int>(type: "integer", nullable: true),
                    WorstMinutes = table.Column<int>(type: "integer", nullable: true),
                    Compliant = table.Column<bool>(type: "boolean", nullable: true),
                    CheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CoverageReminderAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Cis = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityRisks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Likelihood = table.Column<int>(type: "integer", nullable: false),
                    Impact = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Mitigations = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReviewDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Services = table.Column<List<string>>(type: "text[]", nullable: false),
                    Plans = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityRisks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BusinessImpactRatings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AnalysisId = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Rating = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Intolerable = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessImpactRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BusinessImpactRatings_BusinessImpactAnalyses_AnalysisId",
                        column: x => x.AnalysisId,
                        principalTable: "BusinessImpactAnalyses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityDrillSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DrillId = table.Column<long>(type: "bigint", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DependsOn = table.Column<List<int>>(type: "integer[]", nullable: false),
                    RequiredEvidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CompletedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ProblemNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrillSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContinuityDrillSteps_ContinuityDrills_DrillId",
                        column: x => x.DrillId,
                        principalTable: "ContinuityDrills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContinuitySteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EstimateMinutes = table.Column<int>(type: "integer", nullable: false),
                    DependsOn = table.Column<List<int>>(type: "integer[]", nullable: false),
                    Runbook = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RequiredEvidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuitySteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContinuitySteps_ContinuityPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ContinuityPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BusinessImpactAnalyses_Service",
                table: "BusinessImpactAnalyses",
                column: "Service",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BusinessImpactRatings_AnalysisId_Category_DurationMinutes",
                table: "BusinessImpactRatings",
                columns: new[] { "AnalysisId", "Category", "DurationMinutes" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiRecoveryCapabilities_CiNumber",
                table: "CiRecoveryCapabilities",
                column: "CiNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrills_PlanId_StartedAt",
                table: "ContinuityDrills",
                columns: new[] { "PlanId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrillSchedules_PlanId",
                table: "ContinuityDrillSchedules",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityDrillSteps_DrillId_Order",
                table: "ContinuityDrillSteps",
                columns: new[] { "DrillId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityImpactCategories_Key",
                table: "ContinuityImpactCategories",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityPlans_Service",
                table: "ContinuityPlans",
                column: "Service",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContinuityRisks_ReviewDate",
                table: "ContinuityRisks",
                column: "ReviewDate");

            migrationBuilder.CreateIndex(
                name: "IX_ContinuitySteps_PlanId_Order",
                table: "ContinuitySteps",
                columns: new[] { "PlanId", "Order" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BusinessImpactRatings");

            migrationBuilder.DropTable(
                name: "CiRecoveryCapabilities");

            migrationBuilder.DropTable(
                name: "ContinuityDrillSchedules");

            migrationBuilder.DropTable(
                name: "ContinuityDrillSteps");

            migrationBuilder.DropTable(
                name: "ContinuityImpactCategories");

            migrationBuilder.DropTable(
                name: "ContinuityRisks");

            migrationBuilder.DropTable(
                name: "ContinuitySteps");

            migrationBuilder.DropTable(
                name: "BusinessImpactAnalyses");

            migrationBuilder.DropTable(
                name: "ContinuityDrills");

            migrationBuilder.DropTable(
                name: "ContinuityPlans");
        }
    }
}
