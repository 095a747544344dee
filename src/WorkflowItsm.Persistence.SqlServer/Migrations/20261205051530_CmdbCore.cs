using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WorkflowItsm.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CmdbCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "RecordAudit",
                type: "nvarchar(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CiClasses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ParentId = table.Column<int>(type: "int", nullable: true),
                    RefreshPeriodDays = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiClasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiClasses_CiClasses_ParentId",
                        column: x => x.ParentId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CiRelationTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReverseName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Impact = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    IsMembership = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiRelationTypes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CiAttributes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ClassId = table.Column<int>(type: "int", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Required = table.Column<bool>(type: "bit", nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiAttributes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiAttributes_CiClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConfigurationItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ClassId = table.Column<int>(type: "int", nullable: false),
                    BusinessCriticality = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    OperationalStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Number = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ShortDescription = table.Column<string>(type: "nvarchar(160)", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    AssignmentGroup = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    AssignedTo = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ProcessInstanceId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    OpenedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConfigurationItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConfigurationItems_CiClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CiRelationRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TypeId = table.Column<int>(type: "int", nullable: false),
                    SourceClassId = table.Column<int>(type: "int", nullable: true),
                    TargetClassId = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiRelationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiRelationRules_CiClasses_SourceClassId",
                        column: x => x.SourceClassId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CiRelationRules_CiClasses_TargetClassId",
                        column: x => x.TargetClassId,
                        principalTable: "CiClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CiRelationRules_CiRelationTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "CiRelationTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiChoiceOptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AttributeId = table.Column<int>(type: "int", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Label = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiChoiceOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiChoiceOptions_CiAttributes_AttributeId",
                        column: x => x.AttributeId,
                        principalTable: "CiAttributes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiAttributeValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CiId = table.Column<long>(type: "bigint", nullable: false),
                    AttributeId = table.Column<int>(type: "int", nullable: false),
                    Value = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    Source = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiAttributeValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiAttributeValues_CiAttributes_AttributeId",
                        column: x => x.AttributeId,
                        principalTable: "CiAttributes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CiAttributeValues_ConfigurationItems_CiId",
                        column: x => x.CiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiRelations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    TypeId = table.Column<int>(type: "int", nullable: false),
                    TargetId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiRelations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiRelations_CiRelationTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "CiRelationTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CiRelations_ConfigurationItems_SourceId",
                        column: x => x.SourceId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CiRelations_ConfigurationItems_TargetId",
                        column: x => x.TargetId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "CiClasses",
                columns: new[] { "Id", "Description", "Key", "Name", "ParentId", "RefreshPeriodDays" },
                values: new object[,]
                {
                    { -9, "A site, building or room.", "location", "Location", null, 60 },
                    { -8, "A switch, router, firewall or access point.", "network-device", "Network device", null, 60 },
                    { -6, "An installed and running piece of software (a web server, a database server).", "software-instance", "Software instance", null, 60 },
                    { -4, "A physical computer.", "server", "Server", null, 60 },
                    { -3, "Redundant members of which a minimum must be up.", "application-cluster", "Application cluster", null, 60 },
                    { -2, "Software that delivers a service, as a whole.", "application", "Application", null, 60 },
                    { -1, "A service the business consumes (email, payroll); impact analysis ends here.", "business-service", "Business service", null, 60 }
                });

            migrationBuilder.InsertData(
                table: "CiRelationTypes",
                columns: new[] { "Id", "Impact", "IsMembership", "Key", "Name", "ReverseName" },
                values: new object[,]
                {
                    { -7, "None", false, "managed-by", "managed by", "manages" },
                    { -6, "TargetNeedsSource", true, "member-of", "member of", "has member" },
                    { -5, "SourceNeedsTarget", false, "connects-to", "connects to", "connected from" },
                    { -4, "TargetNeedsSource", false, "contains", "contains", "contained by" },
                    { -3, "SourceNeedsTarget", false, "hosted-on", "hosted on", "hosts" },
                    { -2, "SourceNeedsTarget", false, "runs-on", "runs on", "runs" },
                    { -1, "SourceNeedsTarget", false, "depends-on", "depends on", "used by" }
                });

            migrationBuilder.InsertData(
                table: "RecordSequences",
                columns: new[] { "Prefix", "LastValue" },
                values: new object[] { "CI", 1000L });

            migrationBuilder.InsertData(
                table: "CiAttributes",
                columns: new[] { "Id", "ClassId", "Key", "Name", "Order", "Required", "Type" },
                values: new object[,]
                {
                    { -27, -4, "location", "Location", 8, false, "ConfigurationItem" },
                    { -26, -9, "city", "City", 2, false, "Text" },
                    { -25, -9, "address", "Address", 1, false, "Text" },
                    { -24, -8, "managementIp", "Management IP", 3, false, "Text" },
                    { -23, -8, "serialNumber", "Serial number", 2, false, "Text" },
                    { -22, -8, "deviceType", "Device type", 1, false, "Choice" },
                    { -19, -6, "installedOn", "Installed on", 3, false, "Date" },
                    { -18, -6, "port", "Port", 2, false, "Number" },
                    { -17, -6, "version", "Version", 1, false, "Text" },
                    { -15, -4, "monitored", "Monitored", 7, false, "Boolean" },
                    { -14, -4, "ipAddress", "IP address", 6, false, "Text" },
                    { -13, -4, "operatingSystem", "Operating system", 5, false, "Text" },
                    { -12, -4, "coresPerCpu", "Cores per CPU", 4, false, "Number" },
                    { -11, -4, "cpuCount", "CPUs", 3, false, "Number" },
                    { -10, -4, "ramGb", "RAM (GB)", 2, false, "Number" },
                    { -9, -4, "serialNumber", "Serial number", 1, false, "Text" },
                    { -8, -3, "minUpUnit", "Minimum counted as", 2, false, "Choice" },
                    { -7, -3, "minUp", "Minimum members up", 1, false, "Number" },
                    { -6, -2, "supportGroup", "Support group", 3, false, "Group" },
                    { -5, -2, "version", "Version", 2, false, "Text" },
                    { -4, -2, "vendor", "Vendor", 1, false, "Text" },
                    { -3, -1, "serviceHours", "Service hours", 3, false, "Text" },
                    { -2, -1, "supportGroup", "Support group", 2, false, "Group" },
                    { -1, -1, "serviceOwner", "Service owner", 1, false, "Person" }
                });

            migrationBuilder.InsertData(
                table: "CiClasses",
                columns: new[] { "Id", "Description", "Key", "Name", "ParentId", "RefreshPeriodDays" },
                values: new object[,]
                {
                    { -7, "A database on a database server.", "database", "Database", -6, 60 },
                    { -5, "A server that runs on a hypervisor host.", "virtual-machine", "Virtual machine", -4, 60 }
                });

            migrationBuilder.InsertData(
                table: "CiRelationRules",
                columns: new[] { "Id", "SourceClassId", "TargetClassId", "TypeId" },
                values: new object[,]
                {
                    { -16, null, null, -7 },
                    { -15, -6, -3, -6 },
                    { -14, -2, -3, -6 },
                    { -13, -4, -3, -6 },
                    { -12, -8, -8, -5 },
                    { -11, -4, -8, -5 },
                    { -10, -9, null, -4 },
                    { -7, -2, -3, -2 },
                    { -6, -6, -4, -2 },
                    { -5, -2, -4, -2 },
                    { -4, -6, null, -1 },
                    { -3, -3, null, -1 },
                    { -2, -2, null, -1 },
                    { -1, -1, null, -1 }
                });

            migrationBuilder.InsertData(
                table: "CiAttributes",
                columns: new[] { "Id", "ClassId", "Key", "Name", "Order", "Required", "Type" },
                values: new object[,]
                {
                    { -21, -7, "sizeGb", "Size (GB)", 2, false, "Number" },
                    { -20, -7, "engine", "Engine", 1, false, "Choice" },
                    { -16, -5, "hypervisor", "Hypervisor", 1, false, "Choice" }
                });

            migrationBuilder.InsertData(
                table: "CiChoiceOptions",
                columns: new[] { "Id", "AttributeId", "Key", "Label", "Order" },
                values: new object[,]
                {
                    { -13, -22, "access-point", "Access point", 4 },
                    { -12, -22, "firewall", "Firewall", 3 },
                    { -11, -22, "router", "Router", 2 },
                    { -10, -22, "switch", "Switch", 1 },
                    { -2, -8, "percent", "Percent of members", 2 },
                    { -1, -8, "count", "Members", 1 }
                });

            migrationBuilder.InsertData(
                table: "CiRelationRules",
                columns: new[] { "Id", "SourceClassId", "TargetClassId", "TypeId" },
                values: new object[,]
                {
                    { -9, -7, -6, -3 },
                    { -8, -5, -4, -3 }
                });

            migrationBuilder.InsertData(
                table: "CiChoiceOptions",
                columns: new[] { "Id", "AttributeId", "Key", "Label", "Order" },
                values: new object[,]
                {
                    { -9, -20, "mysql", "MySQL", 4 },
                    { -8, -20, "oracle", "Oracle", 3 },
                    { -7, -20, "sql-server", "SQL Server", 2 },
                    { -6, -20, "postgresql", "PostgreSQL", 1 },
                    { -5, -16, "kvm", "KVM", 3 },
                    { -4, -16, "hyper-v", "Hyper-V", 2 },
                    { -3, -16, "vmware", "VMware ESXi", 1 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CiAttributes_ClassId_Key",
                table: "CiAttributes",
                columns: new[] { "ClassId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiAttributeValues_AttributeId_Value",
                table: "CiAttributeValues",
                columns: new[] { "AttributeId", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_CiAttributeValues_CiId_AttributeId",
                table: "CiAttributeValues",
                columns: new[] { "CiId", "AttributeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiChoiceOptions_AttributeId_Key",
                table: "CiChoiceOptions",
                columns: new[] { "AttributeId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiClasses_Key",
                table: "CiClasses",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiClasses_ParentId",
                table: "CiClasses",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationRules_SourceClassId",
                table: "CiRelationRules",
                column: "SourceClassId");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationRules_TargetClassId",
                table: "CiRelationRules",
                column: "TargetClassId");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationRules_TypeId",
                table: "CiRelationRules",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelations_SourceId_TypeId_TargetId",
                table: "CiRelations",
                columns: new[] { "SourceId", "TypeId", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiRelations_TargetId_TypeId_SourceId",
                table: "CiRelations",
                columns: new[] { "TargetId", "TypeId", "SourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_CiRelations_TypeId",
                table: "CiRelations",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationTypes_Key",
                table: "CiRelationTypes",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_ClassId_State_ShortDescription",
                table: "ConfigurationItems",
                columns: new[] { "ClassId", "State", "ShortDescription" });

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_Number",
                table: "ConfigurationItems",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_ProcessInstanceId",
                table: "ConfigurationItems",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_ShortDescription",
                table: "ConfigurationItems",
                column: "ShortDescription");

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_State_ShortDescription",
                table: "ConfigurationItems",
                columns: new[] { "State", "ShortDescription" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CiAttributeValues");

            migrationBuilder.DropTable(
                name: "CiChoiceOptions");

            migrationBuilder.DropTable(
                name: "CiRelationRules");

            migrationBuilder.DropTable(
                name: "CiRelations");

            migrationBuilder.DropTable(
                name: "CiAttributes");

            migrationBuilder.DropTable(
                name: "CiRelationTypes");

            migrationBuilder.DropTable(
                name: "ConfigurationItems");

            migrationBuilder.DropTable(
                name: "CiClasses");

            migrationBuilder.DeleteData(
                table: "RecordSequences",
                keyColumn: "Prefix",
                keyValue: "CI");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "RecordAudit");
        }
    }
}
