using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Recipient",
                table: "WebhookEvents",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OnChangeFailure",
                table: "EscalationPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovedAt",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovedRpoMinutes",
                table: "BusinessImpactAnalyses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovedRtoMinutes",
                table: "BusinessImpactAnalyses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedTo",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentGroup",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Number",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "OpenedAt",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "OpenedBy",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProcessInstanceId",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnReason",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "BusinessImpactAnalyses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShortDescription",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "BusinessImpactAnalyses",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Sender = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    SenderName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EnvelopeSender = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Raw = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutcomeText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnCallFeedTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ScheduleId = table.Column<int>(type: "INTEGER", nullable: true),
                    Feed = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RecordNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NoteId = table.Column<long>(type: "INTEGER", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
