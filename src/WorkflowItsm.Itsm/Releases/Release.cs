using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>Major and minor releases follow their plan; an emergency release carries an urgent fix.</summary>
public enum ReleaseType
{
    Major,
    Minor,
    Emergency,
}

/// <summary>See <see cref="ReleaseLifecycle"/> for the moves.</summary>
public enum ReleaseState
{
    Draft,
    Pending,
    InProgress,

    /// <summary>Held: no gate is evaluated into progress, no approval asked, no deployment started until it is resumed.</summary>
    OnHold,
    Review,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// A release of a business service (a CI of the CMDB), numbered REL0001001…: which version, which changes it carries,
/// the environments it is deployed to in order, and its phases — each with planned dates in working days of a business
/// calendar, and gates that must all be compliant before the next phase starts. Completing the last phase moves it to
/// Review. Putting it on hold is its state (<see cref="ReleaseState.OnHold"/>), kept in the database, so a restart
/// keeps it held.
/// </summary>
public sealed class Release : Record<ReleaseState>
{
    public const int VersionLength = 50;
    public const int EnvironmentLength = 50;

    /// <summary>The business service released: a CI number.</summary>
    public required string Service { get; set; }

    public required string Version { get; set; }

    public ReleaseType Type { get; set; }

    /// <summary>The day the release is ready; the phases are planned backwards from it.</summary>
    public DateOnly ReadinessDate { get; set; }

    /// <summary>The business calendar whose working days and holidays the phases count.</summary>
    public required string CalendarKey { get; set; }

    public string? HoldReason { get; set; }

    public List<ReleaseEnvironment> Environments { get; set; } = [];

    public List<ReleaseChange> Changes { get; set; } = [];

    public List<ReleasePhase> Phases { get; set; } = [];

    public List<ReleaseDeployment> Deployments { get; set; } = [];

    public override RecordLifecycle<ReleaseState> Lifecycle => ReleaseLifecycle.Table;

    public IEnumerable<ReleasePhase> PhasesInOrder => Phases.OrderBy(p => p.Position);

    public IEnumerable<string> EnvironmentsInOrder => Environments.OrderBy(e => e.Position).Select(e => e.Name);

    /// <summary>The phase under way (null before the release starts and once every phase is complete).</summary>
    public ReleasePhase? ActivePhase => Phases.FirstOrDefault(p => p.State == ReleasePhaseState.Active);

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        fields["service"] = Service;
        fields["version"] = Version;
        fields["type"] = Type.ToString();
        fields["readinessDate"] = ReadinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fields["holdReason"] = HoldReason;
        fields["changes"] = Changes.Count == 0 ? null : string.Join(", ", Changes.Select(c => c.ChangeNumber).Order(StringComparer.Ordinal));
        fields["environments"] = Environments.Count == 0 ? null : string.Join(" → ", EnvironmentsInOrder);
        fields["phase"] = ActivePhase?.Name;
    }
}

/// <summary>One environment the release is deployed to; <see cref="Position"/> orders them (test → staging → production).</summary>
public sealed class ReleaseEnvironment
{
    public long Id { get; set; }
    public long ReleaseId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
}

/// <summary>One change the release contains.</summary>
public sealed class ReleaseChange
{
    public long Id { get; set; }
    public long ReleaseId { get; set; }
    public required string ChangeNumber { get; set; }
}

public enum ReleasePhaseState
{
    NotStarted,
    Active,
    Completed,
}

/// <summary>A phase of the release (planning, development, testing, implementation…): its working days, planned dates and gates.</summary>
public sealed class ReleasePhase
{
    public const int NameLength = 100;

    public long Id { get; set; }
    public long ReleaseId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public int WorkingDays { get; set; }
    public DateOnly PlannedStart { get; set; }
    public DateOnly PlannedEnd { get; set; }
    public ReleasePhaseState State { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public List<ReleaseGate> Gates { get; set; } = [];

    /// <summary>Every gate is compliant, or compliant with an exception.</summary>
    public bool GatesPassed => Gates.All(g => g.Passed);
}

/// <summary>What a gate checks: a vote of the approval engine, test evidence against a threshold, an external check's result, or a policy over records.</summary>
public enum GateKind
{
    Approval,
    Evidence,
    ExternalCheck,
    Policy,
}

/// <summary>The policies over records a policy gate can hold.</summary>
public enum GatePolicy
{
    /// <summary>Every contained change is authorized: Scheduled or later (not cancelled).</summary>
    AllChangesAuthorized,

