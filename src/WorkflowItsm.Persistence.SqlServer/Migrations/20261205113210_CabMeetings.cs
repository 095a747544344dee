using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CabMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CabDefinitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Schedule = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    MeetingMinutes = table.Column<int>(type: "int", nullable: false),
                    MinutesPerChange = table.Column<int>(type: "int", nullable: false),
                    Manager = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    MembersGroup = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CabMeetings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CabDefinitionId = table.Column<long>(type: "bigint", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AgendaBuiltAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AgendaSentAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Minutes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CabDelegates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CabDefinitionId = table.Column<long>(type: "bigint", nullable: false),
                    Member = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Delegate = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabDelegates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CabDelegates_CabDefinitions_CabDefinitionId",
                        column: x => x.CabDefinitionId,
                        principalTable: "CabDefinitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CabAgendaItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CabMeetingId = table.Column<long>(type: "bigint", nullable: false),
                    ChangeNumber = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Minutes = table.Column<int>(type: "int", nullable: false),
                    Decision = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DecisionNote = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabAgendaItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CabAgendaItems_CabMeetings_CabMeetingId",
                        column: x => x.CabMeetingId,
                        principalTable: "CabMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CabAgendaItems_CabMeetingId_ChangeNumber",
                table: "CabAgendaItems",
                columns: new[] { "CabMeetingId", "ChangeNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CabAgendaItems_ChangeNumber",
                table: "CabAgendaItems",
                column: "ChangeNumber");

            migrationBuilder.CreateIndex(
                name: "IX_CabDefinitions_Name",
                table: "CabDefinitions",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CabDelegates_CabDefinitionId_Member",
                table: "CabDelegates",
                columns: new[] { "CabDefinitionId", "Member" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CabMeetings_CabDefinitionId_StartsAt",
                table: "CabMeetings",
                columns: new[] { "CabDefinitionId", "StartsAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CabMeetings_StartsAt_State",
                table: "CabMeetings",
                columns: new[] { "StartsAt", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CabAgendaItems");

            migrationBuilder.DropTable(
                name: "CabDelegates");

            migrationBuilder.DropTable(
                name: "CabMeetings");

            migrationBuilder.DropTable(
                name: "CabDefinitions");
        }
    }
}
