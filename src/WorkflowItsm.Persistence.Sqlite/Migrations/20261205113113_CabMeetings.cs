using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkflowItsm.Persistence.Sqlite.Migrations
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MeetingMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    MinutesPerChange = table.Column<int>(type: "INTEGER", nullable: false),
                    Manager = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    MembersGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CabMeetings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CabDefinitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AgendaBuiltAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AgendaSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CabDelegates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CabDefinitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Member = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Delegate = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CabMeetingId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangeNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
