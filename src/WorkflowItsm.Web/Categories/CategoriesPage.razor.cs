using MudBlazor;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Categories;

public sealed partial class CategoriesPage
{
    private IReadOnlyList<CategoryView> categories = [];
    private CategoryForm? editing;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private bool busy;

    private string FormTitle => (editing?.Parent, editing?.Code) switch
    {
        (null, null) => "New category",
        ({ } parent, null) => $"New subcategory of {parent.Name}",
        (null, _) => $"Edit category \"{editing!.OriginalName}\"",
        ({ } parent, _) => $"Edit subcategory \"{editing!.OriginalName}\" of {parent.Name}",
    };

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        categories = await scope.ServiceProvider.GetRequiredService<RecordCategories>().ListAsync(activeOnly: false, CancellationToken.None);
    }

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void Add(CategoryView? parent)
    {
        errors = new Dictionary<string, string[]>();
        editing = new CategoryForm { Parent = parent };
    }

    private void Edit(CategoryView? parent, string code, string name, bool active)
    {
        errors = new Dictionary<string, string[]>();
        editing = new CategoryForm { Parent = parent, Code = code, OriginalName = name, Name = name, Active = active };
    }

    private void Cancel() => editing = null;

    private async Task SaveAsync()
    {
        if (editing is null)
        {
            return;
        }

        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<RecordCategories>();
            var input = new CategoryInput(editing.Name, editing.Active);
            _ = editing.Code is null
                ? await service.AddAsync(editing.Parent?.Code, input, CancellationToken.None)
                : await service.UpdateAsync(editing.Parent?.Code, editing.Code, input, CancellationToken.None);
            Snackbar.Add($"\"{editing.Name?.Trim()}\" saved.", Severity.Success);
            editing = null;
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors;
        }
        catch (RecordNotFoundException gone)
        {
            Snackbar.Add(gone.Message, Severity.Warning);
            editing = null;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RemoveAsync(string? parent, string code, string name)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RecordCategories>().RemoveAsync(parent, code, CancellationToken.None);
            Snackbar.Add($"\"{name}\" removed.", Severity.Success);
        }
        catch (Exception refused) when (refused is CategoryInUseException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }

        await LoadAsync();
    }

    private sealed class CategoryForm
    {
        public CategoryView? Parent { get; init; }

        /// <summary>The code of the one being edited; null for a new one.</summary>
        public string? Code { get; init; }

        public string? OriginalName { get; init; }
        public string? Name { get; set; }
        public bool Active { get; set; } = true;
    }
}
