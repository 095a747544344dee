using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>One line of a person's cart: an item at the version it was filled in with, a quantity, and the values as the form stored them.</summary>
public sealed class CartLine
{
    public long Id { get; set; }
    public required string Owner { get; set; }
    public required string ItemKey { get; set; }
    public int ItemVersion { get; set; }
    public int Quantity { get; set; } = 1;

    /// <summary>The line's stored values (visible ones, normalized) as a JSON object.</summary>
    public required string Values { get; set; }
    public DateTime AddedAt { get; set; }
}

/// <summary>A line to order: the item, optionally the version (else the current one), the quantity and the variables' values.</summary>
public sealed record OrderLine(string? Item, int? Version, int? Quantity, IReadOnlyDictionary<string, object?>? Variables);

/// <summary>
/// A person's cart: a line is checked like a checkout would (the item and version exist → 404, the person may order
/// it → 403, the form holds → 400 naming <c>variables.…</c>) before it is kept, so the cart holds only orderable lines;
/// checkout checks them again (see <see cref="CatalogCheckout"/>).
/// </summary>
public sealed class Cart(ItsmDbContext db, CatalogForms forms, TimeProvider time)
{
    public const int MaxQuantity = 100;

    public Task<List<CartLine>> LinesAsync(string owner, CancellationToken cancellationToken) =>
        db.Set<CartLine>().AsNoTracking().Where(l => l.Owner == owner).OrderBy(l => l.Id).ToListAsync(cancellationToken);

    /// <exception cref="CatalogItemNotFoundException"/>
    /// <exception cref="CatalogOrderForbiddenException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<CartLine> AddAsync(string owner, OrderLine line, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(line.Item))
        {
            errors.Add("item", "Name the catalog item.");
            errors.ThrowIfAny("cart line");
        }

        var version = await forms.VersionAsync(line.Item!.Trim(), line.Version, cancellationToken);
        var item = version.Definition;
        await forms.EnsureMayOrderAsync(version, item, owner, cancellationToken);
        var quantity = CheckQuantity(errors, "quantity", line.Quantity);
        var form = (await forms.EvaluateAsync(item, line.Variables ?? new Dictionary<string, object?>(), quantity, cancellationToken)).Form;
        foreach (var (variable, message) in form.Errors)
        {
            errors.Add($"variables.{variable}", message);
        }

        errors.ThrowIfAny("cart line");
        var added = new CartLine
        {
            Owner = owner, ItemKey = version.ItemKey, ItemVersion = version.Version, Quantity = quantity,
            Values = JsonSerializer.Serialize(StoredValues(item, form.Values)), AddedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(added);
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <exception cref="RecordNotFoundException">No such line in the person's cart.</exception>
    public async Task RemoveAsync(string owner, long id, CancellationToken cancellationToken)
    {
        if (await db.Set<CartLine>().Where(l => l.Owner == owner && l.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new RecordNotFoundException($"There is no line {id} in your cart.");
        }
    }

    /// <summary>The stored values as a form takes them again (a multiple choice as its list).</summary>
    public static Dictionary<string, object?> StoredValues(CatalogItemDefinition item, IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(v => v.Key, v => item.Variables.FirstOrDefault(x => x.Key == v.Key)?.Type == VariableType.MultipleChoice
            ? (object?)(JsonSerializer.Deserialize<List<string>>(v.Value) ?? []) : v.Value, StringComparer.Ordinal);

    internal static int CheckQuantity(FieldErrors errors, string field, int? quantity)
    {
        if (quantity is { } q && q is < 1 or > MaxQuantity)
        {
            errors.Add(field, $"The quantity is 1 to {MaxQuantity}.");
        }

        return quantity is >= 1 and <= MaxQuantity ? quantity.Value : 1;
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        builder.ToTable("CartLines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Owner).HasMaxLength(Record.NameLength);
        builder.HasIndex(l => l.Owner);
        builder.Property(l => l.ItemKey).HasMaxLength(Record.CodeLength);
    }
}
