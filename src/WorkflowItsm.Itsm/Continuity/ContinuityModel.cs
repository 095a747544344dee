using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>How bad a disruption of a service is for one impact category after a while.</summary>
public enum ImpactRating
{
    None,
    Minor,
    Moderate,
    Major,
    Severe,
}

/// <summary>The recovery tier a service's RTO puts it in (ISO 22301 practice: the shorter the RTO, the higher the tier).</summary>
public enum RecoveryTier
{
    MissionCritical,
    BusinessCritical,
    Essential,
    NonEssential,
}

/// <summary>A plan is a draft until it is in force; a change approved on one of its CIs asks for its review.</summary>
public enum ContinuityPlanState
{
    Draft,
    Active,
    ReviewRequired,
}

public enum DrillType
{
    WalkThrough,
    Tabletop,
    Functional,
    FullScale,
}

public enum DrillState
{
    Running,
    Passed,
    Failed,
}

public enum DrillStepState
{
    /// <summary>Waiting for the steps it depends on.</summary>
    Waiting,
    Ready,
    InProgress,
    Done,
    Failed,
}

/// <summary>An impact category of business impact analyses (revenue, legal/regulatory…), defined by admins.</summary>
public sealed class ContinuityImpactCategory
{
    public const int KeyLength = 40;
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }
}

/// <summary>An analysis is drafted, submitted for review (the approval engine decides it), approved, or sent back to draft with the reason.</summary>
public enum BiaState
{
    Draft,
    InReview,
    Approved,
}

/// <summary>
/// The business impact analysis of one business service (a CMDB CI), numbered BIA…: a rating per impact category at
/// each disruption duration, with the ones that are intolerable. MTPD, RTO and tier are computed when it is saved and
/// stored, so lists read them without recomputing. It is a record so that the approval engine decides it (rule
/// <c>continuity-bia</c>); only what was approved feeds plans, drills and the gap analysis
/// (<see cref="ApprovedRtoMinutes"/>, <see cref="ApprovedRpoMinutes"/>), so a revision in draft or review changes
/// nothing until it is approved.
/// </summary>
public sealed class BusinessImpactAnalysis : Record<BiaState>
{
    public static readonly RecordLifecycle<BiaState> Moves = new RecordLifecycle<BiaState>()
        .Open(BiaState.Draft, BiaState.InReview)
        .Allow(BiaState.Draft, BiaState.InReview)
        .Allow(BiaState.InReview, BiaState.Approved, BiaState.Draft)
        .Allow(BiaState.Approved, BiaState.Draft);

    /// <summary>The business service: a CI number.</summary>
    public required string Service { get; set; }

    /// <summary>Maximum tolerable period of disruption: the first intolerable duration, the lowest across categories (null: none is intolerable within a week).</summary>
    public int? MtpdMinutes { get; set; }

    /// <summary>Recovery time objective: the MTPD unless a lower one was set.</summary>
    public int? RtoMinutes { get; set; }

    /// <summary>Recovery point objective: the data loss tolerated.</summary>
    public int? RpoMinutes { get; set; }

    public RecoveryTier Tier { get; set; }
    public DateOnly ReviewDue { get; set; }
    public required string AnalysedBy { get; set; }
    public DateTime AnalysedAt { get; set; }

    /// <summary>The RTO last approved: what plans, drills and the gap analysis use (null until a first approval).</summary>
    public int? ApprovedRtoMinutes { get; set; }

    /// <summary>The RPO last approved.</summary>
    public int? ApprovedRpoMinutes { get; set; }

    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }

    /// <summary>Why the last review sent it back to draft (the approver's comment); cleared when it is submitted again.</summary>
    public string? ReturnReason { get; set; }

    /// <summary>When the owner was reminded that the analysis is over a year old (once per analysis: a new one resets it).</summary>
    public DateTime? CurrencyReminderAt { get; set; }
    public List<BiaRating> Ratings { get; set; } = [];

    public override RecordLifecycle<BiaState> Lifecycle => Moves;
}

/// <summary>One cell of the analysis: the rating of a category after a disruption of <see cref="DurationMinutes"/>.</summary>
public sealed class BiaRating
{
    public long Id { get; set; }
    public long AnalysisId { get; set; }
    public required string Category { get; set; }
    public int DurationMinutes { get; set; }
    public ImpactRating Rating { get; set; }
    public bool Intolerable { get; set; }
}

