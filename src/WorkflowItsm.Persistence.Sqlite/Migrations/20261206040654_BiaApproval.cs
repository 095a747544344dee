using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BiaApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[] { "BIA", 1000L });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
