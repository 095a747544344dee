using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ChangeRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChangeGroupSuccessScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Successful = table.Column<int>(type: "integer", nullable: false),
                    SuccessfulWithIssues = table.Column<int>(type: "integer", nullable: false),
                    Unsuccessful = table.Column<int>(type: "integer", nullable: false),
                    IncidentsCaused = table.Column<int>(type: "integer", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeGroupSuccessScores", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeRiskAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    QuestionId = table.Column<long>(type: "bigint", nullable: false),
                    AnswerId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeRiskAnswers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeRiskConditions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Risk = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeRiskConditions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeRiskQuestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeRiskQuestions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeRiskThresholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MinScore = table.Column<int>(type: "integer", nullable: false),
                    Risk = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeRiskThresholds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StandardChangeTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TemplateId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    ShortDescription = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ImplementationPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    BackoutPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    TestPlan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StandardChangeTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeRiskAnswerOptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    QuestionId = table.Column<long>(type: "bigint", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeRiskAnswerOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeRiskAnswerOptions_ChangeRiskQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "ChangeRiskQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeGroupSuccessScores_AssignmentGroup",
                table: "ChangeGroupSuccessScores",
                column: "AssignmentGroup",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeRiskAnswerOptions_QuestionId",
                table: "ChangeRiskAnswerOptions",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeRiskAnswers_ChangeId_QuestionId",
                table: "ChangeRiskAnswers",
                columns: new[] { "ChangeId", "QuestionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeRiskConditions_Order",
                table: "ChangeRiskConditions",
                column: "Order");

            migrationBuilder.CreateIndex(
                name: "IX_StandardChangeTemplates_IsCurrent_Active_Name",
                table: "StandardChangeTemplates",
                columns: new[] { "IsCurrent", "Active", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_StandardChangeTemplates_TemplateId_Version",
                table: "StandardChangeTemplates",
                columns: new[] { "TemplateId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChangeGroupSuccessScores");

            migrationBuilder.DropTable(
                name: "ChangeRiskAnswerOptions");

            migrationBuilder.DropTable(
                name: "ChangeRiskAnswers");

            migrationBuilder.DropTable(
                name: "ChangeRiskConditions");

            migrationBuilder.DropTable(
                name: "ChangeRiskThresholds");

            migrationBuilder.DropTable(
                name: "StandardChangeTemplates");

            migrationBuilder.DropTable(
                name: "ChangeRiskQuestions");
        }
    }
}
