using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Records;

public static class RecordKernelRegistration
{
    /// <summary>The record kernel every practice's records stand on: numbers, store, audit and notes, workflow, links, attachments, time line, saved views.</summary>
    public static IServiceCollection AddRecordKernel(this IServiceCollection services)
    {
        services.AddScoped<RecordNumbers>();
        services.AddSingleton<RecordKinds>();
        services.AddScoped<RecordStore>();
        services.AddScoped<RecordHistory>();
        services.AddScoped<RecordWorkflow>();
        services.AddScoped<RecordLinks>();
        services.AddScoped<RecordAttachments>();
        services.AddScoped<RecordTimeline>();
        services.AddScoped<SavedViews>();
        services.AddOptions<AttachmentOptions>();
        services.AddSingleton(serviceProvider => serviceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>().Value);
        return services;
    }

    /// <summary>Registers a kind of record (its number prefix and its name in words) so that the kernel can find, link and attach files to it by number.</summary>
    public static IServiceCollection AddRecordKind<TRecord>(this IServiceCollection services, string prefix, string name)
        where TRecord : Record =>
        services.AddSingleton(RecordKind.Of<TRecord>(prefix, name));
}
