using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace WorkflowItsm.Web.Components;

/// <summary>
/// Dates and times as the person's browser shows them: in its time zone (which wwwroot/app.js keeps in the
/// <see cref="CookieName"/> cookie, and Routes hands to this per-page service) and in its language's format (the
/// request culture, from Accept-Language: 05/12/2026 in en-GB, 12/5/2026 in en-US). The server's own zone and
/// culture never show.
/// </summary>
public sealed class BrowserTime
{
    public const string CookieName = "wi-tz";

    /// <summary>UTC until the browser has told its zone (a first page before any other).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Takes the browser's IANA zone name ("Europe/London"); an unknown or missing one leaves UTC.</summary>
    public void Use(string? zoneId)
    {
        if (!string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            Zone = zone;
        }
    }

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"05/12/2026 14:30": a moment, short, in the browser's zone and format.</summary>
    public string Moment(DateTime utc) => Local(utc).ToString("g", CultureInfo.CurrentCulture);

    public string Moment(DateTimeOffset at) => Moment(at.UtcDateTime);

    public string? Moment(DateTime? utc) => utc is { } value ? Moment(value) : null;

    /// <summary>"14:30:05.120": a time of day with milliseconds, for engine traces.</summary>
    public string TimeOfDay(DateTime utc) => Local(utc).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

internal static class BrowserFormatsSetup
{
    public static IServiceCollection AddBrowserFormats(this IServiceCollection services)
    {
        services.AddScoped<BrowserTime>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            // Formats follow the browser's language; the product's words stay English (one UI culture).
            options.SupportedCultures = [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures | CultureTypes.NeutralCultures)
                .Where(culture => !string.IsNullOrEmpty(culture.Name))];
            options.SupportedUICultures = [CultureInfo.GetCultureInfo("en")];
            options.DefaultRequestCulture = new RequestCulture("en-US", "en");
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The culture comes from Accept-Language alone: no query string or cookie can set another.
            options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }
}
