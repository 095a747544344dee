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

    private static readonly Dictionary<ProblemState, ProblemState[]> Next = new()
    {
        [ProblemState.New] = [ProblemState.Assessed, ProblemState.Cancelled],
        [ProblemState.Assessed] = [ProblemState.RootCauseAnalysis, ProblemState.Cancelled],
        // Resolved straight from analysis: the cause went away, or the risk is accepted without a fix.
        [ProblemState.RootCauseAnalysis] = [ProblemState.FixInProgress, ProblemState.Resolved, ProblemState.Cancelled],
        // Back to analysis when the fix shows the cause was another.
        [ProblemState.FixInProgress] = [ProblemState.Resolved, ProblemState.RootCauseAnalysis, ProblemState.Cancelled],
        // Reopened when the fix did not hold.
        [ProblemState.Resolved] = [ProblemState.Closed, ProblemState.FixInProgress],
        [ProblemState.Closed] = [],
        [ProblemState.Cancelled] = [],
    };

    public static IReadOnlyList<ProblemState> OpenStates { get; } =
        [ProblemState.New, ProblemState.Assessed, ProblemState.RootCauseAnalysis, ProblemState.FixInProgress];

    public static bool IsOpen(ProblemState state) => OpenStates.Contains(state);

    public static IReadOnlyList<ProblemState> AllowedFrom(ProblemState state) => Next[state];

    public static bool IsAllowed(ProblemState from, ProblemState to) => Next[from].Contains(to);
}

/// <summary>A state change that the lifecycle does not allow; the API answers 409 with <see cref="Allowed"/>.</summary>
public sealed class ProblemTransitionException(string number, ProblemState from, ProblemState to)
    : RecordTransitionException(number, from.ToString(), to.ToString(), [.. ProblemLifecycle.AllowedFrom(from).Select(s => s.ToString())])
{
    public ProblemState From { get; } = from;
    public ProblemState To { get; } = to;
    public IReadOnlyList<ProblemState> Allowed { get; } = ProblemLifecycle.AllowedFrom(from);
}

/// <summary>Invalid fields, each with its messages; the API answers 400 naming them. Nothing was saved.</summary>
public sealed class ProblemValidationException(IReadOnlyDictionary<string, string[]> errors) : RecordValidationException("problem", errors);

/// <summary>No problem with that number.</summary>
public sealed class ProblemNotFoundException(string number) : RecordNotFoundException($"No problem '{number}'.")
{
    public string Number { get; } = number;
}

/// <summary>Another change was saved since the caller read the problem; the API answers 409.</summary>
public sealed class ProblemConcurrencyException(string number) : RecordConflictException($"{number} was changed by someone else meanwhile; reload it and apply your change again.");

/// <summary>No proposal with that id.</summary>
public sealed class ProblemProposalNotFoundException(Guid id) : RecordNotFoundException($"No problem proposal '{id}'.");

/// <summary>The proposal was accepted or dismissed already; the API answers 409.</summary>
public sealed class ProblemProposalDecidedException(Guid id, ProblemProposalStatus status)
    : RecordConflictException($"Problem proposal '{id}' is {status}; only an open proposal can be accepted or dismissed.")
{
    public ProblemProposalStatus Status { get; } = status;

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["status"] = Status.ToString() };
}
