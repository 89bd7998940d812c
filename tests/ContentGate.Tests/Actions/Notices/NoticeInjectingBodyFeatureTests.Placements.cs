using System.Buffers;
using System.Net;
using System.Text;
using ContentGate.Actions.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Actions.Notices;

// The body end and marker placements through the pipeline, and what goes through once every place is filled.
public partial class NoticeInjectingBodyFeatureTests
{
    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task Response_WithEachWriteMethodAndAllPlacements_InsertsEachOnce(string method)
    {
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
            context.Response.ContentType = Html;
            await WriteAsync(context.Response, TestPages.Bytes(PlacementPage), method);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(ExpectedEverywhere(PlacementPage), body);
        Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
    }

    [Fact]
    public async Task Write_WithAllPlacementsSplitAtEveryByte_InsertsEachOnce()
    {
        var page = TestPages.Bytes(PlacementPage);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            var split = int.Parse(context.Request.Query["split"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(page.AsMemory(0, split));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(page.AsMemory(split));
        });

        for (var split = 0; split <= page.Length; split++)
        {
            var body = await host.Client.GetByteArrayAsync($"/?split={split}");

            Assert.Equal(ExpectedEverywhere(PlacementPage), body);
            Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task Response_WithRealisticPageInChunksAndAllPlacements_InsertsEachOnceAtRealPlaces(int chunkSize)
    {
        var page = TestPages.Bytes(TestPages.Realistic);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            for (var offset = 0; offset < page.Length; offset += chunkSize)
            {
                await context.Response.Body.WriteAsync(page.AsMemory(offset, Math.Min(chunkSize, page.Length - offset)));
            }
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(ExpectedEverywhere(TestPages.Realistic), body);
        Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
    }

    [Theory]
    [InlineData("<html><body><p>first</p></bo", "dy></html>", "<html><body>‸<p>first</p>⁋</body></html>", 4)]
    [InlineData("<html><body><p><b>first</b", "></p></body></html>", "<html><body>‸<p><b>first</b></p>⁋</body></html>", 3)]
    [InlineData("<html><body><p>first</p><", "!-- contentgate:notice --></body></html>", "<html><body>‸<p>first</p><!-- contentgate:notice -->⁁⁋</body></html>", 1)]
    [InlineData("<html><body><p>first</p></BODY", "\n></html>", "<html><body>‸<p>first</p>⁋</BODY\n></html>", 6)]
    public async Task Response_WithFlushWhileHoldingPossibleBodyEndTag_DeliversAllButHeldBytesBeforeServerFinishes(
        string firstPart, string secondPart, string page, int held)
    {
        var first = Encoding.UTF8.GetBytes(firstPart);
        var second = Encoding.UTF8.GetBytes(secondPart);
        var expected = ExpectedEverywhere(page);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverFinished = false;
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(first);
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.Body.WriteAsync(second);
            serverFinished = true;
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var delivered = first.Length - held + s_utf8Notice.Length;
        var firstReceived = await ReadExactlyAsync(stream, delivered);

        Assert.False(serverFinished);
        Assert.Equal(expected.AsSpan(0, delivered).ToArray(), firstReceived);
        Assert.Equal(Inject(first[..^held], s_utf8Notice, "<html><body>".Length), firstReceived);
        release.SetResult();
        Assert.Equal(expected.AsSpan(delivered).ToArray(), await ReadToEndAsync(stream));
        Assert.Equal(NoticeOutcome.Injected, (await host.NextResultAsync()).Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_WithoutBodyEndTag_AppendsMarkerFallbackThenBeforeBodyEndContentAtEnd(bool useBodyWriter)
    {
        const string Page = "<html><body>‸<p>Текст</p><p>cut off</";
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            if (useBodyWriter)
            {
                context.Response.BodyWriter.Write(TestPages.Bytes(Page)); // flushed only when the middleware finishes
            }
            else
            {
                await context.Response.Body.WriteAsync(TestPages.Bytes(Page));
            }
        });

        var body = await host.Client.GetByteArrayAsync("/");

        // The end of the document leaves "</" as text: the content goes before it, never into what might be a tag.
        var expected = TestPages.Expected(Page, s_utf8Notice);
        Assert.Equal([.. expected[..^2], .. s_utf8Marker, .. s_utf8BodyEnd, .. "</"u8], body);
        Assert.Equal(
            (NoticeOutcome.Injected, All | NoticePlacements.MarkerFallback | NoticePlacements.AppendedAtEnd),
            await host.NextResultAsync());
    }

    [Fact]
    public async Task Response_WithAllPlacementsButNoBodyTag_PassesBytesThroughUnchanged()
    {
        var fragment = "<div><!-- contentgate:notice --><p>Только фрагмент</p></div></body>"u8.ToArray();
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            await context.Response.Body.WriteAsync(fragment);
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(fragment, body);
        Assert.Equal((NoticeOutcome.NoBodyTag, NoticePlacements.None), await host.NextResultAsync());
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(15L, null)]
    public async Task Response_WithSendFileAsyncAndAllPlacements_StreamsFileThroughScanner(long offset, long? count)
    {
        var page = TestPages.Bytes(PlacementPage);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, page);
            await using var host = await NoticeTestHost.StartAsync(s_everywhere, context =>
            {
                context.Response.ContentType = Html;
                return context.Response.SendFileAsync(path, offset, count);
            });

            var body = await host.Client.GetByteArrayAsync("/");

            Assert.Equal(ExpectedEverywhere(PlacementPage).AsSpan((int)offset).ToArray(), body);
            Assert.Equal((NoticeOutcome.Injected, All), await host.NextResultAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Response_WithAllPlacements_AppliesSameHeaderRules()
    {
        var page = TestPages.Bytes(PlacementPage);
        await using var host = await NoticeTestHost.StartAsync(s_everywhere, async context =>
        {
            context.Response.ContentType = Html;
            SetCacheableHeaders(context.Response, page.Length);
            await context.Response.Body.WriteAsync(page);
        });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(ExpectedEverywhere(PlacementPage), await response.Content.ReadAsByteArrayAsync());
        AssertRewrittenHeaders(response, expectedCacheControl: "private, max-age=60");
    }

    public static TheoryData<string, string> PassThroughWriteCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var placement in new[] { "AfterBodyStart", "BeforeBodyEnd" })
        {
            foreach (var method in WriteMethods)
            {
                cases.Add(placement, method);
            }

            cases.Add(placement, "SendFileAsync");
        }

        return cases;
    }

    // Once the only place this response needs is filled, the rest of the page goes through untouched, in whatever
    // way the app writes it, even when it holds what would be a place while scanning.
    [Theory]
    [MemberData(nameof(PassThroughWriteCases))]
    public async Task Response_AfterEveryPlaceIsFilled_PassesRestThroughWithEachWriteMethod(string placement, string method)
    {
        var (injection, first, expectedFirst) = placement == "AfterBodyStart"
            ? (s_notice, "<!DOCTYPE html><html><head></head><body class=\"a\">", "<!DOCTYPE html><html><head></head><body class=\"a\">" + NoticeHtml)
            : (NoticeInjection.Create(string.Empty, BodyEndHtml, string.Empty, cdnCacheKeyIncludesRegion: false),
                "<!DOCTYPE html><html><body><p>Текст</p></body>", "<!DOCTYPE html><html><body><p>Текст</p>" + BodyEndHtml + "</body>");
        const string Rest = "<p>Ещё</p><body></body><!-- contentgate:notice --></BODY></html>";
        var rest = Encoding.UTF8.GetBytes(Rest);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, rest);
            await using var host = await NoticeTestHost.StartAsync(injection, async context =>
            {
                context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = method is "Body.Write" or "Body.WriteByte";
                context.Response.ContentType = Html;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(first));
                await context.Response.Body.FlushAsync();
                if (method == "SendFileAsync")
                {
                    await context.Response.SendFileAsync(path);
                }
                else
                {
                    await WriteAsync(context.Response, rest, method);
                }
            });

            var body = await host.Client.GetByteArrayAsync("/");

            Assert.Equal(expectedFirst + Rest, Encoding.UTF8.GetString(body));
            Assert.Equal((NoticeOutcome.Injected, Enum.Parse<NoticePlacements>(placement)), await host.NextResultAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] ExpectedEverywhere(string page) => TestPages.Expected(page, s_utf8Notice, s_utf8BodyEnd, s_utf8Marker);
}
