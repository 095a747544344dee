using Microsoft.EntityFrameworkCore.Migrations;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>
/// The data step of the migration that made analyses records (BiaApproval): called by each provider's migration
/// between adding the record columns and the unique index on the number. An analysis recorded before analyses were
/// approved was in force, so it counts as approved (its RTO and RPO keep feeding its plan) and gets a number
/// (BIA000 + 1000 + its id); the BIA sequence goes on after the highest.
/// </summary>
public static class BiaRecordsMigration
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        var sqlServer = migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer";
        var concat = sqlServer ? "+" : "||";
        var text = sqlServer ? "varchar(20)" : "TEXT";
        migrationBuilder.Sql(
            $"""
            UPDATE "BusinessImpactAnalyses" SET
                "Number" = 'BIA000' {concat} CAST(1000 + "Id" AS {text}),
                "ShortDescription" = 'Business impact analysis of ' {concat} "Service",
                "OpenedBy" = "AnalysedBy", "OpenedAt" = "AnalysedAt", "UpdatedAt" = "AnalysedAt", "State" = 'Approved',
                "ApprovedRtoMinutes" = "RtoMinutes", "ApprovedRpoMinutes" = "RpoMinutes", "ApprovedAt" = "AnalysedAt", "ApprovedBy" = "AnalysedBy"
            WHERE "Number" = ''
            """);
        migrationBuilder.Sql(
            """
            UPDATE "RecordSequences" SET "LastValue" = (SELECT COALESCE(MAX("Id"), 0) + 1000 FROM "BusinessImpactAnalyses") WHERE "Prefix" = 'BIA'
            """);
    }
}
