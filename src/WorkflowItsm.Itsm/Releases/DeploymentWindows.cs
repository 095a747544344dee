using System.Globalization;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>Whether a deployment may start now: allowed, prevented (inside a blackout) or waiting (outside any window, held, not started).</summary>
public enum DeploymentDecision
{
    Allowed,
    Prevented,
    Waiting,
}

/// <summary>An opening of a window or a blackout, UTC, with the window's name (an environment without windows is open from Start on: End is DateTime.MaxValue).</summary>
public sealed record WindowOpening(DateTime Start, DateTime End, string Name);

/// <summary>The next window as a pipeline or a page is told: no end when the environment takes deployments at any time from its start.</summary>
public sealed record NextWindowView(DateTime Start, DateTime? End, string Name)
{
    public static NextWindowView? Of(WindowOpening? opening) =>
        opening is null ? null : new NextWindowView(opening.Start, opening.End == DateTime.MaxValue ? null : opening.End, opening.Name);
}

/// <summary>The answer a pipeline gets: the decision, why in words, and the next window it may deploy in (when there is one).</summary>
public sealed record DeploymentGateAnswer(DeploymentDecision Decision, string Reason, WindowOpening? NextWindow)
{
    public string DecisionText => Decision switch
    {
        DeploymentDecision.Allowed => "allowed",
        DeploymentDecision.Prevented => "prevented",
        _ => "waiting",
    };
}

/// <summary>
/// Decides a deployment at one moment from the environment's deployment windows and the blackouts that apply (times
/// only, no database): inside a blackout it is prevented and names the next window after it; an environment with
/// windows takes deployments inside one only, else the deployment waits for the next; an environment without
/// windows takes them at any time outside blackouts. The next window is the first stretch of a window that no
/// blackout covers.
/// </summary>
public static class DeploymentWindows
{
    /// <param name="windows">The openings of the environment's windows over the look-ahead, any order.</param>
    /// <param name="environmentHasWindows">Whether the environment has deployment windows at all (else any time outside blackouts).</param>
    public static DeploymentGateAnswer Decide(DateTime at, string environment, IReadOnlyList<WindowOpening> windows, bool environmentHasWindows, IReadOnlyList<WindowOpening> blackouts)
    {
        var blackout = blackouts.Where(b => b.Start <= at && at < b.End).OrderByDescending(b => b.End).FirstOrDefault();
        if (blackout is not null)
        {
            var next = NextOpening(blackout.End, windows, environmentHasWindows, blackouts);
            return new DeploymentGateAnswer(DeploymentDecision.Prevented,
                $"Inside the blackout '{blackout.Name}' until {Moment(blackout.End)}: no deployment to {environment}. " + NextText(next),
                next);
        }

        if (!environmentHasWindows)
        {
            return new DeploymentGateAnswer(DeploymentDecision.Allowed, $"{Capitalized(environment)} takes deployments at any time outside blackouts.", null);
        }

        var open = windows.Where(w => w.Start <= at && at < w.End).OrderByDescending(w => w.End).FirstOrDefault();
        if (open is not null)
        {
            var until = blackouts.Where(b => b.Start > at && b.Start < open.End).Select(b => b.Start).DefaultIfEmpty(open.End).Min();
            return new DeploymentGateAnswer(DeploymentDecision.Allowed, $"Inside the deployment window '{open.Name}' of {environment} until {Moment(until)}.",
                open with { Start = at, End = until });
        }

        var following = NextOpening(at, windows, environmentHasWindows, blackouts);
        return new DeploymentGateAnswer(DeploymentDecision.Waiting, $"Outside any deployment window of {environment}. " + NextText(following), following);
    }

    /// <summary>The first stretch from <paramref name="from"/> on that lies in a window (or anywhere, without windows) and in no blackout.</summary>
    public static WindowOpening? NextOpening(DateTime from, IReadOnlyList<WindowOpening> windows, bool environmentHasWindows, IReadOnlyList<WindowOpening> blackouts)
    {
        IEnumerable<WindowOpening> candidates = environmentHasWindows
            ? windows.Where(w => w.End > from).OrderBy(w => w.Start)
            : [new WindowOpening(from, DateTime.MaxValue, "any time")];
        foreach (var window in candidates)
        {
            var start = window.Start < from ? from : window.Start;
            // Step past every blackout covering the start (blackouts may overlap or follow each other).
            for (var covering = Covering(start, blackouts); covering is not null; covering = Covering(start, blackouts))
            {
                start = covering.End;
            }

            if (start >= window.End)
            {
                continue;
            }

            var end = blackouts.Where(b => b.Start > start && b.Start < window.End).Select(b => b.Start).DefaultIfEmpty(window.End).Min();
            return window with { Start = start, End = end };
        }

        return null;
    }

    private static WindowOpening? Covering(DateTime moment, IReadOnlyList<WindowOpening> blackouts) =>
        blackouts.Where(b => b.Start <= moment && moment < b.End).OrderByDescending(b => b.End).FirstOrDefault();

    private static string NextText(WindowOpening? next) => next is null
        ? "There is no deployment window in the look-ahead."
        : next.End == DateTime.MaxValue
            ? $"Deployments may start from {Moment(next.Start)}."
            : $"Next window: '{next.Name}' from {Moment(next.Start)} to {Moment(next.End)}.";

    private static string Moment(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
