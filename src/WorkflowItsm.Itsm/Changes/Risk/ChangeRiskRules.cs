using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Risk;

/// <summary>What a risk condition looks at.</summary>
public enum RiskConditionKind
{
    /// <summary>An affected CI (or the main CI) is at least as business-critical as the value (Critical, High, Medium, Low).</summary>
    AffectedCiCriticality,

    /// <summary>The change is of the type named by the value (Normal, Standard, Emergency).</summary>
    ChangeType,

    /// <summary>The change's category is the value.</summary>
    Category,

    /// <summary>The change touches at least the value's number of CIs.</summary>
    AffectedCiCount,
}

/// <summary>An ordered rule "when … then the risk is …"; the first that matches counts (ServiceNow's risk conditions).</summary>
public sealed class ChangeRiskCondition
{
    public long Id { get; set; }
    public int Order { get; set; }
    public required string Name { get; set; }
    public RiskConditionKind Kind { get; set; }
    public required string Value { get; set; }
    public ChangeRisk Risk { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>A question of the risk questionnaire; each answer carries a weight, the weights of a change's answers add up to its score.</summary>
public sealed class ChangeRiskQuestion
{
    public long Id { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public bool Active { get; set; } = true;
    public List<ChangeRiskAnswerOption> Answers { get; set; } = [];
}

public sealed class ChangeRiskAnswerOption
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public int Weight { get; set; }
}

/// <summary>"A questionnaire score of at least <see cref="MinScore"/> is <see cref="Risk"/>"; the highest threshold reached counts.</summary>
public sealed class ChangeRiskThreshold
{
    public long Id { get; set; }
    public int MinScore { get; set; }
    public ChangeRisk Risk { get; set; }
}

/// <summary>The answer a change gave to one question.</summary>
public sealed class ChangeRiskAnswer
{
    public long Id { get; set; }
    public long ChangeId { get; set; }
    public long QuestionId { get; set; }
    public long AnswerId { get; set; }
}

/// <summary>
/// How well an assignment group's changes go: 100 × (successful + half of those with issues) ÷ (closed changes +
/// incidents their changes caused besides unsuccessful closes); 100 when it has none. Kept per group, recomputed
/// nightly and when one of its changes closes.
/// </summary>
public sealed class ChangeGroupSuccessScore
{
    public long Id { get; set; }
    public required string AssignmentGroup { get; set; }
    public int Score { get; set; } = 100;
    public int Successful { get; set; }
    public int SuccessfulWithIssues { get; set; }
    public int Unsuccessful { get; set; }
    public int IncidentsCaused { get; set; }
    public DateTime ComputedAt { get; set; }
}

internal sealed class ChangeRiskConfiguration :
    IEntityTypeConfiguration<ChangeRiskCondition>, IEntityTypeConfiguration<ChangeRiskQuestion>, IEntityTypeConfiguration<ChangeRiskAnswerOption>,
    IEntityTypeConfiguration<ChangeRiskThreshold>, IEntityTypeConfiguration<ChangeRiskAnswer>, IEntityTypeConfiguration<ChangeGroupSuccessScore>
{
    public void Configure(EntityTypeBuilder<ChangeRiskCondition> builder)
    {
        builder.ToTable("ChangeRiskConditions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Value).HasMaxLength(Record.CodeLength);
        builder.Property(c => c.Risk).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => c.Order);
    }

    public void Configure(EntityTypeBuilder<ChangeRiskQuestion> builder)
    {
        builder.ToTable("ChangeRiskQuestions");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Text).HasMaxLength(Record.ShortDescriptionLength);
        builder.HasMany(q => q.Answers).WithOne().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ChangeRiskAnswerOption> builder)
    {
        builder.ToTable("ChangeRiskAnswerOptions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Text).HasMaxLength(Record.ShortDescriptionLength);
    }

    public void Configure(EntityTypeBuilder<ChangeRiskThreshold> builder)
    {
        builder.ToTable("ChangeRiskThresholds");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Risk).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<ChangeRiskAnswer> builder)
    {
        builder.ToTable("ChangeRiskAnswers");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.ChangeId, a.QuestionId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ChangeGroupSuccessScore> builder)
    {
        builder.ToTable("ChangeGroupSuccessScores");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.AssignmentGroup).HasMaxLength(Record.CodeLength);
        builder.HasIndex(s => s.AssignmentGroup).IsUnique();
    }
}
