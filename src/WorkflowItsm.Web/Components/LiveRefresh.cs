namespace WorkflowItsm.Web.Components;

/// <summary>A page's live refresh: runs <c>tick</c> every interval until the page closes (or its browser is gone).</summary>
internal static class LiveRefresh
{
    public static async Task RunAsync(TimeSpan every, Func<Task> tick, CancellationToken closing)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(closing))
            {
                await tick();
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
            // The browser went away before the page was disposed.
        }
    }
}
