using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ChangeFreezeRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Reason",
                table: "ChangeFreezes",
                newName: "Description");

            migrationBuilder.RenameColumn(
                name: "CreatedBy",
                table: "ChangeFreezes",
                newName: "OpenedBy");

            migrationBuilder.RenameColumn(
                name: "CreatedAt",
                table: "ChangeFreezes",
                newName: "UpdatedAt");

            migrationBuilder.RenameColumn(
                name: "CancelledAt",
                table: "ChangeFreezes",
                newName: "ResolvedAt");

            migrationBuilder.AddColumn<string>(
                name: "AssignedTo",
                table: "ChangeFreezes",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentGroup",
                table: "ChangeFreezes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "ChangeFreezes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Number",
                table: "ChangeFreezes",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "OpenedAt",
                table: "ChangeFreezes",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "ProcessInstanceId",
                table: "ChangeFreezes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "ChangeFreezes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShortDescription",
                table: "ChangeFreezes",
                type: "character varying(160)",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            // A freeze became a record (FRZ…): its name is the short description, its creation the opening, its
            // cancellation the closing; existing freezes are numbered by id and the sequence continues after them.
            migrationBuilder.Sql("UPDATE \"ChangeFreezes\" SET \"ShortDescription\" = left(\"Name\", 160), \"OpenedAt\" = \"UpdatedAt\", \"ClosedAt\" = \"ResolvedAt\", \"ResolvedAt\" = NULL, \"Number\" = 'FRZ' || lpad((1000 + \"Id\")::text, 7, '0')");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "ChangeFreezes");

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[] { "FRZ", 1000L });

            migrationBuilder.Sql("UPDATE \"RecordSequences\" SET \"LastValue\" = 1000 + COALESCE((SELECT MAX(\"Id\") FROM \"ChangeFreezes\"), 0) WHERE \"Prefix\" = 'FRZ'");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezes_Number",
                table: "ChangeFreezes",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezes_ProcessInstanceId",
                table: "ChangeFreezes",
                column: "ProcessInstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChangeFreezes_Number",
                table: "ChangeFreezes");

            migrationBuilder.DropIndex(
                name: "IX_ChangeFreezes_ProcessInstanceId",
                table: "ChangeFreezes");

            migrationBuilder.DeleteData(
                table: "RecordSequences",
                keyColumn: "Prefix",
                keyValue: "FRZ");

            migrationBuilder.DropColumn(
                name: "AssignedTo",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "AssignmentGroup",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "ProcessInstanceId",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "ChangeFreezes");

            migrationBuilder.DropColumn(
                name: "ShortDescription",
                table: "ChangeFreezes");

            migrationBuilder.RenameColumn(
                name: "UpdatedAt",
                table: "ChangeFreezes",
                newName: "CreatedAt");

            migrationBuilder.RenameColumn(
                name: "ResolvedAt",
                table: "ChangeFreezes",
                newName: "CancelledAt");

            migrationBuilder.RenameColumn(
                name: "OpenedBy",
                table: "ChangeFreezes",
                newName: "CreatedBy");

            migrationBuilder.RenameColumn(
                name: "Description",
                table: "ChangeFreezes",
                newName: "Reason");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "ChangeFreezes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }
    }
}
