using System.Net;
using ContentGate.Regions;
using ContentGate.Sources;
using ContentGate.Sources.Headers;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentGate.Tests.Sources.Headers;

public sealed class HeaderRegionSourceTests
{
    private const string Key = "ContentGate:Sources:0";
    private static readonly IPAddress TrustedPeer = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress UntrustedPeer = IPAddress.Parse("192.0.2.33");

    private static HeaderRegionSource Cloudflare(ILogger? logger = null)
    {
        var problems = new List<string>();
        var networks = TrustedNetworkList.Compile(["198.51.100.0/24", "10.0.0.0/8"], Key, "Cloudflare", problems)!;
        var parser = HeaderSourcePresets.TryCreateParser(RegionSourceType.Cloudflare, new RegionSourceOptions { Type = "Cloudflare" }, Key, problems)!;
        Assert.Empty(problems);
        return new HeaderRegionSource("cloudflare", networks, parser, logger);
    }

    private static DefaultHttpContext Request(IPAddress? peer, string? country = "UA", string? region = "43")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = peer;
        if (country is not null)
        {
            context.Request.Headers["CF-IPCountry"] = country;
        }

        if (region is not null)
        {
            context.Request.Headers["cf-region-code"] = region;
        }

        return context;
    }

    private static RegionAnswer Lookup(HeaderRegionSource source, DefaultHttpContext context)
        => source.Lookup(context, context.Connection.RemoteIpAddress);

    [Fact]
    public async Task LookupAsync_CompletesSynchronously()
    {
        var context = Request(TrustedPeer);

        var pending = Cloudflare().LookupAsync(new RegionQuery(context, TrustedPeer), CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal("found", (await pending).Outcome);
    }

    [Fact]
    public void Cloudflare_FromTrustedPeer_AnswersWithRegionAndVary()
    {
        var answer = Lookup(Cloudflare(), Request(TrustedPeer));

        Assert.Equal(Region.Create("UA", "UA-43"), answer.Region);
        Assert.Equal("found", answer.Outcome);
        Assert.Equal("CF-IPCountry, cf-region-code", answer.VaryHeader);
    }

    [Fact]
    public void Cloudflare_FromUntrustedPeer_IsIgnored()
    {
        var answer = Lookup(Cloudflare(), Request(UntrustedPeer));

        Assert.False(answer.IsFound);
        Assert.Equal("untrusted", answer.Outcome);
        Assert.Equal(RegionUnknownReason.NotFound, answer.Reason);
        Assert.Null(answer.VaryHeader);
    }

    [Fact]
    public void Cloudflare_WithoutPeerAddress_IsIgnored()
    {
        Assert.Equal("untrusted", Lookup(Cloudflare(), Request(null)).Outcome);
    }

    [Fact]
    public void Cloudflare_FromIPv4MappedTrustedPeer_Answers()
    {
        var answer = Lookup(Cloudflare(), Request(TrustedPeer.MapToIPv6()));

        Assert.Equal("found", answer.Outcome);
    }

    [Fact]
    public void Cloudflare_FromPrivateTrustedPeer_Answers_BecauseItNeverLooksTheAddressUp()
    {
        var source = Cloudflare();

        var answer = Lookup(source, Request(IPAddress.Parse("10.20.30.40")));

        Assert.False(source.UsesClientAddress);
        Assert.Equal("found", answer.Outcome);
    }

    [Theory]
    [InlineData("UA", "43", "found")]
    [InlineData("UA", null, "found")]
    [InlineData("XX", null, "not_found")]
    [InlineData(null, "43", "not_found")]
    [InlineData("", null, "not_found")]
    [InlineData("T1", null, "tor")]
    [InlineData("U1", null, "invalid")]
    [InlineData("UKR", null, "invalid")]
    [InlineData("UA", "4343", "invalid")]
    public void Cloudflare_FromTrustedPeer_CountsEachOutcome(string? country, string? region, string outcome)
    {
        var answer = Lookup(Cloudflare(), Request(TrustedPeer, country, region));

        Assert.Equal(outcome, answer.Outcome);
        Assert.Equal(outcome == "found", answer.IsFound);
        if (!answer.IsFound)
        {
            Assert.Equal(RegionUnknownReason.NotFound, answer.Reason);
        }
    }

    [Fact]
    public void Cloudflare_WithOverlongInvalidValue_LogsOnlyAFewCharacters()
    {
        var logs = new LogCapture();
        var source = Cloudflare(logs.CreateLogger("test"));

        Lookup(source, Request(TrustedPeer, new string('A', 10_000)));

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal(41, entry.EventId.Id);
        Assert.Equal("RegionHeaderInvalid", entry.EventId.Name);
        Assert.Contains("'AAAAAAAA…' (10000 characters)", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAAA", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloudflare_FromUntrustedPeer_LogsAtDebugWithoutTheAddress()
    {
        var logs = new LogCapture();
        var source = Cloudflare(logs.CreateLogger("test"));

        Lookup(source, Request(UntrustedPeer));

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal(new EventId(40, "RegionHeaderUntrusted"), entry.EventId);
        Assert.Contains("country header present: True", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2", entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T1", 43, "RegionHeaderTor")]
    [InlineData("XX", 42, "RegionHeaderNotFound")]
    public void Cloudflare_WithoutCountry_LogsWhy(string country, int id, string name)
    {
        var logs = new LogCapture();

        Lookup(Cloudflare(logs.CreateLogger("test")), Request(TrustedPeer, country, null));

        Assert.Equal(new EventId(id, name), Assert.Single(logs.Entries).EventId);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("UA", "UA")]
    [InlineData("UA\r\nX-Injected: 1", "UA??X-In…")]
    [InlineData("country_code=UA,region_code=43", "country_…")]
    [InlineData("<script>", "?script?")]
    public void Shorten_KeepsAFewHarmlessCharacters(string? value, string expected)
    {
        Assert.Equal(expected, HeaderRegionSource.Shorten(value));
    }

    [Fact]
    public void TryCreate_ReportsNetworkAndKeyProblemsTogether()
    {
        var options = new RegionSourceOptions { Type = "Cloudflare", CountryHeader = "X-Country" };
        var problems = new List<string>();

        var source = HeaderRegionSource.TryCreate(RegionSourceType.Cloudflare, options, Key, problems);

        Assert.Null(source);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"{Key}:TrustedNetworks is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{Key}:CountryHeader: 'X-Country'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RegionSourceType.Cloudflare, "cloudflare")]
    [InlineData(RegionSourceType.GoogleCloud, "googlecloud")]
    public void TryCreate_WithValidEntry_NamesTheSource(RegionSourceType type, string name)
    {
        var options = new RegionSourceOptions { Type = type.ToString(), CountryHeader = type == RegionSourceType.GoogleCloud ? "X-Client-Region" : null };
        options.TrustedNetworks.Add("35.191.0.0/16");
        var problems = new List<string>();

        var source = HeaderRegionSource.TryCreate(type, options, Key, problems);

        Assert.Empty(problems);
        Assert.Equal(name, source!.Name);
        Assert.False(source.UsesClientAddress);
    }

    [Fact]
    public void Lookup_AfterWarmUp_AllocatesNothing()
    {
        var source = Cloudflare();
        var trusted = Request(TrustedPeer);
        var countryOnly = Request(TrustedPeer, "DE", null);
        var untrusted = Request(UntrustedPeer);
        var invalid = Request(TrustedPeer, "U1", null);

        void Run(int times)
        {
            for (var i = 0; i < times; i++)
            {
                Assert.True(source.Lookup(trusted, TrustedPeer).IsFound);
                Assert.True(source.Lookup(countryOnly, TrustedPeer).IsFound);
                Assert.False(source.Lookup(untrusted, UntrustedPeer).IsFound);
                Assert.False(source.Lookup(invalid, TrustedPeer).IsFound);
            }
        }

        Run(100);

        Assert.Equal(0, Allocations.Fewest(() => Run(1_000)));
    }
}
