using System.Collections.Frozen;
using System.Net;
using ContentGate.MaxMind;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static ContentGate.Tests.MaxMind.ReplacementDatabases;

namespace ContentGate.Tests.Sources;

/// <summary>
/// Policies and region sets that list autonomous systems (<c>AS12389</c>), through a real app on TestServer: the number
/// from <c>MaxMind:AsnDatabasePath</c> (or from a location file that carries it) reaches the region feature and the
/// policies; configuration that could never match stops the host; the ASN file is followed like the City file.
/// </summary>
public sealed class NetworkRuleTests
{
    // Two networks of the fixture's Ukraine (no subdivision in the City file): one operated by AS64500, one by AS64501.
    private static readonly IPAddress OccupiedNetworkReader = Fixtures.IPv4("UA");
    private static readonly IPAddress OtherUkrainianReader = Fixtures.IPv6("UA");

    private static string AsnFile(long number = 64500)
    {
        var path = Fixtures.TempFile("asn.mmdb");
        new AsnDatabaseBuilder()
            .Add(new IPNetwork(OccupiedNetworkReader, 32), number)
            .Add(new IPNetwork(OtherUkrainianReader, 128), 64501)
            .WriteTo(path);
        return path;
    }

    private static Dictionary<string, string?> WithNetworkRule(string? asnPath)
    {
        var config = GateServer.ContractConfiguration();
        config[$"ContentGate:RegionSets:russia-controlled:{Fixtures.RussiaControlled.Length}"] = "AS64500";
        if (asnPath is not null)
        {
            config["ContentGate:MaxMind:AsnDatabasePath"] = asnPath;
        }

        return config;
    }

