using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Validation;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

// Each model is checked alone, as a deployment of one file through the product's own ProcessDeployer.Check, with the
// product's handlers registered: what it refuses here, POST /api/deployments refuses with the same problems.
var folders = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var listCode = args.SkipWhile(a => a != "--list").Skip(1).FirstOrDefault();
if (folders.Count == 0 || folders.Any(f => !Directory.Exists(f)))
{
    Console.Error.WriteLine("usage: WorkflowItsm.CamundaAcceptance <folder> [<folder>…] [--list <problem code>]");
    return 2;
}

var database = Path.Combine(Path.GetTempPath(), $"camunda-acceptance-{Environment.ProcessId}.db");
var provider = new SqliteDatabaseProvider();
await using var services = new ServiceCollection()
    .AddLogging()
    .AddDbContext<ItsmDbContext>(options => provider.ConfigureDbContext(options, $"Data Source={database}"))
    .AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<ItsmDbContext>())
    .AddItsm()
    .BuildServiceProvider();
await using var scope = services.CreateAsyncScope();
var deployer = scope.ServiceProvider.GetRequiredService<ProcessDeployer>();

var models = folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
    .Where(f => f.EndsWith(".bpmn", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".bpmn20.xml", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).ToList();
var refusals = new List<(string File, DeploymentProblem Problem)>();
// What still refuses a model once its Java delegates are registered: its first error of another kind.
var refusalsWithHandlers = new List<(string File, DeploymentProblem Problem)>();
var accepted = 0;
var acceptedWithHandlers = 0;
foreach (var model in models)
{
    var problems = deployer.Check([new BpmnFile(Path.GetFileName(model), await File.ReadAllTextAsync(model))]);
    if (problems.FirstOrDefault(p => p.IsError) is { } first)
    {
        refusals.Add((model, first));
        // A Java delegate (camunda:class, delegateExpression) deploys once a .NET handler is registered under its name.
        if (problems.FirstOrDefault(p => p.IsError && p.Code != BpmnProblemCodes.UnknownHandler) is { } other)
        {
            refusalsWithHandlers.Add((model, other));
        }
        else
        {
            acceptedWithHandlers++;
        }
    }
    else
    {
        accepted++;
        acceptedWithHandlers++;
    }
}

var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant, $"Models: {models.Count}; accepted: {accepted} ({(models.Count == 0 ? 0 : 100.0 * accepted / models.Count):0.0} %); refused: {refusals.Count}"));
Console.WriteLine(string.Create(invariant, $"Accepted once the Java delegates they name are registered as .NET handlers: {acceptedWithHandlers} ({(models.Count == 0 ? 0 : 100.0 * acceptedWithHandlers / models.Count):0.0} %)"));
PrintReasons("Refused, by the first error's code and wording (quoted names and numbers blanked):", refusals);
PrintReasons("Refused with the Java delegates registered, by the first error of another kind:", refusalsWithHandlers);

if (listCode is not null)
{
    foreach (var (file, problem) in refusals.Where(r => r.Problem.Code == listCode))
    {
        Console.WriteLine($"{file}: {problem.ElementId}: {problem.Message}");
    }
}

File.Delete(database);
return 0;

void PrintReasons(string title, List<(string File, DeploymentProblem Problem)> refused)
{
    Console.WriteLine(title);
    foreach (var reason in refused.GroupBy(r => (r.Problem.Code, Wording: Blank(r.Problem.Message))).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Code, StringComparer.Ordinal))
    {
        Console.WriteLine(string.Create(invariant, $"{reason.Count(),6}  {reason.Key.Code}  {reason.Key.Wording}"));
    }
}

// "The script task 'x' is in 'groovy'" → "The script task '…' is in '…'": one line per kind of refusal.
static string Blank(string message) =>
    Regex.Replace(Regex.Replace(message, "'[^']*'", "'…'"), @"\b\d+\b", "#");
