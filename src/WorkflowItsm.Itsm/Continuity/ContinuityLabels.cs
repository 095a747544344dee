using System.Globalization;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>The words people read for tiers, ratings, plan, drill and step states, drill types and durations — never the enum names.</summary>
public static class ContinuityLabels
{
    public static string Tier(RecoveryTier tier) => tier switch
    {
        RecoveryTier.MissionCritical => "Mission critical",
        RecoveryTier.BusinessCritical => "Business critical",
        RecoveryTier.Essential => "Essential",
        _ => "Non-essential",
    };

    public static string Rating(ImpactRating rating) => rating switch
    {
        ImpactRating.Minor => "Minor",
        ImpactRating.Moderate => "Moderate",
        ImpactRating.Major => "Major",
        ImpactRating.Severe => "Severe",
        _ => "None",
    };

    public static string Plan(ContinuityPlanState state) => state switch
    {
        ContinuityPlanState.Active => "Active",
        ContinuityPlanState.ReviewRequired => "Review required",
        _ => "Draft",
    };

    public static string Bia(BiaState state) => state switch
    {
        BiaState.InReview => "In review",
        BiaState.Approved => "Approved",
        _ => "Draft",
    };

    public static string Compliance(bool? compliant) => compliant switch
    {
        true => "Compliant",
        false => "Non-compliant",
        _ => "Not checked",
    };

    public static string DrillType(DrillType type) => type switch
    {
        Continuity.DrillType.WalkThrough => "Walk-through",
        Continuity.DrillType.Tabletop => "Tabletop",
        Continuity.DrillType.Functional => "Functional",
        _ => "Full-scale",
    };

    public static string Drill(DrillState state) => state switch
    {
        DrillState.Passed => "Passed",
        DrillState.Failed => "Failed",
        _ => "Running",
    };

    public static string Step(DrillStepState state) => state switch
    {
        DrillStepState.Ready => "Ready",
        DrillStepState.InProgress => "In progress",
        DrillStepState.Done => "Done",
        DrillStepState.Failed => "Failed",
        _ => "Waiting",
    };

    /// <summary>A duration as people say it: "45 min", "8 h", "7 h 10 min", "1 week", "3 days".</summary>
    public static string Duration(int? minutes)
    {
        if (minutes is not { } m)
        {
            return "—";
        }

        if (m == 10080)
        {
            return "1 week";
        }

        if (m >= 1440 && m % 1440 == 0)
        {
            return m == 1440 ? "24 h" : string.Create(CultureInfo.InvariantCulture, $"{m / 1440} days");
        }

        var hours = m / 60;
        var rest = m % 60;
        return (hours, rest) switch
        {
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"{rest} min"),
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{hours} h"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min"),
        };
    }
}
