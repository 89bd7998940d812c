using ContentGate.Regions;
using Xunit.Abstractions;

namespace ContentGate.Tests.Regions;

public sealed class SubdivisionAliasesTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryMappedAlias_TargetsAListedCodeOfItsOwnCountry()
    {
        var bad = SubdivisionAliases.All
            .Where(a => a.Code is not null && (!IsoSubdivisions.TryGet(a.Code, out _) || !a.Code.StartsWith(a.Country + "-", StringComparison.Ordinal)))
            .Select(a => $"{a.Country} \"{a.Name}\" → {a.Code}")
            .ToList();

        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    [Fact]
    public void EveryUnmappedAlias_SaysWhy_AndEveryMappedOneDoesNot()
        => Assert.All(SubdivisionAliases.All, a => Assert.Equal(a.Code is null, !string.IsNullOrWhiteSpace(a.Why)));

    [Fact]
    public void NoTwoAliasesOfACountry_ShareAKeyWithDifferentTargets()
        => Assert.Empty(SubdivisionNames.AliasConflicts);

    [Fact]
    public void EveryAlias_MapsToItsOwnTarget()
    {
        var wrong = new List<string>();
        foreach (var alias in SubdivisionAliases.All)
        {
            var match = SubdivisionNames.Match(alias.Country, alias.Name, out var code);
            var expected = alias.Code is null ? SubdivisionNameMatch.DeliberatelyUnmapped : SubdivisionNameMatch.Alias;
            if (match != expected || code != alias.Code)
            {
                wrong.Add($"{alias.Country} \"{alias.Name}\": {match} {code}, expected {alias.Code ?? "unmapped"}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // An alias is read before the ISO names, so one that is another subdivision's ISO name (after folding) would take
    // that name away from it.
    [Fact]
    public void NoMappedAlias_IsTheIsoNameOfAnotherSubdivision()
    {
        var isoNames = IsoSubdivisions.All.ToLookup(s => (s.Code[..2], SubdivisionNameKey.Of(s.Name)));
        var stolen = SubdivisionAliases.All
            .Where(a => a.Code is not null)
            .SelectMany(a => isoNames[(a.Country, SubdivisionNameKey.Of(a.Name))].Where(s => s.Code != a.Code).Select(s => $"{a.Country} \"{a.Name}\" → {a.Code}, but ISO names {s.Code} so"))
            .ToList();

        Assert.True(stolen.Count == 0, string.Join("\n", stolen));
    }

    [Theory]
    [InlineData("UA", 27)]
    [InlineData("RU", 83)]
    public void EveryCodeOfTheCountry_HasAnEnglishAlias(string country, int codes)
    {
        var listed = IsoSubdivisions.All.Where(s => s.Code.StartsWith(country + "-", StringComparison.Ordinal)).Select(s => s.Code).ToList();
        var aliased = SubdivisionAliases.All.Where(a => a.Country == country && a.Code is not null).Select(a => a.Code!).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(codes, listed.Count);
        Assert.DoesNotContain(listed, code => !aliased.Contains(code));
    }

    // For the neighbours the table covers where ISO's name is not the English one; the rest must map by ISO's name.
    [Theory]
    [InlineData("BY")]
    [InlineData("MD")]
    [InlineData("GE")]
    [InlineData("KZ")]
    [InlineData("DE")]
    public void EveryCodeOfTheCountry_IsReachableByAnAliasOrItsIsoName(string country)
    {
        var unreachable = IsoSubdivisions.All
            .Where(s => s.Code.StartsWith(country + "-", StringComparison.Ordinal))
            .Where(s => !SubdivisionAliases.All.Any(a => a.Code == s.Code) && !(SubdivisionNames.TryMap(country, s.Name, out var code) && code == s.Code))
            .Select(s => s.Code)
            .ToList();

        Assert.Empty(unreachable);
    }

    [Fact]
    public void Figures_AliasesPerCountry()
    {
        var figures = SubdivisionAliases.All.GroupBy(a => a.Country)
            .Select(g => $"{g.Key}: {g.Count(a => a.Code is not null)} aliases for {g.Where(a => a.Code is not null).Select(a => a.Code).Distinct().Count()} codes, {g.Count(a => a.Code is null)} unmapped")
            .ToList();
        output.WriteLine(string.Join("\n", figures));

        Assert.Equal(["UA", "RU", "BY", "MD", "GE", "KZ", "DE", "BG"], SubdivisionAliases.All.Select(a => a.Country).Distinct());
    }
}