    /// <summary>No open priority-1 incident on the release's service.</summary>
    NoOpenP1Incident,

    /// <summary>Every environment has a deployment that succeeded (the implementation phase ends with production).</summary>
    DeployedEverywhere,
}

/// <summary>ServiceNow's gate statuses.</summary>
public enum GateStatus
{
    NotRun,
    InProgress,
    Compliant,
    CompliantWithException,
    NonCompliant,
}

/// <summary>
/// One gate of a phase, as data: its kind and what it needs (a policy, an approval rule, a threshold), its status
/// with why, the exception granted (who, why) and the latest evidence a pipeline sent (a re-run replaces it).
/// </summary>
public sealed class ReleaseGate
{
    public const int KeyLength = 20;
    public const int NameLength = 200;
    public const int BuildIdLength = 100;
    public const int LinkLength = 2000;

    public long Id { get; set; }
    public long PhaseId { get; set; }

    /// <summary>Short and unique in the release ("G3"): how a pipeline names the gate.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public GateKind Kind { get; set; }
    public GatePolicy? Policy { get; set; }

    /// <summary>An approval gate's rule (approval engine).</summary>
    public string? ApprovalRule { get; set; }

    /// <summary>An evidence gate's least pass rate of the tests, in percent (100 when not given).</summary>
    public decimal? Threshold { get; set; }

    public GateStatus Status { get; set; }

    /// <summary>Why the status is what it is, in words ("93 % of tests passed; 95 % needed").</summary>
    public string? StatusReason { get; set; }

    public DateTime? EvaluatedAt { get; set; }

    /// <summary>The approval an approval gate asked for.</summary>
    public string? ApprovalId { get; set; }

    public string? ExceptionBy { get; set; }
    public string? ExceptionReason { get; set; }

    public string? BuildId { get; set; }
    public int? TestsPassed { get; set; }
    public int? TestsFailed { get; set; }
    public decimal? Coverage { get; set; }

    /// <summary>An external check's result: true passed, false failed.</summary>
    public bool? CheckPassed { get; set; }
    public string? Link { get; set; }
    public DateTime? EvidenceAt { get; set; }
    public string? EvidenceBy { get; set; }

    public bool Passed => Status is GateStatus.Compliant or GateStatus.CompliantWithException;

    /// <summary>The share of tests that passed, in percent (null without test results).</summary>
    public decimal? PassRate => TestsPassed is { } passed && TestsFailed is { } failed && passed + failed > 0
        ? Math.Round(100m * passed / (passed + failed), 2) : null;

    public bool TakesEvidence => Kind is GateKind.Evidence or GateKind.ExternalCheck;
}

/// <summary>Waiting for the go/no-go vote (production), approved but waiting for a window, under way, done, failed, or refused by the vote.</summary>
public enum DeploymentState
{
    AwaitingGoNoGo,