/// <summary>
/// How long a CI takes to be recovered (its recovery capability, in minutes), as its owners state it: kept here rather
/// than as a class attribute so that every CI class has it without an attribute per class. The gap analysis compares
/// it with the RTO of the services depending on the CI.
/// </summary>
public sealed class CiRecoveryCapability
{
    public long Id { get; set; }
    public required string CiNumber { get; set; }
    public int RecoveryMinutes { get; set; }
    public required string SetBy { get; set; }
    public DateTime SetAt { get; set; }
}

/// <summary>The continuity plan of a business service: who owns it, whom to call, the recovery steps and the CIs it recovers.</summary>
public sealed class ContinuityPlan
{
    public const int TitleLength = 200;

    public long Id { get; set; }
    public required string Service { get; set; }
    public required string Title { get; set; }
    public required string Owner { get; set; }
    public string? Contacts { get; set; }
    public ContinuityPlanState State { get; set; }
    public string? ReviewReason { get; set; }

    /// <summary>The critical path: the steps run in parallel where their dependencies allow (null before the first check).</summary>
    public int? BestMinutes { get; set; }

    /// <summary>Every step one after another.</summary>
    public int? WorstMinutes { get; set; }

    /// <summary>The critical path within the service's RTO (null: no RTO to compare with).</summary>
    public bool? Compliant { get; set; }
    public DateTime? CheckedAt { get; set; }

    /// <summary>When the owner was reminded that the plan has had no drill in 12 months (once until the next drill).</summary>
    public DateTime? CoverageReminderAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ContinuityStep> Steps { get; set; } = [];

    /// <summary>CI numbers the plan recovers.</summary>
    public List<string> Cis { get; set; } = [];

    public IEnumerable<ContinuityStep> StepsInOrder => Steps.OrderBy(s => s.Order);
}

/// <summary>A recovery step: its order (how other steps name it), who does it, how long it takes, what it waits for, the runbook and the evidence it needs.</summary>
public sealed class ContinuityStep
{
    public const int NameLength = 200;

    public long Id { get; set; }
    public long PlanId { get; set; }
    public int Order { get; set; }
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public string? Group { get; set; }
    public int EstimateMinutes { get; set; }
    public List<int> DependsOn { get; set; } = [];
    public string? Runbook { get; set; }
    public string? RequiredEvidence { get; set; }
}

/// <summary>A continuity risk: likelihood × impact (1–5 each), owner, mitigations, review date, the services and plans it concerns.</summary>
public sealed class ContinuityRisk
{
    public const int TitleLength = 200;

    public long Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public required string Owner { get; set; }
    public string? Mitigations { get; set; }
    public DateOnly ReviewDate { get; set; }
    public List<string> Services { get; set; } = [];
    public List<long> Plans { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public int Score => Likelihood * Impact;
}

/// <summary>When a plan is exercised: a cron expression (a recurring job) or an ISO repeating interval (each run plans the next).</summary>
public sealed class DrillSchedule
{
    public const int ExpressionLength = 100;

    public long Id { get; set; }
    public long PlanId { get; set; }
    public DrillType Type { get; set; }
    public string? Cron { get; set; }
    public string? Interval { get; set; }
    public DateTime? NextDueAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public string RecurringJobId => $"continuity-drill-{Id}";
}

/// <summary>One exercise of a plan: its steps as tasks, the RTO it is measured against, and the measured recovery time.</summary>
public sealed class ContinuityDrill
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long? ScheduleId { get; set; }
    public DrillType Type { get; set; }
    public DrillState State { get; set; }
    public int? RtoMinutes { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>First step start → last step end, from the steps' stored timestamps.</summary>
    public int? MeasuredMinutes { get; set; }

    /// <summary>The service's RPO when the drill started, to hold the measured data loss against.</summary>
    public int? RpoMinutes { get; set; }

    /// <summary>The largest data loss a step reported (minutes of data not recovered); null when no step restores data.</summary>
    public int? DataLossMinutes { get; set; }

    /// <summary>The instance of workflows/continuity-drill.bpmn driving the drill's tasks (null: run on the plan page alone).</summary>
    public string? ProcessInstanceId { get; set; }
    public required string StartedBy { get; set; }
    public List<DrillStep> Steps { get; set; } = [];
    public List<DrillFinding> Findings { get; set; } = [];
}

/// <summary>What a drill found: a failed step, the RTO or RPO missed, an escalation, or what the owner noted; each may become a problem or a change.</summary>
public sealed class DrillFinding
{
    public const int TextLength = 1000;

