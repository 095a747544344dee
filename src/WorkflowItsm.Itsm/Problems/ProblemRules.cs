using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>Which state may follow which (ServiceNow's problem states: assess, root-cause analysis, fix in progress, resolved, closed).</summary>
public static class ProblemLifecycle
{
    /// <summary>The way the problem workflow walks; its steps move a record that lags behind along it.</summary>
    public static IReadOnlyList<ProblemState> HappyPath { get; } =
        [ProblemState.New, ProblemState.Assessed, ProblemState.RootCauseAnalysis, ProblemState.FixInProgress, ProblemState.Resolved];

    /// <summary>Where the state stands on <see cref="HappyPath"/>; -1 when it is off it (closed, cancelled).</summary>
    public static int StepOf(ProblemState state)
    {
        for (var step = 0; step < HappyPath.Count; step++)
        {
            if (HappyPath[step] == state)
            {
                return step;
            }
        }

        return -1;
    }

    public static RecordLifecycle<ProblemState> Table { get; } = new RecordLifecycle<ProblemState>()
        .Open(ProblemState.New, ProblemState.Assessed, ProblemState.RootCauseAnalysis, ProblemState.FixInProgress)
        .Allow(ProblemState.New, ProblemState.Assessed, ProblemState.Cancelled)
        .Allow(ProblemState.Assessed, ProblemState.RootCauseAnalysis, ProblemState.Cancelled)
        // Resolved straight from analysis: the cause went away, or the risk is accepted without a fix.
        .Allow(ProblemState.RootCauseAnalysis, ProblemState.FixInProgress, ProblemState.Resolved, ProblemState.Cancelled)
        // Back to analysis when the fix shows the cause was another.
        .Allow(ProblemState.FixInProgress, ProblemState.Resolved, ProblemState.RootCauseAnalysis, ProblemState.Cancelled)
        // Reopened when the fix did not hold.
        .Allow(ProblemState.Resolved, ProblemState.Closed, ProblemState.FixInProgress)
        .Allow(ProblemState.Closed)
        .Allow(ProblemState.Cancelled)
        .Require(ProblemState.FixInProgress, "rootCause", "Record the root cause before fixing it.")
        .Require(ProblemState.Resolved, "fix", "Say what fixed it (or why it is resolved without a fix).");

    /// <summary>An array, so that database queries can ask "in one of these states".</summary>
    public static IReadOnlyList<ProblemState> OpenStates { get; } = [.. Table.OpenStates];

    public static IReadOnlyList<ProblemState> AllowedFrom(ProblemState state) => Table.AllowedFrom(state);
}

/// <summary>No proposal with that id.</summary>
public sealed class ProblemProposalNotFoundException(Guid id) : RecordNotFoundException($"No problem proposal '{id}'.");

/// <summary>The proposal was accepted or dismissed already; the API answers 409.</summary>
public sealed class ProblemProposalDecidedException(Guid id, ProblemProposalStatus status)
    : RecordConflictException($"Problem proposal '{id}' is {status}; only an open proposal can be accepted or dismissed.")
{
    public ProblemProposalStatus Status { get; } = status;

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["status"] = Status.ToString() };
}
