using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CallActivities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ParentBookmarkId",
                table: "ProcessInstances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentCallActivityId",
                table: "ProcessInstances",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentInstanceId",
                table: "ProcessInstances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_ParentInstanceId_ParentBookmarkId",
                table: "ProcessInstances",
                columns: new[] { "ParentInstanceId", "ParentBookmarkId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProcessInstances_ParentInstanceId_ParentBookmarkId",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "ParentBookmarkId",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "ParentCallActivityId",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "ParentInstanceId",
                table: "ProcessInstances");
        }
    }
}
