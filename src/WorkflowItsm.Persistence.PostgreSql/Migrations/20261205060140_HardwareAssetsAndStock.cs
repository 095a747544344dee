using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class HardwareAssetsAndStock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssetAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AssetNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Person = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AssignedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssetAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssetModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Manufacturer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UnitCost = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    UsefulLifeMonths = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssetModels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Stockrooms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stockrooms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Assets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SerialKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssetTag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Substate = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AssignedPerson = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StockroomId = table.Column<int>(type: "integer", nullable: true),
                    ReservedFor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    OrderNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Supplier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PurchaseDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Cost = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    WarrantyEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    DepreciationMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UsefulLifeMonths = table.Column<int>(type: "integer", nullable: false),
                    SalvageValue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ConfigurationItemNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ShortDescription = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AssignedTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assets_AssetModels_ModelId",
                        column: x => x.ModelId,
                        principalTable: "AssetModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assets_Stockrooms_StockroomId",
                        column: x => x.StockroomId,
                        principalTable: "Stockrooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StockRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    StockroomId = table.Column<int>(type: "integer", nullable: false),
                    Threshold = table.Column<int>(type: "integer", nullable: false),
                    RestockQuantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StockRules_AssetModels_ModelId",
                        column: x => x.ModelId,
                        principalTable: "AssetModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StockRules_Stockrooms_StockroomId",
                        column: x => x.StockroomId,
                        principalTable: "Stockrooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RestockOrders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RuleId = table.Column<int>(type: "integer", nullable: false),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    StockroomId = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PendingRuleId = table.Column<int>(type: "integer", nullable: true),
                    AvailableWhenRaised = table.Column<int>(type: "integer", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestockOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestockOrders_StockRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "StockRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[] { "AST", 1000L });

            migrationBuilder.CreateIndex(
                name: "IX_AssetAssignments_AssetNumber_From",
                table: "AssetAssignments",
                columns: new[] { "AssetNumber", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_AssetModels_Manufacturer_Name",
                table: "AssetModels",
                columns: new[] { "Manufacturer", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assets_AssetTag",
                table: "Assets",
                column: "AssetTag");

            migrationBuilder.CreateIndex(
                name: "IX_Assets_AssignedPerson_State",
                table: "Assets",
                columns: new[] { "AssignedPerson", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Assets_ConfigurationItemNumber",
                table: "Assets",
                column: "ConfigurationItemNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Assets_ModelId_StockroomId_State_Substate",
                table: "Assets",
                columns: new[] { "ModelId", "StockroomId", "State", "Substate" });

            migrationBuilder.CreateIndex(
                name: "IX_Assets_Number",
                table: "Assets",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assets_ProcessInstanceId",
                table: "Assets",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Assets_SerialKey",
                table: "Assets",
                column: "SerialKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assets_State_Substate_OpenedAt",
                table: "Assets",
                columns: new[] { "State", "Substate", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Assets_StockroomId",
                table: "Assets",
                column: "StockroomId");

            migrationBuilder.CreateIndex(
                name: "IX_Assets_WarrantyEnd",
                table: "Assets",
                column: "WarrantyEnd");

            migrationBuilder.CreateIndex(
                name: "IX_RestockOrders_PendingRuleId",
                table: "RestockOrders",
                column: "PendingRuleId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestockOrders_RuleId",
                table: "RestockOrders",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_RestockOrders_State_RaisedAt",
                table: "RestockOrders",
                columns: new[] { "State", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Stockrooms_Name",
                table: "Stockrooms",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockRules_ModelId_StockroomId",
                table: "StockRules",
                columns: new[] { "ModelId", "StockroomId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StockRules_StockroomId",
                table: "StockRules",
                column: "StockroomId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssetAssignments");

            migrationBuilder.DropTable(
                name: "Assets");

            migrationBuilder.DropTable(
                name: "RestockOrders");

            migrationBuilder.DropTable(
                name: "StockRules");

            migrationBuilder.DropTable(
                name: "AssetModels");

            migrationBuilder.DropTable(
                name: "Stockrooms");

            migrationBuilder.DeleteData(
                table: "RecordSequences",
                keyColumn: "Prefix",
                keyValue: "AST");
        }
    }
}
