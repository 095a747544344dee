using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Accessibility;

/// <summary>
/// axe-core (npm, installed by this project's build: see package.json here) run inside a page: the checks for controls
/// and links without a name, images without alt text, and text without enough contrast.
/// </summary>
public static class Axe
{
    /// <summary>Where the build copies axe.min.js from node_modules.</summary>
    public static string ScriptPath { get; } = Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js");

    /// <summary>The axe rules checked: a name for every control and link, alt text for images, contrast of text.</summary>
    public static IReadOnlyList<string> Rules { get; } =
    [
        "label", "select-name", "input-button-name", "button-name", "link-name", "aria-input-field-name", "aria-toggle-field-name",
        "image-alt", "svg-img-alt", "role-img-alt",
        "color-contrast",
    ];

    /// <summary>
    /// Parts of pages left out of the check, each with the reason: only markup of third-party widgets we cannot change,
    /// never a whole rule.
    /// </summary>
    private static readonly (string Selector, string Why)[] Excluded =
    [
        (".mud-tabs-scroll-button button", "MudTabs' arrows for scrolling tabs that do not fit (on a phone) are icon buttons MudBlazor gives no name and no parameter for one; the tabs themselves stay reachable by keyboard and named"),
    ];

    private static readonly Lazy<string?> Script = new(() => File.Exists(ScriptPath) ? File.ReadAllText(ScriptPath) : null);

    /// <summary>Why the check cannot run here (axe-core was not installed), or null; in CI a missing axe-core is a failure.</summary>
    public static string? UnavailableReason
    {
        get
        {
            if (Script.Value is not null)
            {
                return null;
            }

            var reason = $"axe-core is not installed ({ScriptPath} is missing): the test project's build installs it with npm ci in tests/WorkflowItsm.Web.Tests/Accessibility (it needs npm: sudo apt-get install -y npm)";
            return TestEnvironment.IsCi ? throw new InvalidOperationException(reason + "; CI must have it.") : reason;
        }
    }

    /// <summary>Skips the calling test (outside CI) when axe-core is not installed.</summary>
    public static void SkipIfUnavailable()
    {
        if (UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>
    /// Runs the checks on the page as it is now; returns one line per element that fails a rule ("rule: what is
    /// wrong — element"). Loads axe into the page first when it is not there yet (each navigation drops it).
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page)
    {
        var script = Script.Value ?? throw new InvalidOperationException(UnavailableReason);
        // Evaluated through the browser's debugging channel, which the product's Content-Security-Policy
        // (script-src 'self', no inline scripts) does not block, unlike a <script> tag added to the page.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(script + "\n;0");
        }

        // Returned as JSON text: Playwright's own conversion does not build records.
        var json = await page.EvaluateAsync<string>(
            """
            async ([rules, exclude]) => {
                // The element and a few of its ancestors by tag, id, test id and first class: Blazor's generated
                // attributes make axe's own selectors unreadable.
                const where = target => {
                    const names = [];
                    for (let element = document.querySelector(target[0]); element && element !== document.body && names.length < 4; element = element.parentElement) {
                        const testId = element.getAttribute('data-testid');
                        names.unshift(element.localName + (element.id ? '#' + element.id : '') + (testId ? `[data-testid=${testId}]` : '')
                            + (element.classList.length ? '.' + element.classList[0] : ''));
                    }
                    return names.join(' > ') || target.join(' ');
                };
                const result = await window.axe.run({ exclude: exclude.map(selector => [selector]) },
                    { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
                return JSON.stringify(result.violations.map(violation => ({
                    rule: violation.id,
                    help: violation.help,
                    nodes: violation.nodes.map(node => ({ target: where(node.target), html: node.html, summary: node.failureSummary ?? '' })),
                })));
            }
            """,
            new object[] { Rules, Excluded.Select(excluded => excluded.Selector).ToArray() });
        var violations = JsonSerializer.Deserialize<Violation[]>(json) ?? [];
        return [.. violations.SelectMany(violation => violation.Nodes.Select(node =>
            $"{violation.Rule}: {violation.Help} — {node.Target} {Shorten(node.Html)} ({FirstLine(node.Summary)})"))];
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";

    private static string FirstLine(string summary) =>
        string.Join(" ", summary.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(1));

    private sealed record Violation(
        [property: JsonPropertyName("rule")] string Rule,
        [property: JsonPropertyName("help")] string Help,
        [property: JsonPropertyName("nodes")] ViolationNode[] Nodes);

    private sealed record ViolationNode(
        [property: JsonPropertyName("target")] string Target,
        [property: JsonPropertyName("html")] string Html,
        [property: JsonPropertyName("summary")] string Summary);
}
