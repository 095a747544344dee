using WorkflowItsm.Web.Tests.Browser;

namespace WorkflowItsm.Web.Tests.Accessibility;

/// <summary>The accessibility check itself: it finds what it is meant to find, so a crawl with no violations means something.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class AxeBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task Finds_unnamed_controls_images_without_alt_text_and_faint_text_and_passes_the_named_ones()
    {
        browser.SkipIfUnavailable();
        Axe.SkipIfUnavailable();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            """
            <main>
              <h1>Check</h1>
              <input id="unnamed" type="text">
              <label>Caller <input id="named" type="text"></label>
              <button id="icon-only"><svg width="10" height="10"></svg></button>
              <button id="icon-named" aria-label="Search"><svg width="10" height="10"></svg></button>
              <img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
              <p id="faint" style="color:#bbbbbb;background:#ffffff">Faint text</p>
              <p id="dark" style="color:#333333;background:#ffffff">Dark text</p>
            </main>
            """);

        var violations = await Axe.CheckAsync(page);

        violations.Should().Contain(line => line.StartsWith("label:", StringComparison.Ordinal) && line.Contains("input#unnamed", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("button-name:", StringComparison.Ordinal) && line.Contains("button#icon-only", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("image-alt:", StringComparison.Ordinal) && line.Contains("img#no-alt", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("color-contrast:", StringComparison.Ordinal) && line.Contains("p#faint", StringComparison.Ordinal));
        violations.Should().NotContain(line => line.Contains("#named", StringComparison.Ordinal) || line.Contains("#icon-named", StringComparison.Ordinal) || line.Contains("#dark", StringComparison.Ordinal));
    }
}
