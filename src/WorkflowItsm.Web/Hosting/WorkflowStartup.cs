using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Web.Hosting;

/// <summary>Deploys the reference processes shipped under <c>workflows/</c> at start-up (unchanged ones keep their version).</summary>
internal static partial class WorkflowStartup
{
    public const string FolderSetting = "Workflows:Folder";

    public static async Task DeployBundledWorkflowsAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var folder = configuration[FolderSetting] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "workflows");
        if (!System.IO.Directory.Exists(folder))
        {
            LogNoFolder(logger, folder);
            return;
        }

        var files = System.IO.Directory.GetFiles(folder, "*.bpmn").Order(StringComparer.Ordinal)
            .Select(path => new BpmnFile(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
        if (files.Count == 0)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        try
        {
            var deployed = await scope.ServiceProvider.GetRequiredService<ProcessDeployer>()
                .DeployAsync(files, deployedBy: "system", comment: "Bundled with WorkflowItsm", cancellationToken);
            foreach (var process in deployed.Where(p => p.IsNewVersion))
            {
                LogDeployed(logger, process.Key, process.Version);
            }
        }
        catch (DeploymentRejectedException rejected)
        {
            var problems = string.Join("; ", rejected.Problems.Where(p => p.IsError)
                .Select(p => $"{p.FileName} [{p.ElementId ?? "document"}] {p.Code}: {p.Message}"));
            throw new StartupConfigurationException($"The bundled workflows under {folder} ({FolderSetting}) are invalid: {problems}", rejected);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed bundled process {Key} version {Version}")]
    private static partial void LogDeployed(ILogger logger, string key, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No bundled workflows folder at {Folder}; nothing deployed at start-up")]
    private static partial void LogNoFolder(ILogger logger, string folder);
}
