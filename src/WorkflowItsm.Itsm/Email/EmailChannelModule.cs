using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WorkflowItsm.Itsm.Email;

public static class EmailChannelModule
{
    /// <summary>
    /// Email as a channel (settings <c>EmailChannel</c>): mail in through the host's SMTP listener, stored by
    /// <see cref="InboundMailReceiver"/> and made into records by <see cref="InboundMailProcessor"/> jobs; public
    /// comments out by <see cref="CommentMailJob"/> over the notifications' SMTP path. Wrong settings stop the start, named.
    /// </summary>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services)
    {
        services.AddOptions<EmailChannelOptions>().BindConfiguration(EmailChannelOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailChannelOptions>, EmailChannelOptionsValidation>());
        services.AddScoped<InboundMailReceiver>();
        services.AddScoped<InboundMailProcessor>();
        services.AddScoped<InboundMails>();
        services.AddScoped<CommentMailJob>();
        return services;
    }
}
