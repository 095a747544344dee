using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>A person's named list view: the list it belongs to and its filters and sort as a query string.</summary>
public sealed class SavedView
{
    public const int NameLength = 100;
    public const int QueryLength = 1000;

    public long Id { get; set; }
    public required string Owner { get; set; }

    /// <summary>Which list ("incidents", "problems"...).</summary>
    public required string List { get; set; }
    public required string Name { get; set; }
    public required string Query { get; set; }
}

/// <summary>Saved list views, per person; saving a name again replaces that view.</summary>
public sealed class SavedViews(ItsmDbContext db)
{
    public async Task<IReadOnlyList<SavedView>> ListAsync(string owner, string list, CancellationToken cancellationToken) =>
        await db.SavedViews.AsNoTracking().Where(v => v.Owner == owner && v.List == list).OrderBy(v => v.Name).ToListAsync(cancellationToken);

    /// <exception cref="ArgumentException">An empty or too long name or query.</exception>
    public async Task SaveAsync(string owner, string list, string name, string query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > SavedView.NameLength)
        {
            throw new ArgumentException($"A view's name has 1 to {SavedView.NameLength} characters.", nameof(name));
        }

        if (query.Length > SavedView.QueryLength)
        {
            throw new ArgumentException("Too many filters to save.", nameof(query));
        }

        var trimmed = name.Trim();
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.Owner == owner && v.List == list && v.Name == trimmed, cancellationToken);
        if (view is null)
        {
            db.SavedViews.Add(new SavedView { Owner = owner, List = list, Name = trimmed, Query = query });
        }
        else
        {
            view.Query = query;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task DeleteAsync(string owner, long id, CancellationToken cancellationToken) =>
        db.SavedViews.Where(v => v.Owner == owner && v.Id == id).ExecuteDeleteAsync(cancellationToken);
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("SavedViews");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Owner).HasMaxLength(256);
        builder.Property(v => v.List).HasMaxLength(40);
        builder.Property(v => v.Name).HasMaxLength(SavedView.NameLength);
        builder.Property(v => v.Query).HasMaxLength(SavedView.QueryLength);
        builder.HasIndex(v => new { v.Owner, v.List, v.Name }).IsUnique();
    }
}
