using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.SqlServer.Migrations
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "RestartedAt",
                table: "SlaClocks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DataLossMinutes",
                table: "ContinuityDrillSteps",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "ContinuityDrillSteps",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DataLossMinutes",
                table: "ContinuityDrills",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProcessInstanceId",
                table: "ContinuityDrills",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RpoMinutes",
                table: "ContinuityDrills",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Hint = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApiTokenUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TokenId = table.Column<int>(type: "int", nullable: false),
                    TokenName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Method = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Path = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokenUses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContinuityDrillFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DrillId = table.Column<long>(type: "bigint", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ProblemNumber = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    ChangeNumber = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DrillId = table.Column<long>(type: "bigint", nullable: false),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinuityDrillReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DecisionDefinitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    VersionTag = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    HitPolicy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    FileName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Xml = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ContentHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DeployedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DeployedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnCallSwapRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ScheduleId = table.Column<int>(type: "int", nullable: false),
                    Layer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AskedUser = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    OverrideId = table.Column<int>(type: "int", nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
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
                    UserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceAccounts", x => x.UserName);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SubscriptionId = table.Column<int>(type: "int", nullable: false),
                    EventId = table.Column<long>(type: "bigint", nullable: false),
                    EventType = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    ResponseStatus = table.Column<int>(type: "int", nullable: true),
                    ResponseTimeMs = table.Column<int>(type: "int", nullable: true),
                    Error = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    NextAttemptAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EventId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Type = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DispatchedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookSubscriptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Events = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Filter = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    AllowPrivateAddresses = table.Column<bool>(type: "bit", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "int", nullable: false),
                    DisabledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DisabledReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
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
