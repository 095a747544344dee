using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WorkflowItsm.Runtime.Persistence;

/// <summary>Stores DateTimes as given (UTC) and marks them UTC when read back, whatever the provider returns.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
