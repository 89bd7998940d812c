using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContentGate.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ContentGate.Gateway.Tests;

/// <summary>
/// A 100 MB page through the gateway arrives whole (same bytes, the notice aside), and the gateway's memory does not
/// grow with it: every byte the process allocates while the page passes (gateway, origin and client share the process;
/// the origin and the client allocate nothing per chunk) stays under a bound far below the page's size. Run alone, so
/// that no other test allocates meanwhile.
/// </summary>
[Collection(LargeDownloads.Name)]
public sealed class LargeDownloadTests(ITestOutputHelper output)
{
    private const long PageSize = 100L * 1024 * 1024;

    // A gateway that kept the page, or copied it through a growing buffer, would allocate at least PageSize.
    private const long AllocationBound = 16L * 1024 * 1024;

    [Fact]
    public async Task LargePage_ForReaderInGermany_ArrivesByteIdenticalWithoutMemoryGrowingWithSize()
    {
        await using var origin = await KestrelOrigin.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(origin.BaseAddress, "127.0.0.1"));
        await DownloadAsync(gateway, Readers.Germany, 1024 * 1024); // warm up: JIT, pools, connections

        var (allocated, download) = await MeasureAsync(gateway, Readers.Germany);

        output.WriteLine($"100 MB for a reader who gets nothing: {allocated:N0} bytes allocated");
        Assert.Equal(PageSize, download.Length);
        Assert.Equal(Convert.ToHexString(ExpectedHash()), Convert.ToHexString(download.Hash));
        Assert.InRange(allocated, 0, AllocationBound);
    }

    [Fact]
    public async Task LargePage_ForReaderInCrimea_ArrivesWithTheNoticeOnceWithoutMemoryGrowingWithSize()
    {
        await using var origin = await KestrelOrigin.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(GatewayServer.Configuration(origin.BaseAddress, "127.0.0.1"));
        await DownloadAsync(gateway, Readers.Crimea, 1024 * 1024);

        var (allocated, download) = await MeasureAsync(gateway, Readers.Crimea);

        output.WriteLine($"100 MB for a reader who gets the notice: {allocated:N0} bytes allocated, notice {download.Notice.Length} bytes");
        Assert.StartsWith("<section class=\"contentgate-notice\" data-contentgate-notice=\"undesirable-organization\"", download.Notice, StringComparison.Ordinal);
        Assert.Equal(PageSize + Encoding.UTF8.GetByteCount(download.Notice), download.Length);
        Assert.Equal(Convert.ToHexString(ExpectedHash()), Convert.ToHexString(download.Hash));
        Assert.InRange(allocated, 0, AllocationBound);
    }

    private static async Task<(long Allocated, Download Download)> MeasureAsync(GatewayServer gateway, IPAddress reader)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var download = await DownloadAsync(gateway, reader, PageSize);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (allocated, download);
    }

    private sealed record Download(long Length, byte[] Hash, string Notice);

    // Streams the response through SHA-256 with one buffer. The notice, if any, is taken out of the hash: it is the
    // <section> right after the origin's body tag, in the first bytes.
    private static async Task<Download> DownloadAsync(GatewayServer gateway, IPAddress reader, long size)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/large/{size}");
        request.Headers.Add("X-Forwarded-For", reader.ToString());
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[LargePage.ChunkSize];
        var head = new byte[8192];
        var headLength = 0;
        while (headLength < head.Length)
        {
            var read = await stream.ReadAsync(head.AsMemory(headLength));
            if (read == 0)
            {
                break;
            }

            headLength += read;
        }

        var notice = string.Empty;
        var headText = Encoding.UTF8.GetString(head, 0, headLength);
        var bodyEnd = Encoding.ASCII.GetString(LargePage.Head).Length;
        if (headText.AsSpan(bodyEnd).StartsWith("<section", StringComparison.Ordinal))
        {
            var end = headText.IndexOf("</section>", bodyEnd, StringComparison.Ordinal) + "</section>".Length;
            notice = headText[bodyEnd..end];
            hash.AppendData(head, 0, bodyEnd);
            var noticeBytes = Encoding.UTF8.GetByteCount(notice);
            hash.AppendData(head, bodyEnd + noticeBytes, headLength - bodyEnd - noticeBytes);
        }
        else
        {
            hash.AppendData(head, 0, headLength);
        }

        long length = headLength;
        int count;
        while ((count = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, count);
            length += count;
        }

        return new Download(length, hash.GetHashAndReset(), notice);
    }

    private static byte[] ExpectedHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var piece in LargePage.Pieces(PageSize))
        {
            hash.AppendData(piece.Span);
        }

        return hash.GetHashAndReset();
    }
}

/// <summary>The large downloads run after every other test of the assembly, one at a time, so that allocations are theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeDownloads
{
    public const string Name = "Large downloads, alone";
}
