using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Hosting;

/// <summary>
/// A browser that leaves a page cuts the requests it still had under way: the jobs dashboard's statistics poll, the
/// circuit's goodbye beacon. A body that ends before its Content-Length is the client's error, answered 400 and noted,
/// never a server error in the log (the page crawl failed on four of them once, each logged as an unhandled exception).
/// </summary>
public sealed partial class IncompleteRequestTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private int port;

    public ValueTask InitializeAsync()
    {
        port = TestEnvironment.FreeLoopbackPort();
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        host.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("/_blazor/disconnect", false)]
    [InlineData("/account/login", false)]
    [InlineData("/hangfire/stats", false)]
    [InlineData("/hangfire/stats", true)]
    public async Task A_form_body_cut_short_is_a_client_error_and_no_error_is_logged(string path, bool dashboardHeaders)
    {
        // The dashboard's own script sends the antiforgery token in a header; a plain form keeps it in the body.
        var headers = dashboardHeaders ? await AdminDashboardHeadersAsync() : "";

        var status = await PostCutShortAsync(path, headers);

        // The host logs after the connection is gone; give it the moment to do so before looking.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        host.Errors.Entries.Should().BeEmpty("a client that sends half a request is no fault of the server");
        // Kestrel may answer a connection whose sending side is closed, or close or reset it too.
        if (status is not null)
        {
            status.Should().Be(400, "the body ended before its Content-Length: the request is incomplete");
        }
    }

    /// <summary>
    /// What the page crawl met: the server reads the end of the short body before it has noticed the connection go,
    /// so nothing says the request was aborted. Kestrel's own exception is thrown by the body here, at that moment.
    /// </summary>
    [Fact]
    public async Task A_dashboard_poll_whose_body_ends_before_the_server_notices_the_client_leave_is_answered_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cutting = host.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddTransient<IStartupFilter, BodiesEndEarly>()));
        using var client = cutting.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);
        var dashboard = await client.GetStringAsync(new Uri("/hangfire", UriKind.Relative), ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hangfire/stats", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["metrics[]"] = "enqueued:count" }),
        };
        var (header, token) = DashboardAntiforgery(dashboard);
        request.Headers.Add(header, token);
        request.Headers.Add(BodiesEndEarly.Header, "yes");

        using var response = await client.SendAsync(request, ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(ct)).Should().Contain("Unexpected end of request content");
        host.Errors.Entries.Should().BeEmpty("a client that sends half a request is no fault of the server");
    }

    /// <summary>Sends the headers and a part of a form body, then closes the sending side: the server reads the end of the stream early.</summary>
    private async Task<int?> PostCutShortAsync(string path, string headers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        var stream = client.GetStream();
        var request = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n"
            + headers + "\r\nmetrics%5B%5D=enqueued&circuitId=abc";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        client.Client.Shutdown(SocketShutdown.Send);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            var statusLine = await reader.ReadLineAsync(ct);
            return statusLine is { Length: > 12 } && int.TryParse(statusLine.AsSpan(9, 3), out var status) ? status : null;
        }
        catch (IOException)
        {
            // The server may reset a connection whose request it could not finish reading: no answer, which is fine.
            return null;
        }
    }

    /// <summary>The admin's cookies and the dashboard page's antiforgery header, as request header lines.</summary>
    private async Task<string> AdminDashboardHeadersAsync()
    {
        var address = new Uri($"http://127.0.0.1:{port}/");
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = address };
        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the admin signs in");
        var dashboard = await client.GetStringAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);
        var (header, token) = DashboardAntiforgery(dashboard);
        return $"Cookie: {cookies.GetCookieHeader(address)}\r\n{header}: {token}\r\n";
    }

    /// <summary>The antiforgery header name and token the dashboard page gives its own script (in its meta tags).</summary>
    private static (string Header, string Token) DashboardAntiforgery(string dashboardPage)
    {
        var header = DashboardAntiforgeryHeader().Match(dashboardPage).Groups[1].Value;
        header.Should().NotBeEmpty("the dashboard page names its antiforgery header");
        return (header, WebUtility.HtmlDecode(DashboardAntiforgeryToken().Match(dashboardPage).Groups[1].Value));
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex DashboardAntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex DashboardAntiforgeryToken();

    /// <summary>For requests with <see cref="Header"/>: the body gives a few bytes, then throws as Kestrel's does at an early end.</summary>
    private sealed class BodiesEndEarly : IStartupFilter
    {
        public const string Header = "X-Test-Body-Ends-Early";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.ContainsKey(Header))
                {
                    context.Request.Body = new EndsEarlyStream();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class EndsEarlyStream : Stream
    {
        private readonly byte[] start = Encoding.ASCII.GetBytes("metrics%5B%5D=enq");
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position == start.Length)
            {
                throw new Microsoft.AspNetCore.Http.BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);
            }

            var length = Math.Min(count, start.Length - position);
            Array.Copy(start, position, buffer, offset, length);
            position += length;
            return length;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var bytes = new byte[buffer.Length];
            var length = Read(bytes, 0, bytes.Length);
            bytes.AsMemory(0, length).CopyTo(buffer);
            return ValueTask.FromResult(length);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
