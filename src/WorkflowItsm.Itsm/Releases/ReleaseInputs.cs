using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// What is asked for a new release. Without phases it takes <see cref="ReleasePlanTemplate.Default"/> (planning,
/// development, testing, implementation with their usual gates); without environments test → staging → production;
/// without a calendar the business-hours one.
/// </summary>
public sealed record NewRelease
{
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }

    /// <summary>The business service released: its CI number.</summary>
    public string? Service { get; init; }

    public string? Version { get; init; }
    public ReleaseType? Type { get; init; }
    public DateOnly? ReadinessDate { get; init; }
    public string? CalendarKey { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssignedTo { get; init; }

    /// <summary>The contained changes, by number (CHG…).</summary>
    public IReadOnlyList<string>? Changes { get; init; }

    /// <summary>The environments in deployment order; the last is production (its deployments need a go/no-go).</summary>
    public IReadOnlyList<string>? Environments { get; init; }

    public IReadOnlyList<PhaseInput>? Phases { get; init; }
}

/// <summary>A phase as asked: its name, its working days and its gates.</summary>
public sealed record PhaseInput(string? Name, int? WorkingDays, IReadOnlyList<GateInput>? Gates);

/// <summary>
/// A gate as asked: key (unique in the release, e.g. G3), name, kind, and what the kind needs — the policy of a policy
/// gate, the approval rule of an approval gate, the least pass rate (percent) of an evidence gate.
/// </summary>
public sealed record GateInput(string? Key, string? Name, GateKind? Kind, GatePolicy? Policy = null, string? ApprovalRule = null, decimal? Threshold = null);

/// <summary>How a deployment ended, as the pipeline reports it.</summary>
public sealed record DeploymentResult(bool Succeeded, string? Notes = null);

/// <summary>A move to another state; a hold needs its reason.</summary>
public sealed record ReleaseTransition(ReleaseState To, string? Reason = null);

/// <summary>A pipeline's test results: how many tests passed and failed, and the coverage in percent.</summary>
public sealed record TestResults(int? Passed, int? Failed, decimal? Coverage);

/// <summary>
/// Evidence from CI/CD for one gate of one phase: test results (an evidence gate) or a check's result (an external
/// check: "passed" or "failed"), the build it is about and a link to the run. A re-run replaces it.
/// </summary>
public sealed record ReleaseEvidenceInput
{
    public string? Phase { get; init; }
    public string? Gate { get; init; }
    public string? BuildId { get; init; }
    public string? Link { get; init; }
    public string? Result { get; init; }
    public TestResults? Tests { get; init; }
}

/// <summary>The phases and gates a release gets when none are given: the usual plan.</summary>
public static class ReleasePlanTemplate
{
    public const string ProductionEnvironment = "production";

    public static IReadOnlyList<string> DefaultEnvironments { get; } = ["test", "staging", ProductionEnvironment];

    public static IReadOnlyList<PhaseInput> Default { get; } =
    [
        new("Planning", 10, [new("G1", "All contained changes authorized", GateKind.Policy, GatePolicy.AllChangesAuthorized)]),
        new("Development", 25, [new("G2", "Build verified", GateKind.ExternalCheck)]),
        new("Testing", 15, [new("G3", "Regression tests pass", GateKind.Evidence, Threshold: 95)]),
        new("Implementation", 10,
        [
            new("G4", "No open P1 incident on the service", GateKind.Policy, GatePolicy.NoOpenP1Incident),
            new("G5", "Deployed to every environment", GateKind.Policy, GatePolicy.DeployedEverywhere),
        ]),
    ];
}

/// <summary>The release is not where the asked step can happen (phases still open, a deployment refused, a closed phase); the API answers 409.</summary>
public sealed class ReleaseConflictException(string message, IReadOnlyDictionary<string, object?>? details = null) : RecordConflictException(message)
{
    public override IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();
}
