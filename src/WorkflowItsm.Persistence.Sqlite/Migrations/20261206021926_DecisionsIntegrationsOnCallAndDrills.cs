using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DecisionsIntegrationsOnCallAndDrills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RestartOnReassignment",
                table: "SlaDefinitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "RestartedAt",
                table: "SlaClocks",
                type: "TEXT",
                nullable: true);

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
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Hint = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApiTokenUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TokenId = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokenUses", x => x.Id);
                });

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

            migrationBuilder.CreateTable(
                name: "DecisionDefinitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    VersionTag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HitPolicy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeployedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DeployedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnCallSwapRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScheduleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Layer = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AskedUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OverrideId = table.Column<int>(type: "INTEGER", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallSwapRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallSwapRequests_OnCallSchedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "OnCallSchedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceAccounts",
                columns: table => new
                {
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceAccounts", x => x.UserName);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubscriptionId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponseTimeMs = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DispatchedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookSubscriptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Events = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Filter = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    AllowPrivateAddresses = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    DisabledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DisabledReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 1,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 2,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 3,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 4,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 5,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.UpdateData(
                table: "SlaDefinitions",
                keyColumn: "Id",
                keyValue: 6,
                column: "RestartOnReassignment",
                value: false);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ActivePerRecord",
                table: "Escalations",
                column: "RecordNumber",
                unique: true,
                filter: "\"State\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Hash",
                table: "ApiTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserName",
                table: "ApiTokens",
                column: "UserName");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokenUses_TokenId_At",
                table: "ApiTokenUses",
                columns: new[] { "TokenId", "At" });

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

            migrationBuilder.CreateIndex(
                name: "IX_DecisionDefinitions_Key_Version",
                table: "DecisionDefinitions",
                columns: new[] { "Key", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OnCallSwapRequests_AskedUser_State",
                table: "OnCallSwapRequests",
                columns: new[] { "AskedUser", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallSwapRequests_ScheduleId",
                table: "OnCallSwapRequests",
                column: "ScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_SubscriptionId_EventId",
                table: "WebhookDeliveries",
                columns: new[] { "SubscriptionId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_DispatchedAt",
                table: "WebhookEvents",
                column: "DispatchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_EventId",
                table: "WebhookEvents",
                column: "EventId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "ApiTokenUses");

            migrationBuilder.DropTable(
                name: "ContinuityDrillFindings");

            migrationBuilder.DropTable(
                name: "ContinuityDrillReports");

            migrationBuilder.DropTable(
                name: "DecisionDefinitions");

            migrationBuilder.DropTable(
                name: "OnCallSwapRequests");

            migrationBuilder.DropTable(
                name: "ServiceAccounts");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "WebhookEvents");

            migrationBuilder.DropTable(
                name: "WebhookSubscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ActivePerRecord",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "RestartOnReassignment",
                table: "SlaDefinitions");

            migrationBuilder.DropColumn(
                name: "RestartedAt",
                table: "SlaClocks");

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
