using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ChangePlanning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChangeConflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    OtherChangeNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CiNumbers = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RelationPath = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    WindowId = table.Column<long>(type: "bigint", nullable: true),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeConflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeConflicts_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeFreezes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EnforcedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EnforcedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFreezes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AppliesToAll = table.Column<bool>(type: "boolean", nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeWindows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeFreezeScopes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FreezeId = table.Column<long>(type: "bigint", nullable: false),
                    CiNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFreezeScopes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeFreezeScopes_ChangeFreezes_FreezeId",
                        column: x => x.FreezeId,
                        principalTable: "ChangeFreezes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeWindowTargets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WindowId = table.Column<long>(type: "bigint", nullable: false),
                    CiNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeWindowTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeWindowTargets_ChangeWindows_WindowId",
                        column: x => x.WindowId,
                        principalTable: "ChangeWindows",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ConfigurationItem_PlannedStart",
                table: "Changes",
                columns: new[] { "ConfigurationItem", "PlannedStart" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeConflicts_ChangeId",
                table: "ChangeConflicts",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezes_State_Start_End",
                table: "ChangeFreezes",
                columns: new[] { "State", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFreezeScopes_FreezeId_CiNumber",
                table: "ChangeFreezeScopes",
                columns: new[] { "FreezeId", "CiNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeWindows_Kind_Start_End",
                table: "ChangeWindows",
                columns: new[] { "Kind", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeWindowTargets_CiNumber",
                table: "ChangeWindowTargets",
                column: "CiNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeWindowTargets_WindowId_CiNumber",
                table: "ChangeWindowTargets",
                columns: new[] { "WindowId", "CiNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChangeConflicts");

            migrationBuilder.DropTable(
                name: "ChangeFreezeScopes");

            migrationBuilder.DropTable(
                name: "ChangeWindowTargets");

            migrationBuilder.DropTable(
                name: "ChangeFreezes");

            migrationBuilder.DropTable(
                name: "ChangeWindows");

            migrationBuilder.DropIndex(
                name: "IX_Changes_ConfigurationItem_PlannedStart",
                table: "Changes");
        }
    }
}
