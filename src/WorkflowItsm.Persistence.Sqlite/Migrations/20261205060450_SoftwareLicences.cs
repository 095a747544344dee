using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SoftwareLicences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SoftwareDevices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SerialKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Cores = table.Column<int>(type: "INTEGER", nullable: true),
                    Cpus = table.Column<int>(type: "INTEGER", nullable: true),
                    ConfigurationItemNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SoftwareDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SoftwareProducts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Publisher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MatchKey = table.Column<string>(type: "TEXT", maxLength: 401, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SoftwareProducts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LicenceComplianceSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Rights = table.Column<int>(type: "INTEGER", nullable: true),
                    Used = table.Column<int>(type: "INTEGER", nullable: false),
                    Shortfall = table.Column<int>(type: "INTEGER", nullable: false),
                    Surplus = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    TrueUpCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Installations = table.Column<int>(type: "INTEGER", nullable: false),
                    Devices = table.Column<int>(type: "INTEGER", nullable: false),
                    RemovalCandidates = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenceComplianceSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenceComplianceSnapshots_SoftwareProducts_ProductId",
                        column: x => x.ProductId,
                        principalTable: "SoftwareProducts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SoftwareVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SoftwareVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SoftwareVersions_SoftwareProducts_ProductId",
                        column: x => x.ProductId,
                        principalTable: "SoftwareProducts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenceEntitlements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: true),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UnitCost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    DowngradeRights = table.Column<bool>(type: "INTEGER", nullable: false),
                    PurchaseReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenceEntitlements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenceEntitlements_SoftwareProducts_ProductId",
                        column: x => x.ProductId,
                        principalTable: "SoftwareProducts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LicenceEntitlements_SoftwareVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "SoftwareVersions",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "SoftwareInstallations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SoftwareInstallations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SoftwareInstallations_SoftwareDevices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "SoftwareDevices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SoftwareInstallations_SoftwareProducts_ProductId",
                        column: x => x.ProductId,
                        principalTable: "SoftwareProducts",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_SoftwareInstallations_SoftwareVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "SoftwareVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenceRenewalReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntitlementId = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DaysBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenceRenewalReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenceRenewalReminders_LicenceEntitlements_EntitlementId",
                        column: x => x.EntitlementId,
                        principalTable: "LicenceEntitlements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LicenceComplianceSnapshots_ProductId_Id",
                table: "LicenceComplianceSnapshots",
                columns: new[] { "ProductId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LicenceEntitlements_EndsOn",
                table: "LicenceEntitlements",
                column: "EndsOn");

            migrationBuilder.CreateIndex(
                name: "IX_LicenceEntitlements_ProductId",
                table: "LicenceEntitlements",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_LicenceEntitlements_VersionId",
                table: "LicenceEntitlements",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_LicenceRenewalReminders_EntitlementId_EndsOn_DaysBefore",
                table: "LicenceRenewalReminders",
                columns: new[] { "EntitlementId", "EndsOn", "DaysBefore" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareDevices_ConfigurationItemNumber",
                table: "SoftwareDevices",
                column: "ConfigurationItemNumber");

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareDevices_NameKey",
                table: "SoftwareDevices",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareDevices_SerialKey",
                table: "SoftwareDevices",
                column: "SerialKey");

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareInstallations_DeviceId_VersionId",
                table: "SoftwareInstallations",
                columns: new[] { "DeviceId", "VersionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareInstallations_ProductId_DeviceId",
                table: "SoftwareInstallations",
                columns: new[] { "ProductId", "DeviceId" });

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareInstallations_ProductId_LastSeenAt",
                table: "SoftwareInstallations",
                columns: new[] { "ProductId", "LastSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareInstallations_VersionId",
                table: "SoftwareInstallations",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareProducts_MatchKey",
                table: "SoftwareProducts",
                column: "MatchKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareProducts_Name",
                table: "SoftwareProducts",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_SoftwareVersions_ProductId_Version",
                table: "SoftwareVersions",
                columns: new[] { "ProductId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LicenceComplianceSnapshots");

            migrationBuilder.DropTable(
                name: "LicenceRenewalReminders");

            migrationBuilder.DropTable(
                name: "SoftwareInstallations");

            migrationBuilder.DropTable(
                name: "LicenceEntitlements");

            migrationBuilder.DropTable(
                name: "SoftwareDevices");

            migrationBuilder.DropTable(
                name: "SoftwareVersions");

            migrationBuilder.DropTable(
                name: "SoftwareProducts");
        }
    }
}
