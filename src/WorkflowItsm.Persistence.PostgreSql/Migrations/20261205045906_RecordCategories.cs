using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RecordCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordCategories",
                columns: table => new
                {
                    Parent = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordCategories", x => new { x.Parent, x.Code });
                });

            migrationBuilder.InsertData(
                table: "RecordCategories",
                columns: new[] { "Code", "Parent", "Active", "Name", "Order" },
                values: new object[,]
                {
                    { "access", "", true, "Access and accounts", 40 },
                    { "hardware", "", true, "Hardware", 10 },
                    { "network", "", true, "Network", 30 },
                    { "other", "", true, "Other", 50 },
                    { "software", "", true, "Software", 20 },
                    { "new-account", "access", true, "New account", 30 },
                    { "permissions", "access", true, "Permissions", 20 },
                    { "sign-in", "access", true, "Password or sign-in", 10 },
                    { "laptop", "hardware", true, "Laptop or desktop", 10 },
                    { "monitor", "hardware", true, "Monitor and peripherals", 20 },
                    { "phone", "hardware", true, "Mobile phone", 40 },
                    { "printer", "hardware", true, "Printer", 30 },
                    { "vpn", "network", true, "VPN", 10 },
                    { "wifi", "network", true, "Wi-Fi", 20 },
                    { "wired", "network", true, "Wired network", 30 },
                    { "business-app", "software", true, "Other business application", 40 },
                    { "email", "software", true, "Email", 10 },
                    { "erp", "software", true, "ERP", 30 },
                    { "office", "software", true, "Office apps", 20 }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordCategories");
        }
    }
}
