using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Approvals : Migration
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
                name: "Approvals");
        }
    }
}
