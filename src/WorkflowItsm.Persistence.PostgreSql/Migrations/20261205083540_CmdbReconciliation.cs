using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CmdbReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CiAttributeValues_AttributeId_Value",
                table: "CiAttributeValues");

            migrationBuilder.AddColumn<string>(
                name: "MatchName",
                table: "ConfigurationItems",
                type: "character varying(160)",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MatchValue",
                table: "CiAttributeValues",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            // CIs from before identification: their match columns follow their names and values.
            migrationBuilder.Sql(@"UPDATE ""ConfigurationItems"" SET ""MatchName"" = UPPER(TRIM(""ShortDescription""))");
            migrationBuilder.Sql(@"UPDATE ""CiAttributeValues"" SET ""MatchValue"" = UPPER(TRIM(""Value"")) WHERE ""Value"" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "CiDataSources",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    DefaultPriority = table.Column<int>(type: "integer", nullable: false),
                    ClearsValues = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiDataSources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CiDuplicateTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClassKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    AttributesJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Source = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Candidates = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    MatchedBy = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResultNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiDuplicateTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CiIdentificationRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClassId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Keys = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiIdentificationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiIdentificationRules_CiClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiSourcePriorities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    AttributeKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiSourcePriorities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiSourcePriorities_CiDataSources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "CiDataSources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "CiDataSources",
                columns: new[] { "Id", "ClearsValues", "DefaultPriority", "Key", "Name" },
                values: new object[,]
                {
                    { -3, false, 40, "spreadsheet", "Spreadsheet" },
                    { -2, false, 60, "manual", "Manual entry" },
                    { -1, false, 80, "discovery", "Discovery" }
                });

            migrationBuilder.InsertData(
                table: "CiIdentificationRules",
                columns: new[] { "Id", "ClassId", "Keys", "Order" },
                values: new object[,]
                {
                    { -10, -9, "name", 1 },
                    { -9, -8, "name", 2 },
                    { -8, -8, "serialNumber", 1 },
                    { -7, -7, "name,engine", 1 },
                    { -6, -6, "name,port", 1 },
                    { -5, -4, "name", 2 },
                    { -4, -4, "serialNumber", 1 },
                    { -3, -3, "name", 1 },
                    { -2, -2, "name", 1 },
                    { -1, -1, "name", 1 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_ClassId_MatchName",
                table: "ConfigurationItems",
                columns: new[] { "ClassId", "MatchName" });

            migrationBuilder.CreateIndex(
                name: "IX_CiAttributeValues_AttributeId_MatchValue",
                table: "CiAttributeValues",
                columns: new[] { "AttributeId", "MatchValue" });

            migrationBuilder.CreateIndex(
                name: "IX_CiDataSources_Key",
                table: "CiDataSources",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiDuplicateTasks_State_CreatedAt",
                table: "CiDuplicateTasks",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CiIdentificationRules_ClassId_Order",
                table: "CiIdentificationRules",
                columns: new[] { "ClassId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiSourcePriorities_SourceId_AttributeKey",
                table: "CiSourcePriorities",
                columns: new[] { "SourceId", "AttributeKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CiDuplicateTasks");

            migrationBuilder.DropTable(
                name: "CiIdentificationRules");

            migrationBuilder.DropTable(
                name: "CiSourcePriorities");

            migrationBuilder.DropTable(
                name: "CiDataSources");

            migrationBuilder.DropIndex(
                name: "IX_ConfigurationItems_ClassId_MatchName",
                table: "ConfigurationItems");

            migrationBuilder.DropIndex(
                name: "IX_CiAttributeValues_AttributeId_MatchValue",
                table: "CiAttributeValues");

            migrationBuilder.DropColumn(
                name: "MatchName",
                table: "ConfigurationItems");

            migrationBuilder.DropColumn(
                name: "MatchValue",
                table: "CiAttributeValues");

            migrationBuilder.CreateIndex(
                name: "IX_CiAttributeValues_AttributeId_Value",
                table: "CiAttributeValues",
                columns: new[] { "AttributeId", "Value" });
        }
    }
}