    [Fact]
    public async Task ReaderInAListedNetwork_GetsTheNotice_AndTheRegionFeatureCarriesTheNetwork()
    {
        await using var server = await GateServer.StartAsync(WithNetworkRule(AsnFile()));

        using var region = await server.GetAsync("/region", OccupiedNetworkReader);
        using var page = await server.GetAsync("/", OccupiedNetworkReader);
        using var otherRegion = await server.GetAsync("/region", OtherUkrainianReader);
        using var otherPage = await server.GetAsync("/", OtherUkrainianReader);

        Assert.Equal("UA AS64500|maxmind|None", await region.Content.ReadAsStringAsync());
        Assert.Contains(GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("UA AS64501|maxmind|None", await otherRegion.Content.ReadAsStringAsync());
        Assert.Equal(GateServer.Page, await otherPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BlockPolicyListingANetwork_Answers451_ToThatNetworkOnly()
    {
        var config = GateServer.ContractConfiguration();
        config["ContentGate:MaxMind:AsnDatabasePath"] = AsnFile();
        config["ContentGate:Policies:kz-court-order:Regions:1"] = "as64500";
        await using var server = await GateServer.StartAsync(config);

        using var blocked = await server.GetAsync("/articles/restricted-in-kazakhstan", OccupiedNetworkReader);
        using var served = await server.GetAsync("/articles/restricted-in-kazakhstan", OtherUkrainianReader);

        Assert.Equal(451, (int)blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task IPinfoLiteAsTheOnlyDatabase_GivesCountryAndNetwork()
    {
        var path = Fixtures.TempFile("ipinfo.mmdb");
        new IPinfoDatabaseBuilder().Add(new IPNetwork(OccupiedNetworkReader, 32), "UA", 64500).Add(new IPNetwork(OtherUkrainianReader, 128), "UA", 64501).WriteTo(path);
        var config = WithNetworkRule(asnPath: null);
        config["ContentGate:MaxMind:DatabasePath"] = path;
        config.Remove("ContentGate:RegionSets:russia-controlled:1");
        var subdivisionCodes = config.Where(e => e.Key.StartsWith("ContentGate:RegionSets:russia-controlled:", StringComparison.Ordinal) && e.Value!.Contains('-', StringComparison.Ordinal)).Select(e => e.Key).ToList();
        subdivisionCodes.ForEach(k => config.Remove(k));
        await using var server = await GateServer.StartAsync(config);

        using var page = await server.GetAsync("/", OccupiedNetworkReader);
        using var otherPage = await server.GetAsync("/", OtherUkrainianReader);

        Assert.Contains(GateServer.ContractNotice, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(GateServer.Page, await otherPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public void SubdivisionCodes_OnAnIPinfoFile_StopTheHost_AsOnACountryFile()
    {
        var path = Fixtures.TempFile("ipinfo.mmdb");
        new IPinfoDatabaseBuilder().Add(new IPNetwork(OccupiedNetworkReader, 32), "UA", 64500).WriteTo(path);
        using var host = GateServer.Build(GateServer.ContractConfiguration(path), null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains($"ContentGate:MaxMind:DatabasePath: '{path}' is a '{IPinfoDatabaseBuilder.LiteDatabaseType}' database, which has no subdivisions", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkRule_WithNoFileThatCarriesNetworks_StopsTheHost()
    {
        using var host = GateServer.Build(WithNetworkRule(asnPath: null), null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("ContentGate:MaxMind:AsnDatabasePath is not set, but policy 'undesirable-organization' lists autonomous systems (such as AS12389)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkRule_WithOnlyACdnHeaderSource_StopsTheHost()
    {
        var config = WithNetworkRule(AsnFile());
        config["ContentGate:Sources:0:Type"] = "Cloudflare";
        config["ContentGate:Sources:0:TrustedNetworks:0"] = "198.51.100.0/24";
        using var host = GateServer.Build(config, null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("ContentGate:Sources: policy 'undesirable-organization' lists autonomous systems (such as AS12389), but no configured source gives them. Add MaxMindDatabase to ContentGate:Sources", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AsnDatabasePath_NamingACityFile_StopsTheHostNamingTheKey()
    {
        using var host = GateServer.Build(WithNetworkRule(Fixtures.CityDatabasePath), null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains($"ContentGate:MaxMind:AsnDatabasePath: the file '{Fixtures.CityDatabasePath}'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("whose records carry no autonomous system", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AS0", "'AS0' is not an autonomous system number: write 'AS' and a number from 1 to 4294967295")]
    [InlineData("AS4294967296", "'AS4294967296' is not an autonomous system number")]
    public void RegionSet_WithAnAutonomousSystemOutOfRange_StopsTheHost(string entry, string expected)
    {
        var config = WithNetworkRule(AsnFile());
        config[$"ContentGate:RegionSets:russia-controlled:{Fixtures.RussiaControlled.Length}"] = entry;
        using var host = GateServer.Build(config, null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LanguageChosenByNetwork_StopsTheHost()
    {
        var config = WithNetworkRule(AsnFile());
        config["ContentGate:Languages:ByRegion:AS64500"] = "ru";
        using var host = GateServer.Build(config, null, null, out _);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("ContentGate:Languages:ByRegion:AS64500: 'AS64500' is an autonomous system; languages are chosen by where readers are", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsnFileReplaced_IsReloaded_AndTheNewNumberDecides()
    {
        var asnPath = AsnFile(64500);
        await using var server = await GateServer.StartAsync(WithNetworkRule(asnPath), services: s => s.Configure<MaxMindReloadSettings>(o =>
        {
            o.StableFor = TimeSpan.FromMilliseconds(20);
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        }));
        using var before = await server.GetAsync("/", OccupiedNetworkReader);
        Assert.Contains(GateServer.ContractNotice, await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var replacement = Fixtures.TempFile("asn-next.mmdb");
        new AsnDatabaseBuilder(o => o.BuildEpoch = DateTimeOffset.UtcNow.AddHours(-1)).Add(new IPNetwork(OccupiedNetworkReader, 32), 64999).WriteTo(replacement);
        ReplaceByRename(asnPath, File.ReadAllBytes(replacement));
        await WaitUntil(() => server.Logs.Entries.Any(e => e.EventId.Name == "DatabaseReloaded" && e.Message.Contains(asnPath, StringComparison.Ordinal)), "the ASN file is reloaded");

        using var region = await server.GetAsync("/region", OccupiedNetworkReader);
        using var after = await server.GetAsync("/", OccupiedNetworkReader);
        Assert.Equal("UA AS64999|maxmind|None", await region.Content.ReadAsStringAsync());
        Assert.Equal(GateServer.Page, await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public void ReaderPlacedByANetwork_IsNotUnresolved_EvenWithoutASubdivision()
    {
        var policy = new ContentGate.Policies.CompiledPolicy
        {
            Name = "p",
            Action = ContentGate.Policies.PolicyAction.Notice,
            FailMode = ContentGate.Policies.PolicyFailMode.Skip,
            UnresolvedSubdivision = ContentGate.Policies.UnresolvedSubdivision.NoMatch,
            RegionCodes = new[] { "UA-43", "AS64500" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            UnresolvedCountries = new[] { "UA" }.ToFrozenSet(StringComparer.Ordinal),
            RegionEntries = ["UA-43", "AS64500"],
            Paths = ContentGate.Policies.PathMatcher.None,
            ExcludePaths = ContentGate.Policies.PathMatcher.None,
            Version = "v",
            Payload = null!,
            PathList = [],
            ExcludePathList = [],
        };

        Assert.False(policy.IsUnresolvedFor(ContentGate.Regions.Region.Create("UA").WithAutonomousSystem(64500)));
        Assert.True(policy.IsUnresolvedFor(ContentGate.Regions.Region.Create("UA").WithAutonomousSystem(64501)));
        Assert.True(policy.IsUnresolvedFor(ContentGate.Regions.Region.Create("UA")));
        Assert.True(policy.AppliesTo(ContentGate.Regions.Region.Create("UA").WithAutonomousSystem(64500)));
        Assert.False(policy.AppliesTo(ContentGate.Regions.Region.Create("UA").WithAutonomousSystem(64501)));
    }
}
