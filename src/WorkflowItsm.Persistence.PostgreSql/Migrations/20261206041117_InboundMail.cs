using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WorkflowItsm.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InboundMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InboundMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Sender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    SenderName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EnvelopeSender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    MessageId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Raw = table.Column<byte[]>(type: "bytea", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentRecordMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RecordNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NoteId = table.Column<long>(type: "bigint", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentRecordMails", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMails_Outcome_ReceivedAt",
                table: "InboundMails",
                columns: new[] { "Outcome", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMails_Sender_ReceivedAt",
                table: "InboundMails",
                columns: new[] { "Sender", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_MessageId",
                table: "SentRecordMails",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_NoteId",
                table: "SentRecordMails",
                column: "NoteId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentRecordMails_RecordNumber",
                table: "SentRecordMails",
                column: "RecordNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundMails");

            migrationBuilder.DropTable(
                name: "SentRecordMails");
        }
    }
}
