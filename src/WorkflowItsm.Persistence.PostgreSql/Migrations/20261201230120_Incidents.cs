using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IncidentRoutingRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpToPriority = table.Column<int>(type: "integer", nullable: true),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentRoutingRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ShortDescription = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Caller = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Subcategory = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ConfigurationItem = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Impact = table.Column<int>(type: "integer", nullable: false),
                    Urgency = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    AssignmentGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AssignedTo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OnHoldReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ResolutionCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ResolutionNotes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    IsMajor = table.Column<bool>(type: "boolean", nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incidents_Incidents_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PriorityMatrix",
                columns: table => new
                {
                    Impact = table.Column<int>(type: "integer", nullable: false),
                    Urgency = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PriorityMatrix", x => new { x.Impact, x.Urgency });
                });

            migrationBuilder.CreateTable(
                name: "RecordSequences",
                columns: table => new
                {
                    Prefix = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    LastValue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordSequences", x => x.Prefix);
                });

            migrationBuilder.CreateTable(
                name: "IncidentAudit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Field = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    OldValue = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    NewValue = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAudit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentAudit_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Author = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentNotes_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "IncidentRoutingRules",
                columns: new[] { "Id", "AssignmentGroup", "Category", "Order", "UpToPriority" },
                values: new object[] { 1, "service-desk-l2", null, 10, 2 });

            migrationBuilder.InsertData(
                table: "PriorityMatrix",
                columns: new[] { "Impact", "Urgency", "Priority" },
                values: new object[,]
                {
                    { 1, 1, 1 },
                    { 1, 2, 2 },
                    { 1, 3, 3 },
                    { 2, 1, 2 },
                    { 2, 2, 3 },
                    { 2, 3, 4 },
                    { 3, 1, 3 },
                    { 3, 2, 4 },
                    { 3, 3, 5 }
                });

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[,]
                {
                    { "CHG", 1000L },
                    { "INC", 1000L },
                    { "PRB", 1000L },
                    { "REL", 1000L },
                    { "REQ", 1000L },
                    { "RITM", 1000L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentAudit_IncidentId_ChangedAt",
                table: "IncidentAudit",
                columns: new[] { "IncidentId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentNotes_IncidentId_At",
                table: "IncidentNotes",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_AssignedTo_State",
                table: "Incidents",
                columns: new[] { "AssignedTo", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Caller_OpenedAt",
                table: "Incidents",
                columns: new[] { "Caller", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Category_OpenedAt",
                table: "Incidents",
                columns: new[] { "Category", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ConfigurationItem_OpenedAt",
                table: "Incidents",
                columns: new[] { "ConfigurationItem", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Number",
                table: "Incidents",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ParentId",
                table: "Incidents",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ProcessInstanceId",
                table: "Incidents",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_AssignmentGroup_Priority_OpenedAt",
                table: "Incidents",
                columns: new[] { "State", "AssignmentGroup", "Priority", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_OpenedAt",
                table: "Incidents",
                columns: new[] { "State", "OpenedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentAudit");

            migrationBuilder.DropTable(
                name: "IncidentNotes");

            migrationBuilder.DropTable(
                name: "IncidentRoutingRules");

            migrationBuilder.DropTable(
                name: "PriorityMatrix");

            migrationBuilder.DropTable(
                name: "RecordSequences");

            migrationBuilder.DropTable(
                name: "Incidents");
        }
    }
}