    public long Id { get; set; }
    public long DrillId { get; set; }
    public required string Text { get; set; }
    public string? ProblemNumber { get; set; }
    public string? ChangeNumber { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A drill's report as it stood when the drill ended, archived on its plan (a snapshot: later edits of the plan do not change it).</summary>
public sealed class DrillReport
{
    public long Id { get; set; }
    public long DrillId { get; set; }
    public long PlanId { get; set; }
    public DrillState Outcome { get; set; }
    public DateTime ArchivedAt { get; set; }

    /// <summary>The report (DrillReportView) as JSON.</summary>
    public required string Json { get; set; }
}

/// <summary>A recovery step as a task of a drill, with when it started and ended and the evidence given.</summary>
public sealed class DrillStep
{
    public long Id { get; set; }
    public long DrillId { get; set; }
    public int Order { get; set; }
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public string? Group { get; set; }
    public List<int> DependsOn { get; set; } = [];
    public string? RequiredEvidence { get; set; }
    public DrillStepState State { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? Evidence { get; set; }
    public string? CompletedBy { get; set; }
    public string? ProblemNumber { get; set; }

    /// <summary>Minutes of data the step could not recover (a restore reports the recovery point it reached).</summary>
    public int? DataLossMinutes { get; set; }
    public string? Notes { get; set; }
}

internal sealed class ContinuityImpactCategoryConfiguration : IEntityTypeConfiguration<ContinuityImpactCategory>
{
    public void Configure(EntityTypeBuilder<ContinuityImpactCategory> builder)
    {
        builder.ToTable("ContinuityImpactCategories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Key).HasMaxLength(ContinuityImpactCategory.KeyLength);
        builder.Property(c => c.Name).HasMaxLength(ContinuityImpactCategory.NameLength);
        builder.HasIndex(c => c.Key).IsUnique();
    }
}

internal sealed class BusinessImpactAnalysisConfiguration : IEntityTypeConfiguration<BusinessImpactAnalysis>
{
    public void Configure(EntityTypeBuilder<BusinessImpactAnalysis> builder)
    {
        builder.MapRecord<BusinessImpactAnalysis, BiaState>("BusinessImpactAnalyses");
        builder.Property(a => a.Service).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.ApprovedBy).HasMaxLength(Record.NameLength);
        builder.Property(a => a.ReturnReason).HasMaxLength(Record.TextLength);
        builder.Property(a => a.Tier).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.AnalysedBy).HasMaxLength(Record.NameLength);
        builder.HasMany(a => a.Ratings).WithOne().HasForeignKey(r => r.AnalysisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.Service).IsUnique();
    }
}

internal sealed class BiaRatingConfiguration : IEntityTypeConfiguration<BiaRating>
{
    public void Configure(EntityTypeBuilder<BiaRating> builder)
    {
        builder.ToTable("BusinessImpactRatings");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Category).HasMaxLength(ContinuityImpactCategory.KeyLength);
        builder.Property(r => r.Rating).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.AnalysisId, r.Category, r.DurationMinutes }).IsUnique();
    }
}

internal sealed class CiRecoveryCapabilityConfiguration : IEntityTypeConfiguration<CiRecoveryCapability>
{
    public void Configure(EntityTypeBuilder<CiRecoveryCapability> builder)
    {
        builder.ToTable("CiRecoveryCapabilities");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CiNumber).HasMaxLength(Record.NumberLength);
        builder.Property(c => c.SetBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(c => c.CiNumber).IsUnique();
    }
}

internal sealed class ContinuityPlanConfiguration : IEntityTypeConfiguration<ContinuityPlan>
{
    public void Configure(EntityTypeBuilder<ContinuityPlan> builder)
    {
        builder.ToTable("ContinuityPlans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Service).HasMaxLength(Record.NumberLength);
        builder.Property(p => p.Title).HasMaxLength(ContinuityPlan.TitleLength);
        builder.Property(p => p.Owner).HasMaxLength(Record.NameLength);
        builder.Property(p => p.Contacts).HasMaxLength(Record.TextLength);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ReviewReason).HasMaxLength(Record.TextLength);
        builder.Property(p => p.CreatedBy).HasMaxLength(Record.NameLength);
        builder.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.StepsInOrder);
        builder.HasIndex(p => p.Service).IsUnique();
    }
}

