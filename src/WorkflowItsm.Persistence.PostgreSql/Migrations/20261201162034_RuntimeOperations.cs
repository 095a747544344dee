using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ScopeId",
                table: "Journal",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TokenId",
                table: "Journal",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "Journal",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "HumanTasks",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "HumanTasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ErrorMessage",
                table: "Bookmarks",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LockOwner",
                table: "Bookmarks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "Bookmarks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Retries",
                table: "Bookmarks",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Faults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ElementId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ExceptionType = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Stack = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextRetryAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    JobId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Author = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
