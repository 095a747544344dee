using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Requests;

namespace WorkflowItsm.Web.Requests;

/// <summary>
/// An item of the catalog with its form: the variables of its current version, the rules applied as the requester
/// types by the same <see cref="CatalogRuleEvaluator"/> checkout runs (shown, hidden, required, read-only, set values;
/// the price fact follows the chosen model), a quantity, "Add to cart" and "Order now". What the server refuses comes
/// back beside the field it names.
/// </summary>
public sealed partial class CatalogItemPage
{
    private CatalogItemSummary? summary;
    private string? description;
    private CatalogItemDefinition? definition;
    private int version;
    private IReadOnlyList<AssetModelOption> models = [];
    private EffectiveForm? form;
    private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);
    private Dictionary<string, string[]> serverErrors = new(StringComparer.Ordinal);
    private string? problem;
    private bool attempted;
    private bool busy;
    private bool notFound;
    private string user = "";
    private int quantity = 1;

    [Parameter] public string Key { get; set; } = "";

    private decimal Price => definition is null ? 0
        : definition.Variables.Where(v => v.SetsPrice).Select(v => values.GetValueOrDefault(v.Key) as string)
            .Select(id => models.FirstOrDefault(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id)?.UnitCost).FirstOrDefault(c => c is not null)
          ?? definition.Price;

    protected override async Task OnParametersSetAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        try
        {
            var page = await services.GetRequiredService<CatalogQueries>().ItemAsync(Key, user, CancellationToken.None);
            var current = await services.GetRequiredService<CatalogForms>().VersionAsync(Key, page.Item.Version, CancellationToken.None);
            (summary, description, models, definition, version) = (page.Item, page.Description, page.ModelOptions, current.Definition, current.Version);
        }
        catch (Exception missing) when (missing is CatalogItemNotFoundException or CatalogOrderForbiddenException)
        {
            // An item she may not order is, for her, not in the catalog.
            notFound = true;
            return;
        }

        values.Clear();
        Evaluate();
    }

    /// <summary>Runs the rules over the values typed and takes back what they settle (defaults, set values).</summary>
    private void Evaluate()
    {
        form = CatalogRuleEvaluator.Evaluate(definition!, values, Price, quantity);
        foreach (var field in form.Fields.Where(f => f.Visible && f.Errors.Count == 0))
        {
            values[field.Key] = field.Type == VariableType.MultipleChoice
                ? (object?)(field.Value is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : new List<string>())
                : field.Value;
        }
    }

    private void Set(string key, object? value)
    {
        values[key] = value;
        serverErrors.Remove(key);
        Evaluate();
    }

    private void SetQuantity(int value)
    {
        quantity = Math.Clamp(value, 1, Cart.MaxQuantity);
        Evaluate();
    }

    private string? Text(string key) => values.GetValueOrDefault(key) as string;

    private IReadOnlyList<string> Chosen(string key) => values.GetValueOrDefault(key) as List<string> ?? [];

    private void Toggle(string key, string choice, bool on)
    {
        var chosen = Chosen(key).Where(c => c != choice).ToList();
        if (on)
        {
            chosen.Add(choice);
        }

        Set(key, chosen);
    }

    /// <summary>What is wrong with a field: the server's word first; the rules' once she tried to order, or at once when what she typed is not of its type.</summary>
    private string? ErrorOf(EffectiveField field)
    {
        if (serverErrors.TryGetValue(field.Key, out var server))
        {
            return string.Join(" ", server);
        }

        var typed = values.GetValueOrDefault(field.Key) is string s && !string.IsNullOrWhiteSpace(s);
        return field.Errors.Count > 0 && (attempted || typed) ? string.Join(" ", field.Errors) : null;
    }

    private OrderLine Line() => new(Key, version, quantity, values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));

    private Task AddToCartAsync() => SubmitAsync("variables.", async services =>
    {
        await services.GetRequiredService<Cart>().AddAsync(user, Line(), CancellationToken.None);
        Snackbar.Add($"{summary!.Name} is in your cart.", Severity.Success);
        Navigation.NavigateTo("portal/cart");
    });

    private Task OrderNowAsync() => SubmitAsync("items[0].variables.", async services =>
    {
        var request = await services.GetRequiredService<CatalogCheckout>().OrderAsync([Line()], null, user, CancellationToken.None);
        Snackbar.Add($"Ordered: {request.Number}.", Severity.Success);
        Navigation.NavigateTo($"portal/orders/{Uri.EscapeDataString(request.Number)}");
    });

    private async Task SubmitAsync(string prefix, Func<IServiceProvider, Task> submit)
    {
        attempted = true;
        problem = null;
        serverErrors = new(StringComparer.Ordinal);
        Evaluate();
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await submit(scope.ServiceProvider);
        }
        catch (RecordValidationException invalid)
        {
            // The server names items[n].variables.x (or variables.x): the error goes beside field x.
            foreach (var (field, messages) in invalid.Errors)
            {
                var key = field.StartsWith(prefix, StringComparison.Ordinal) ? field[prefix.Length..] : null;
                if (key is not null && form!.Fields.Any(f => f.Key == key && f.Visible))
                {
                    serverErrors[key] = messages;
                }
                else
                {
                    problem = problem is null ? string.Join(" ", messages) : $"{problem} {string.Join(" ", messages)}";
                }
            }
        }
        catch (Exception refused) when (refused is CatalogItemNotFoundException or CatalogOrderForbiddenException)
        {
            problem = refused.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
