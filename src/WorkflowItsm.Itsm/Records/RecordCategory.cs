using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// A category of records about a service (incidents, problems), or a subcategory of one: admins keep them, forms
/// offer the active ones, records store the <see cref="Code"/> and people read the <see cref="Name"/>. A category
/// in use is deactivated rather than removed, so old records still read their category's name.
/// </summary>
public sealed class RecordCategory
{
    public const int NameLength = 100;

    /// <summary>The parent category's code for a subcategory; empty for a category (a key part cannot be null on every provider).</summary>
    public string Parent { get; set; } = "";

    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>Where it stands among its siblings in forms and lists.</summary>
    public int Order { get; set; }

    public bool Active { get; set; } = true;

    public bool IsSubcategory => Parent.Length > 0;
}

internal sealed class RecordCategoryConfiguration : IEntityTypeConfiguration<RecordCategory>
{
    public void Configure(EntityTypeBuilder<RecordCategory> builder)
    {
        builder.ToTable("RecordCategories");
        builder.HasKey(c => new { c.Parent, c.Code });
        builder.Property(c => c.Parent).HasMaxLength(Record.CodeLength);
        builder.Property(c => c.Code).HasMaxLength(Record.CodeLength);
        builder.Property(c => c.Name).HasMaxLength(RecordCategory.NameLength);
        builder.Ignore(c => c.IsSubcategory);
        builder.HasData(Seed());
    }

    // The categories the incident form offered before admins kept them, with the subcategories a desk starts with.
    private static IEnumerable<RecordCategory> Seed()
    {
        (string Code, string Name, (string Code, string Name)[] Subcategories)[] tree =
        [
            ("hardware", "Hardware", [("laptop", "Laptop or desktop"), ("monitor", "Monitor and peripherals"), ("printer", "Printer"), ("phone", "Mobile phone")]),
            ("software", "Software", [("email", "Email"), ("office", "Office apps"), ("erp", "ERP"), ("business-app", "Other business application")]),
            ("network", "Network", [("vpn", "VPN"), ("wifi", "Wi-Fi"), ("wired", "Wired network")]),
            ("access", "Access and accounts", [("sign-in", "Password or sign-in"), ("permissions", "Permissions"), ("new-account", "New account")]),
            ("other", "Other", []),
        ];
        for (var i = 0; i < tree.Length; i++)
        {
            var (code, name, subcategories) = tree[i];
            yield return new RecordCategory { Code = code, Name = name, Order = (i + 1) * 10 };
            for (var j = 0; j < subcategories.Length; j++)
            {
                yield return new RecordCategory { Parent = code, Code = subcategories[j].Code, Name = subcategories[j].Name, Order = (j + 1) * 10 };
            }
        }
    }
}
