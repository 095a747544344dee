using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>The SLA definitions: the seeded defaults and the admin's reads.</summary>
public sealed class SlaDefinitions(ItsmDbContext db, CiReferences configurationItems)
{
    public const string EscalationProcess = "sla-escalation";

    private const long Minute = 60;
    private const long Hour = 60 * Minute;

    internal static SlaDefinition[] Seed { get; } =
    [
        Define(1, "P1 response in 15 minutes", SlaKind.Response, "1", 15 * Minute, BusinessCalendars.AroundTheClock, order: 10),
        Define(2, "P1 resolution in 4 hours", SlaKind.Resolution, "1", 4 * Hour, BusinessCalendars.AroundTheClock, order: 10),
        Define(3, "P2 response in 1 business hour", SlaKind.Response, "2", Hour, BusinessCalendars.BusinessHours, order: 20),
        Define(4, "P2 resolution in 8 business hours", SlaKind.Resolution, "2", 8 * Hour, BusinessCalendars.BusinessHours, order: 20),
        Define(5, "P3–P5 response in 4 business hours", SlaKind.Response, "3,4,5", 4 * Hour, BusinessCalendars.BusinessHours, order: 30),
        Define(6, "P3–P5 resolution in 3 business days", SlaKind.Resolution, "3,4,5", 30 * Hour, BusinessCalendars.BusinessHours, order: 30),
    ];

    public async Task<IReadOnlyList<SlaDefinition>> ListAsync(CancellationToken cancellationToken) =>
        await db.SlaDefinitions.AsNoTracking().OrderBy(d => d.Kind).ThenBy(d => d.Order).ThenBy(d => d.Id).ToListAsync(cancellationToken);

    /// <summary>The problems with a definition an admin wants to save, each message led by the field's label; empty when it is valid.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(SlaDefinition definition, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 200)
        {
            errors["name"] = ["Name: give a name of 1 to 200 characters."];
        }

        if (!Enum.IsDefined(definition.Kind))
        {
            errors["kind"] = ["Measures: choose response or resolution."];
        }

        if (definition.TargetSeconds <= 0)
        {
            errors["targetSeconds"] = ["Target: a positive amount of business time."];
        }

        if (!await db.BusinessCalendars.AnyAsync(c => c.Key == definition.CalendarKey, cancellationToken))
        {
            errors["calendarKey"] = [$"Calendar: there is no calendar '{definition.CalendarKey}'."];
        }

        if (SlaDefinition.SplitList(definition.Priorities).Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > PriorityMatrix.LowestPriority))
        {
            errors["priorities"] = [$"Priorities: numbers from 1 to {PriorityMatrix.LowestPriority}, separated by commas."];
        }

        if (!string.IsNullOrWhiteSpace(definition.AssignmentGroup) && !await db.Groups.AnyAsync(g => g.Key == definition.AssignmentGroup.Trim(), cancellationToken))
        {
            errors["assignmentGroup"] = [$"Assignment group: there is no group '{definition.AssignmentGroup}'."];
        }

        if (definition.Category is { Length: > Incident.CodeLength })
        {
            errors["category"] = [$"Category: at most {Incident.CodeLength} characters."];
        }

        // Incidents name their service by the business service's CI number: so does the definition that covers them.
        if (await configurationItems.BusinessServiceProblemAsync(definition.Service, cancellationToken) is { } serviceProblem)
        {
            errors["service"] = [$"Service: {serviceProblem}"];
        }

        if (SlaDefinition.SplitList(definition.WarningPercents).Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 99))
        {
            errors["warningPercents"] = ["Warn at: percentages from 1 to 99, separated by commas."];
        }

        if (SlaDefinition.SplitList(definition.PauseOnHoldReasons).Any(r => !Enum.TryParse<OnHoldReason>(r, ignoreCase: true, out _)))
        {
            errors["pauseOnHoldReasons"] = [$"Pauses while on hold: the reasons are {string.Join(", ", Enum.GetNames<OnHoldReason>())}."];
        }

        return errors;
    }

    private static SlaDefinition Define(int id, string name, SlaKind kind, string priorities, long targetSeconds, string calendar, int order) => new()
    {
        Id = id,
        Name = name,
        Kind = kind,
        Priorities = priorities,
        TargetSeconds = targetSeconds,
        CalendarKey = calendar,
        PauseOnHoldReasons = kind == SlaKind.Resolution ? nameof(OnHoldReason.AwaitingCaller) : null,
        WarningPercents = "50,75",
        BreachProcessKey = EscalationProcess,
        Order = order,
        IsActive = true,
    };
}
