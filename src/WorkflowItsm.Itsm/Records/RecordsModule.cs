using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WorkflowItsm.Itsm.Records;

public static class RecordsModule
{
    /// <summary>
    /// The record kernel every practice's records stand on: numbers, the store (find by number, revision), audit and
    /// notes, the record's workflow, links, attachments (<c>Attachments</c> settings), the time line, saved views, and the
    /// fields of records about a service with their categories and priority matrix.
    /// </summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section)
            .Validate(attachments => attachments.MaxBytes is > 0 and < int.MaxValue, "Attachments:MaxBytes must be more than 0 and less than 2 GiB.");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AttachmentOptions>>().Value);
        services.AddScoped<RecordNumbers>();
        services.AddSingleton<RecordKinds>();
        services.AddScoped<RecordStore>();
        services.AddScoped<RecordHistory>();
        services.AddScoped<RecordWorkflow>();
        services.AddScoped<RecordLinks>();
        services.AddScoped<RecordAttachments>();
        services.AddScoped<RecordTimeline>();
        services.AddScoped<SavedViews>();
        services.AddScoped<PriorityMatrix>();
        services.AddScoped<PrioritizedRecordFields>();
        services.AddScoped<RecordCategories>();
        services.AddScoped<Bpmn.Model.IFormOptionsSource, RecordCategoryOptions>();
        return services;
    }

    /// <summary>Registers a kind of record (its number prefix and its name in words) so that the kernel can find, link and attach files to it by number.</summary>
    public static IServiceCollection AddRecordKind<TRecord>(this IServiceCollection services, string prefix, string name)
        where TRecord : Record =>
        services.AddSingleton(RecordKind.Of<TRecord>(prefix, name));
}
