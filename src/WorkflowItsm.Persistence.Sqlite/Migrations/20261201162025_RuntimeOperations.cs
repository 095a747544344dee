using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RuntimeOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsSuspended",
                table: "ProcessInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ScopeId",
                table: "Journal",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TokenId",
                table: "Journal",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "Journal",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "HumanTasks",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "HumanTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ErrorMessage",
                table: "Bookmarks",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LockOwner",
                table: "Bookmarks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "Bookmarks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                table: "Bookmarks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Faults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TokenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ExceptionType = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Stack = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextRetryAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Faults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Faults_ProcessInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "ProcessInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HumanTaskComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanTaskComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanTaskComments_HumanTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "HumanTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Faults_InstanceId",
                table: "Faults",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Faults_ResolvedAt_NextRetryAt_CreatedAt",
                table: "Faults",
                columns: new[] { "ResolvedAt", "NextRetryAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTaskComments_TaskId_Id",
                table: "HumanTaskComments",
                columns: new[] { "TaskId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Faults");

            migrationBuilder.DropTable(
                name: "HumanTaskComments");

            migrationBuilder.DropColumn(
                name: "IsSuspended",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "ScopeId",
                table: "Journal");

            migrationBuilder.DropColumn(
                name: "TokenId",
                table: "Journal");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "Journal");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "HumanTasks");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "HumanTasks");

            migrationBuilder.DropColumn(
                name: "ErrorMessage",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "LockOwner",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "Retries",
                table: "Bookmarks");
        }
    }
}
