using System.Threading.Channels;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// A real ASP.NET Core pipeline on TestServer with a tiny middleware that installs
/// <see cref="NoticeInjectingBodyFeature"/> exactly as the ContentGate middleware does, in front of one endpoint.
/// </summary>
internal sealed class NoticeTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Channel<(NoticeOutcome Outcome, NoticePlacements Placements)> _outcomes;

    private NoticeTestHost(IHost host, Channel<(NoticeOutcome Outcome, NoticePlacements Placements)> outcomes)
    {
        _host = host;
        _outcomes = outcomes;
        Client = host.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<NoticeTestHost> StartAsync(NoticeInjection injection, RequestDelegate endpoint)
    {
        var outcomes = Channel.CreateUnbounded<(NoticeOutcome Outcome, NoticePlacements Placements)>();
        var host = await new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .Configure(app =>
                {
                    app.Use(async (context, next) =>
                    {
                        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                        var body = new NoticeInjectingBodyFeature(context, original, injection);
                        context.Features.Set<IHttpResponseBodyFeature>(body);
                        try
                        {
                            await next(context);
                            await body.FinishAsync();
                        }
                        finally
                        {
                            context.Features.Set(original);
                            outcomes.Writer.TryWrite((body.Outcome, body.InsertedPlacements));
                        }
                    });
                    app.Run(endpoint);
                }))
            .StartAsync();
        return new NoticeTestHost(host, outcomes);
    }

    /// <summary>The outcome of the next request to finish, in order.</summary>
    public async Task<NoticeOutcome> NextOutcomeAsync() => (await NextResultAsync()).Outcome;

    /// <summary>The outcome and the places filled of the next request to finish, in order.</summary>
    public async Task<(NoticeOutcome Outcome, NoticePlacements Placements)> NextResultAsync()
    {
        // Guards against a hang if the pipeline never finishes; not a timing assertion.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await _outcomes.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
