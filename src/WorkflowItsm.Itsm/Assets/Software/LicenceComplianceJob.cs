namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>The nightly compliance run over every product (a recurring job); each run adds a snapshot per product to the history.</summary>
public sealed class LicenceComplianceJob(LicenceComplianceCalculator calculator)
{
    public const string RecurringJobId = "licence-compliance";

    public Task<int> RunAsync(CancellationToken cancellationToken) => calculator.RecomputeAllAsync("nightly", cancellationToken);
}
