using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class EmailChannelOnCallFeedsAndBiaApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "WebhookSubscriptions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "WebhookEvents",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OnChangeFailure",
                table: "EscalationPolicies",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovedAt",
                table: "BusinessImpactAnalyses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "BusinessImpactAnalyses",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovedRpoMinutes",
                table: "BusinessImpactAnalyses",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovedRtoMinutes",
                table: "BusinessImpactAnalyses",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedTo",
                table: "BusinessImpactAnalyses",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentGroup",
                table: "BusinessImpactAnalyses",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "BusinessImpactAnalyses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "BusinessImpactAnalyses",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Number",
                table: "BusinessImpactAnalyses",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "OpenedAt",
                table: "BusinessImpactAnalyses",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "OpenedBy",
                table: "BusinessImpactAnalyses",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProcessInstanceId",
                table: "BusinessImpactAnalyses",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "BusinessImpactAnalyses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnReason",
                table: "BusinessImpactAnalyses",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "BusinessImpactAnalyses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShortDescription",
                table: "BusinessImpactAnalyses",
                type: "character varying(160)",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "BusinessImpactAnalyses",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "BusinessImpactAnalyses",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Sender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    SenderName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EnvelopeSender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    MessageId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Raw = table.Column<byte[]>(type: "bytea", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnCallFeedTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ScheduleId = table.Column<int>(type: "integer", nullable: true),
                    Feed = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallFeedTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallFeedTokens_OnCallSchedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "OnCallSchedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SentRecordMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RecordNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NoteId = table.Column<long>(type: "bigint", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentRecordMails", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[] { "BIA", 1000L });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookSubscriptions_Recipient",
                table: "WebhookSubscriptions",
                column: "Recipient");

            // Analyses from before approvals: numbered and counted as approved (see BiaRecordsMigration), before the unique index.
            WorkflowItsm.Itsm.Continuity.BiaRecordsMigration.Up(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_BusinessImpactAnalyses_Number",
                table: "BusinessImpactAnalyses",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BusinessImpactAnalyses_ProcessInstanceId",
                table: "BusinessImpactAnalyses",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMails_Outcome_ReceivedAt",
                table: "InboundMails",
                columns: new[] { "Outcome", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMails_Sender_ReceivedAt",
                table: "InboundMails",
                columns: new[] { "Sender", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallFeedTokens_ScheduleId",
                table: "OnCallFeedTokens",
                column: "ScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_OnCallFeedTokens_TokenHash",
                table: "OnCallFeedTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OnCallFeedTokens_UserName_Feed",
                table: "OnCallFeedTokens",
                columns: new[] { "UserName", "Feed" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_MessageId",
                table: "SentRecordMails",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_NoteId",
                table: "SentRecordMails",
                column: "NoteId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_RecordNumber",
                table: "SentRecordMails",
                column: "RecordNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundMails");

            migrationBuilder.DropTable(
                name: "OnCallFeedTokens");

            migrationBuilder.DropTable(
                name: "SentRecordMails");

            migrationBuilder.DropIndex(
                name: "IX_WebhookSubscriptions_Recipient",
                table: "WebhookSubscriptions");

            migrationBuilder.DropIndex(
                name: "IX_BusinessImpactAnalyses_Number",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropIndex(
                name: "IX_BusinessImpactAnalyses_ProcessInstanceId",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DeleteData(
                table: "RecordSequences",
                keyColumn: "Prefix",
                keyValue: "BIA");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "WebhookSubscriptions");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "OnChangeFailure",
                table: "EscalationPolicies");

            migrationBuilder.DropColumn(
                name: "ApprovedAt",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ApprovedBy",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ApprovedRpoMinutes",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ApprovedRtoMinutes",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "AssignedTo",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "AssignmentGroup",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "OpenedBy",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ProcessInstanceId",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ReturnReason",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "ShortDescription",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "State",
                table: "BusinessImpactAnalyses");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "BusinessImpactAnalyses");
        }
    }
}
