using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ChangeManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApprovalRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ConditionKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ConditionValue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Policy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PolicyValue = table.Column<int>(type: "integer", nullable: true),
                    Rejection = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RejectionValue = table.Column<int>(type: "integer", nullable: false),
                    ApproverPeople = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ApproverGroups = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CabGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RequesterManager = table.Column<bool>(type: "boolean", nullable: false),
                    DuePeriod = table.Column<int>(type: "integer", nullable: true),
                    DueUnit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CalendarKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DueAction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EscalateTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Approvals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RuleKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RuleName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Policy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PolicyValue = table.Column<int>(type: "integer", nullable: true),
                    Rejection = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RejectionValue = table.Column<int>(type: "integer", nullable: false),
                    DueAction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EscalateTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Due = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EscalationTaskId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Approvals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeConflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    OtherChangeNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CiNumbers = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RelationPath = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    WindowId = table.Column<long>(type: "bigint", nullable: true),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeConflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeConflicts_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeFreezes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EnforcedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EnforcedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFreezes", x => x.Id);
                });

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
                name: "ChangeWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AppliesToAll = table.Column<bool>(type: "boolean", nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeWindows", x => x.Id);
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
                name: "ApprovalApprovers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApprovalId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalApprovers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalApprovers_Approvals_ApprovalId",
                        column: x => x.ApprovalId,
                        principalTable: "Approvals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApprovalId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApprovalLinks_Approvals_ApprovalId",
                        column: x => x.ApprovalId,
                        principalTable: "Approvals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeFreezeScopes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FreezeId = table.Column<long>(type: "bigint", nullable: false),
                    CiNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFreezeScopes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeFreezeScopes_ChangeFreezes_FreezeId",
                        column: x => x.FreezeId,
                        principalTable: "ChangeFreezes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.CreateTable(
                name: "ChangeWindowTargets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WindowId = table.Column<long>(type: "bigint", nullable: false),
                    CiNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeWindowTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeWindowTargets_ChangeWindows_WindowId",
                        column: x => x.WindowId,
                        principalTable: "ChangeWindows",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ConfigurationItem_PlannedStart",
                table: "Changes",
                columns: new[] { "ConfigurationItem", "PlannedStart" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalApprovers_ApprovalId_UserName",
                table: "ApprovalApprovers",
                columns: new[] { "ApprovalId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalApprovers_UserName_IsActive_Decision",
                table: "ApprovalApprovers",
                columns: new[] { "UserName", "IsActive", "Decision" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalLinks_ApprovalId",
                table: "ApprovalLinks",
                column: "ApprovalId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalLinks_TokenHash",
                table: "ApprovalLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRules_RecordKind_Key_Order",
                table: "ApprovalRules",
                columns: new[] { "RecordKind", "Key", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_ProcessInstanceId",
                table: "Approvals",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_RecordNumber_RequestedAt",
                table: "Approvals",
                columns: new[] { "RecordNumber", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeConflicts_ChangeId",
                table: "ChangeConflicts",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezes_State_Start_End",
                table: "ChangeFreezes",
                columns: new[] { "State", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezeScopes_FreezeId_CiNumber",
                table: "ChangeFreezeScopes",
                columns: new[] { "FreezeId", "CiNumber" },
                unique: true);

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
                name: "IX_ChangeWindows_Kind_Start_End",
                table: "ChangeWindows",
                columns: new[] { "Kind", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeWindowTargets_CiNumber",
                table: "ChangeWindowTargets",
                column: "CiNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeWindowTargets_WindowId_CiNumber",
                table: "ChangeWindowTargets",
                columns: new[] { "WindowId", "CiNumber" },
                unique: true);

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
                name: "ApprovalApprovers");

            migrationBuilder.DropTable(
                name: "ApprovalLinks");

            migrationBuilder.DropTable(
                name: "ApprovalRules");

            migrationBuilder.DropTable(
                name: "ChangeConflicts");

            migrationBuilder.DropTable(
                name: "ChangeFreezeScopes");

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
                name: "ChangeWindowTargets");

            migrationBuilder.DropTable(
                name: "StandardChangeTemplates");

            migrationBuilder.DropTable(
                name: "Approvals");

            migrationBuilder.DropTable(
                name: "ChangeFreezes");

            migrationBuilder.DropTable(
                name: "ChangeRiskQuestions");

            migrationBuilder.DropTable(
                name: "ChangeWindows");

            migrationBuilder.DropIndex(
                name: "IX_Changes_ConfigurationItem_PlannedStart",
                table: "Changes");
        }
    }
}
