using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Files on incidents through the API: the round trip with its headers, the size limit (413) and the type checks
/// (415, also for an executable claiming to be a picture) leaving nothing behind, the audit, and what a requester may touch.
/// </summary>
public sealed class IncidentAttachmentsApiTests(IncidentAttachmentsApiTests.SignedInHost shared) : IClassFixture<IncidentAttachmentsApiTests.SignedInHost>, IAsyncLifetime
{
    private const string Password = "Attach-Pass-1!";

    // A PNG signature and the start of its header chunk: enough for the first-bytes check.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01];

    // What a Windows program starts with: "MZ", then its header, full of zero bytes.
    private static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    private int storedBefore;

    private WebHostFactory host => shared.Host;
    private HttpClient agent => shared.Agent;
    private HttpClient rita => shared.Rita;
    private HttpClient sam => shared.Sam;

    /// <summary>One host for the class (its tests run one after another, each on incidents of its own), with three people signed in.</summary>
    public sealed class SignedInHost : IAsyncLifetime
    {
        public WebHostFactory Host { get; } = new();
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Rita { get; private set; } = null!;
        public HttpClient Sam { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await Host.CreateUserAsync("desk.agent", Password, Roles.Agent);
            await Host.CreateUserAsync("rita", Password, Roles.Requester);
            await Host.CreateUserAsync("sam", Password, Roles.Requester);
            Agent = await Host.SignedInAsync("desk.agent", Password);
            Rita = await Host.SignedInAsync("rita", Password);
            Sam = await Host.SignedInAsync("sam", Password);
        }

        public async ValueTask DisposeAsync()
        {
            Agent.Dispose();
            Rita.Dispose();
            Sam.Dispose();
            await Host.DisposeAsync();
        }
    }

    public async ValueTask InitializeAsync() => storedBefore = await AllStoredAttachmentsAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> ReportAsync(HttpClient client, string text)
    {
        using var created = await client.PostAsJsonAsync("/api/incidents", new { shortDescription = text }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string number, byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { new StringContent("ignored"), "comment" }, { file, "file", fileName } };
        return client.PostAsync(new Uri($"/api/incidents/{number}/attachments", UriKind.Relative), form, Ct);
    }

    /// <summary>Files stored since this test began, on any record: "nothing is stored" means nowhere.</summary>
    private async Task<int> StoredAttachmentsAsync() => await AllStoredAttachmentsAsync() - storedBefore;

    private async Task<int> AllStoredAttachmentsAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().RecordAttachments.CountAsync(Ct);
    }

    private static async Task<List<string>> AttachmentHistoryAsync(HttpClient client, string number) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", Ct)).GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("field").GetString() == "attachment")
            .Select(h => $"{h.GetProperty("oldValue").GetString()}→{h.GetProperty("newValue").GetString()} by {h.GetProperty("changedBy").GetString()}")];

    [Fact]
    public async Task A_file_goes_up_and_comes_back_byte_for_byte_as_a_download_and_is_audited()
    {
        var number = await ReportAsync(rita, "Screen flickers");

        // The client's name is only a name: the path it claims is dropped.
        using var uploaded = await UploadAsync(rita, number, Png, @"..\..\Windows\screen shot.png", "image/png");

        uploaded.StatusCode.Should().Be(HttpStatusCode.Created);
        var attachment = await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct);
        attachment.GetProperty("fileName").GetString().Should().Be("screen shot.png");
        attachment.GetProperty("size").GetInt64().Should().Be(Png.Length);
        attachment.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(Png)));
        attachment.GetProperty("uploadedBy").GetString().Should().Be("rita");
        var id = attachment.GetProperty("id").GetInt64();

        var list = await rita.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/attachments", Ct);
        var item = list.EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("fileName").GetString().Should().Be("screen shot.png");
        item.TryGetProperty("content", out _).Should().BeFalse("lists never carry the bytes");

        foreach (var reader in new[] { rita, agent })
        {
            using var download = await reader.GetAsync(new Uri($"/api/incidents/{number}/attachments/{id}", UriKind.Relative), Ct);
            download.StatusCode.Should().Be(HttpStatusCode.OK);
            (await download.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(Png);
            download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
            download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
            download.Content.Headers.ContentDisposition.FileNameStar.Should().Be("screen shot.png");
            download.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        }

        (await AttachmentHistoryAsync(agent, number)).Should().Equal("→screen shot.png by rita");

        // Only staff remove attachments; that is audited too.
        using var byCaller = await rita.DeleteAsync(new Uri($"/api/incidents/{number}/attachments/{id}", UriKind.Relative), Ct);
        using var byAgent = await agent.DeleteAsync(new Uri($"/api/incidents/{number}/attachments/{id}", UriKind.Relative), Ct);
        byCaller.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byAgent.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await rita.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/attachments", Ct)).GetArrayLength().Should().Be(0);
        (await rita.GetAsync(new Uri($"/api/incidents/{number}/attachments/{id}", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AttachmentHistoryAsync(agent, number)).Should().Equal("→screen shot.png by rita", "screen shot.png→ by desk.agent");
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_nothing_is_stored()
    {
        await using var limited = host.WithWebHostBuilder(builder => builder.UseSetting("Attachments:MaxBytes", "1024"));
        using var client = await limited.SignedInAsync("desk.agent", Password);
        var number = await ReportAsync(client, "Log attached");
        var justRight = Encoding.UTF8.GetBytes(new string('a', 1024));
        var oneTooMany = Encoding.UTF8.GetBytes(new string('a', 1025));
        var farTooMany = Encoding.UTF8.GetBytes(new string('a', 64 * 1024));

        using var fits = await UploadAsync(client, number, justRight, "fits.txt", "text/plain");
        using var over = await UploadAsync(client, number, oneTooMany, "over.txt", "text/plain");
        using var announced = await UploadAsync(client, number, farTooMany, "huge.txt", "text/plain");

        fits.StatusCode.Should().Be(HttpStatusCode.Created);
        over.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "counted while reading");
        announced.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "refused on its Content-Length");
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("detail").GetString().Should().Contain("1 KiB");
        problem.GetProperty("maxBytes").GetInt64().Should().Be(1024);
        (await StoredAttachmentsAsync()).Should().Be(1, "only the file within the limit was stored");
        (await AttachmentHistoryAsync(client, number)).Should().Equal("→fits.txt by desk.agent");
    }

    [Theory]
    [InlineData("tool.exe", "application/x-msdownload")]
    [InlineData("page.html", "text/html")]
    [InlineData("no-type.bin", "application/octet-stream")]
    public async Task A_refused_type_is_415_and_nothing_is_stored(string fileName, string contentType)
    {
        var number = await ReportAsync(agent, "Strange file");

        using var refused = await UploadAsync(agent, number, Encoding.UTF8.GetBytes("<html></html>"), fileName, contentType);

        refused.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Contain(contentType).And.Contain("image/png");
        (await StoredAttachmentsAsync()).Should().Be(0);
        (await AttachmentHistoryAsync(agent, number)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("holiday.png", "image/png")]
    [InlineData("report.pdf", "application/pdf")]
    [InlineData("notes.txt", "text/plain")]
    public async Task An_executable_claiming_an_allowed_type_is_415(string fileName, string contentType)
    {
        var number = await ReportAsync(rita, "Please look at this");

        using var disguised = await UploadAsync(rita, number, Executable, fileName, contentType);

        disguised.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await disguised.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Contain("first bytes");
        (await StoredAttachmentsAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData("run.hta")]
    [InlineData("setup.bat")]
    [InlineData("setup.CMD")]
    [InlineData("tool.ps1")]
    [InlineData("invoice.js")]
    [InlineData("macro.vbs")]
    [InlineData("page.html")]
    [InlineData("page.htm")]
    [InlineData("logo.svg")]
    [InlineData("page.xhtml")]
    [InlineData("app.jar")]
    [InlineData("install.sh")]
    [InlineData("setup.msi")]
    [InlineData("photo\u202Egnp.js")]
    public async Task Plain_text_under_a_name_that_runs_or_renders_is_415(string fileName)
    {
        var number = await ReportAsync(rita, "See the file");

        using var refused = await UploadAsync(rita, number, Encoding.UTF8.GetBytes("echo hello"), fileName, "text/plain");

        refused.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Contain("are not accepted");
        (await StoredAttachmentsAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><script>alert(1)</script></html>")]
    [InlineData("\uFEFF  <script>alert(1)</script>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("#!/bin/sh\nrm -rf ~")]
    public async Task A_page_or_script_inside_a_text_file_is_415(string content)
    {
        var number = await ReportAsync(rita, "See the notes");

        using var refused = await UploadAsync(rita, number, Encoding.UTF8.GetBytes(content), "notes.txt", "text/plain");

        refused.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Contain("program, a script or a web page");
        (await StoredAttachmentsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Direction_marks_are_taken_out_of_a_name_and_ordinary_text_is_kept()
    {
        var number = await ReportAsync(rita, "Log attached");
        var text = Encoding.UTF8.GetBytes("12:00 VPN dropped <again>\n");

        using var uploaded = await UploadAsync(rita, number, text, "log\u202E\u2066\u200Ffile\u200E.txt", "text/plain");

        uploaded.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        using var download = await rita.GetAsync(new Uri($"/api/incidents/{number}/attachments/{id}", UriKind.Relative), Ct);
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.Should().Be("logfile.txt");
        download.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task A_requester_reaches_no_attachment_of_someone_elses_incident()
    {
        var ritas = await ReportAsync(rita, "Keyboard missing keys");
        using var uploaded = await UploadAsync(rita, ritas, Png, "keys.png", "image/png");
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();

        using var upload = await UploadAsync(sam, ritas, Png, "mine.png", "image/png");
        using var list = await sam.GetAsync(new Uri($"/api/incidents/{ritas}/attachments", UriKind.Relative), Ct);
        using var download = await sam.GetAsync(new Uri($"/api/incidents/{ritas}/attachments/{id}", UriKind.Relative), Ct);
        using var unknown = await agent.GetAsync(new Uri("/api/incidents/INC9999999/attachments", UriKind.Relative), Ct);
        using var otherIncident = await agent.GetAsync(new Uri($"/api/incidents/{await ReportAsync(agent, "Other")}/attachments/{id}", UriKind.Relative), Ct);

        upload.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.StatusCode.Should().Be(HttpStatusCode.NotFound);
        download.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherIncident.StatusCode.Should().Be(HttpStatusCode.NotFound, "an attachment is reached only through its own incident");
        (await StoredAttachmentsAsync()).Should().Be(1);
    }
}
