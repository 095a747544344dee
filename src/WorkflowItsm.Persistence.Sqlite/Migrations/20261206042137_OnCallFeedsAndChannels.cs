using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OnCallFeedsAndChannels : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_WebhookSubscriptions_Recipient",
                table: "WebhookSubscriptions",
                column: "Recipient");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OnCallFeedTokens");

            migrationBuilder.DropIndex(
                name: "IX_WebhookSubscriptions_Recipient",
                table: "WebhookSubscriptions");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "WebhookSubscriptions");

            migrationBuilder.DropColumn(
                name: "Recipient",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "OnChangeFailure",
                table: "EscalationPolicies");
        }
    }
}