internal sealed class ContinuityStepConfiguration : IEntityTypeConfiguration<ContinuityStep>
{
    public void Configure(EntityTypeBuilder<ContinuityStep> builder)
    {
        builder.ToTable("ContinuitySteps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(ContinuityStep.NameLength);
        builder.Property(s => s.Owner).HasMaxLength(Record.NameLength);
        builder.Property(s => s.Group).HasMaxLength(Record.CodeLength);
        builder.Property(s => s.Runbook).HasMaxLength(Record.TextLength);
        builder.Property(s => s.RequiredEvidence).HasMaxLength(Record.TextLength);
        builder.HasIndex(s => new { s.PlanId, s.Order }).IsUnique();
    }
}

internal sealed class ContinuityRiskConfiguration : IEntityTypeConfiguration<ContinuityRisk>
{
    public void Configure(EntityTypeBuilder<ContinuityRisk> builder)
    {
        builder.ToTable("ContinuityRisks");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Title).HasMaxLength(ContinuityRisk.TitleLength);
        builder.Property(r => r.Description).HasMaxLength(Record.TextLength);
        builder.Property(r => r.Owner).HasMaxLength(Record.NameLength);
        builder.Property(r => r.Mitigations).HasMaxLength(Record.TextLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Ignore(r => r.Score);
        builder.HasIndex(r => r.ReviewDate);
    }
}

internal sealed class DrillScheduleConfiguration : IEntityTypeConfiguration<DrillSchedule>
{
    public void Configure(EntityTypeBuilder<DrillSchedule> builder)
    {
        builder.ToTable("ContinuityDrillSchedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Cron).HasMaxLength(DrillSchedule.ExpressionLength);
        builder.Property(s => s.Interval).HasMaxLength(DrillSchedule.ExpressionLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Ignore(s => s.RecurringJobId);
        builder.HasIndex(s => s.PlanId);
    }
}

internal sealed class ContinuityDrillConfiguration : IEntityTypeConfiguration<ContinuityDrill>
{
    public void Configure(EntityTypeBuilder<ContinuityDrill> builder)
    {
        builder.ToTable("ContinuityDrills");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.StartedBy).HasMaxLength(Record.NameLength);
        builder.Property(d => d.ProcessInstanceId).HasMaxLength(Record.ProcessInstanceIdLength);
        builder.HasMany(d => d.Steps).WithOne().HasForeignKey(s => s.DrillId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Findings).WithOne().HasForeignKey(f => f.DrillId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.PlanId, d.StartedAt });
    }
}

internal sealed class DrillFindingConfiguration : IEntityTypeConfiguration<DrillFinding>
{
    public void Configure(EntityTypeBuilder<DrillFinding> builder)
    {
        builder.ToTable("ContinuityDrillFindings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Text).HasMaxLength(DrillFinding.TextLength);
        builder.Property(f => f.ProblemNumber).HasMaxLength(Record.NumberLength);
        builder.Property(f => f.ChangeNumber).HasMaxLength(Record.NumberLength);
        builder.HasIndex(f => f.DrillId);
    }
}

internal sealed class DrillReportConfiguration : IEntityTypeConfiguration<DrillReport>
{
    public void Configure(EntityTypeBuilder<DrillReport> builder)
    {
        builder.ToTable("ContinuityDrillReports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => r.DrillId).IsUnique();
        builder.HasIndex(r => r.PlanId);
    }
}

internal sealed class DrillStepConfiguration : IEntityTypeConfiguration<DrillStep>
{
    public void Configure(EntityTypeBuilder<DrillStep> builder)
    {
        builder.ToTable("ContinuityDrillSteps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(ContinuityStep.NameLength);
        builder.Property(s => s.Owner).HasMaxLength(Record.NameLength);
        builder.Property(s => s.Group).HasMaxLength(Record.CodeLength);
        builder.Property(s => s.RequiredEvidence).HasMaxLength(Record.TextLength);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Evidence).HasMaxLength(Record.TextLength);
        builder.Property(s => s.CompletedBy).HasMaxLength(Record.NameLength);
        builder.Property(s => s.ProblemNumber).HasMaxLength(Record.NumberLength);
        builder.Property(s => s.Notes).HasMaxLength(Record.TextLength);
        builder.HasIndex(s => new { s.DrillId, s.Order }).IsUnique();
    }
}
