using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// A message that arrived before anything waited for it, kept until <see cref="ExpiresAt"/>: the first instance
/// that comes to wait for it under its name and key takes it (and it is gone).
/// </summary>
public sealed class BufferedMessageRecord
{
    public Guid Id { get; set; }

    public required string MessageName { get; set; }

    /// <summary>Null: for the one instance that waits for the message without a key of its own.</summary>
    public string? CorrelationKey { get; set; }

    /// <summary>The message's variables as JSON (the engine's variable format); null for none.</summary>
    public string? VariablesJson { get; set; }

    public DateTime BufferedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    private static readonly JsonSerializerOptions VariableJson = new() { Converters = { new VariableValueConverter() } };

    public static string? ToJson(IReadOnlyDictionary<string, object?>? variables) =>
        variables is null || variables.Count == 0 ? null : JsonSerializer.Serialize(variables, VariableJson);

    public IReadOnlyDictionary<string, object?>? Variables() =>
        VariablesJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, object?>>(VariablesJson, VariableJson);
}

internal sealed class BufferedMessageRecordConfiguration : IEntityTypeConfiguration<BufferedMessageRecord>
{
    public void Configure(EntityTypeBuilder<BufferedMessageRecord> builder)
    {
        builder.ToTable("BufferedMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageName).HasMaxLength(200);
        builder.Property(m => m.CorrelationKey).HasMaxLength(200);
        builder.HasIndex(m => new { m.MessageName, m.CorrelationKey });
        builder.HasIndex(m => m.ExpiresAt);
    }
}