    /// <summary>The go/no-go approved it outside a deployment window (or in a blackout): it starts when the gate allows.</summary>
    AwaitingWindow,
    Started,
    Succeeded,
    Failed,
    NoGo,
}

/// <summary>One deployment of the release to one environment; a production one waits for its go/no-go approval.</summary>
public sealed class ReleaseDeployment
{
    public long Id { get; set; }
    public long ReleaseId { get; set; }
    public required string Environment { get; set; }
    public DeploymentState State { get; set; }
    public string? ApprovalId { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    public bool IsActive => State is DeploymentState.AwaitingGoNoGo or DeploymentState.AwaitingWindow or DeploymentState.Started;
}

internal sealed class ReleaseConfiguration : IEntityTypeConfiguration<Release>
{
    public void Configure(EntityTypeBuilder<Release> builder)
    {
        builder.MapRecord<Release, ReleaseState>("Releases");
        builder.Property(r => r.Service).HasMaxLength(Record.CodeLength);
        builder.Property(r => r.Version).HasMaxLength(Release.VersionLength);
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.CalendarKey).HasMaxLength(Record.CodeLength);
        builder.Property(r => r.HoldReason).HasMaxLength(Record.TextLength);
        builder.HasMany(r => r.Environments).WithOne().HasForeignKey(e => e.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Changes).WithOne().HasForeignKey(c => c.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Phases).WithOne().HasForeignKey(p => p.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Deployments).WithOne().HasForeignKey(d => d.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.PhasesInOrder);
        builder.Ignore(r => r.EnvironmentsInOrder);
        builder.Ignore(r => r.ActivePhase);
        // The list (by state, newest first) and the gate timer (the releases in progress); the service's releases.
        builder.HasIndex(r => new { r.State, r.OpenedAt });
        builder.HasIndex(r => new { r.Service, r.OpenedAt });
    }
}

internal sealed class ReleaseEnvironmentConfiguration : IEntityTypeConfiguration<ReleaseEnvironment>
{
    public void Configure(EntityTypeBuilder<ReleaseEnvironment> builder)
    {
        builder.ToTable("ReleaseEnvironments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(Release.EnvironmentLength);
        builder.HasIndex(e => new { e.ReleaseId, e.Name }).IsUnique();
    }
}

internal sealed class ReleaseChangeConfiguration : IEntityTypeConfiguration<ReleaseChange>
{
    public void Configure(EntityTypeBuilder<ReleaseChange> builder)
    {
        builder.ToTable("ReleaseChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ChangeNumber).HasMaxLength(Record.NumberLength);
        builder.HasIndex(c => new { c.ReleaseId, c.ChangeNumber }).IsUnique();
        // "Which release carries this change" (the change page, the rollback closing changes).
        builder.HasIndex(c => c.ChangeNumber);
    }
}

internal sealed class ReleasePhaseConfiguration : IEntityTypeConfiguration<ReleasePhase>
{
    public void Configure(EntityTypeBuilder<ReleasePhase> builder)
    {
        builder.ToTable("ReleasePhases");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(ReleasePhase.NameLength);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.HasMany(p => p.Gates).WithOne().HasForeignKey(g => g.PhaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.GatesPassed);
        builder.HasIndex(p => new { p.ReleaseId, p.Position }).IsUnique();
    }
}

internal sealed class ReleaseGateConfiguration : IEntityTypeConfiguration<ReleaseGate>
{
    public void Configure(EntityTypeBuilder<ReleaseGate> builder)
    {
        builder.ToTable("ReleaseGates");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Key).HasMaxLength(ReleaseGate.KeyLength);
        builder.Property(g => g.Name).HasMaxLength(ReleaseGate.NameLength);
        builder.Property(g => g.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Policy).HasConversion<string>().HasMaxLength(40);
        builder.Property(g => g.ApprovalRule).HasMaxLength(Approvals.ApprovalRule.KeyLength);
        builder.Property(g => g.Threshold).HasPrecision(5, 2);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(g => g.StatusReason).HasMaxLength(Record.TextLength);
        builder.Property(g => g.ApprovalId).HasMaxLength(Approvals.Approval.IdLength);
        builder.Property(g => g.ExceptionBy).HasMaxLength(Record.NameLength);
        builder.Property(g => g.ExceptionReason).HasMaxLength(Record.TextLength);
        builder.Property(g => g.BuildId).HasMaxLength(ReleaseGate.BuildIdLength);
        builder.Property(g => g.Coverage).HasPrecision(5, 2);
        builder.Property(g => g.Link).HasMaxLength(ReleaseGate.LinkLength);
        builder.Property(g => g.EvidenceBy).HasMaxLength(Record.NameLength);
        builder.Ignore(g => g.Passed);
        builder.Ignore(g => g.PassRate);
        builder.Ignore(g => g.TakesEvidence);
        builder.HasIndex(g => g.PhaseId);
    }
}

internal sealed class ReleaseDeploymentConfiguration : IEntityTypeConfiguration<ReleaseDeployment>
{
    public void Configure(EntityTypeBuilder<ReleaseDeployment> builder)
    {
        builder.ToTable("ReleaseDeployments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Environment).HasMaxLength(Release.EnvironmentLength);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.ApprovalId).HasMaxLength(Approvals.Approval.IdLength);
        builder.Property(d => d.RequestedBy).HasMaxLength(Record.NameLength);
        builder.Ignore(d => d.IsActive);
        builder.HasIndex(d => new { d.ReleaseId, d.Environment });
    }
}
