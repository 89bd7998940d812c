using ContentGate.Regions;
using Xunit.Abstractions;

namespace ContentGate.Tests.Regions;

public sealed class SubdivisionNamesTests(ITestOutputHelper output)
{
    // ISO names shared, after folding, by two subdivisions of one country (a city and the district around it, a
    // department and the region with the same borders): each is ambiguous and maps to nothing.
    private static readonly string[] AmbiguousIsoNames =
    [
        "AZ-LA", "AZ-LAN", // Lənkəran: Municipality / Rayon
        "AZ-NV", "AZ-NX", // Naxçıvan: Municipality / Autonomous republic
        "AZ-SA", "AZ-SAK", // Şəki: Municipality / Rayon
        "AZ-YE", "AZ-YEV", // Yevlax: Municipality / Rayon
        "BD-06", "BD-A", // Barishal: District / Division
        "BD-10", "BD-B", // Chattogram: District / Division
        "BD-13", "BD-C", // Dhaka: District / Division
        "BD-27", "BD-D", // Khulna: District / Division
        "BD-34", "BD-H", // Mymensingh: District / Division
        "BD-54", "BD-E", // Rajshahi: District / Division
        "BD-55", "BD-F", // Rangpur: District / Division
        "BD-60", "BD-G", // Sylhet: District / Division
        "EE-205", "EE-39", // Hiiumaa: Rural municipality / County
        "EE-661", "EE-663", // Rakvere: Rural municipality / Urban municipality
        "EE-714", "EE-74", // Saaremaa: Rural municipality / County
        "EE-793", "EE-796", // Tartu: Urban municipality / Rural municipality
        "EE-897", "EE-899", // Viljandi: Urban municipality / Rural municipality
        "EE-917", "EE-919", // Võru: Rural municipality / Urban municipality
        "ES-CB", "ES-S", // Cantabria: Autonomous community / Province
        "ES-IB", "ES-PM", // Illes Balears [Islas Baleares]: Autonomous community / Province
        "ES-LO", "ES-RI", // La Rioja: Province / Autonomous community
        "FR-971", "FR-GP", // Guadeloupe: Overseas department / Overseas region
        "FR-972", "FR-MQ", // Martinique: Overseas department / Overseas region
        "FR-973", "FR-GF", // Guyane (française): Overseas department / Overseas region
        "FR-974", "FR-RE", // La Réunion: Overseas department / Overseas region
        "FR-976", "FR-YT", // Mayotte: Overseas department / Overseas region
        "GN-B", "GN-BK", // Boké: Administrative region / Prefecture
        "GN-D", "GN-KD", // Kindia: Administrative region / Prefecture
        "GN-F", "GN-FA", // Faranah: Administrative region / Prefecture
        "GN-K", "GN-KA", // Kankan: Administrative region / Prefecture
        "GN-L", "GN-LA", // Labé: Administrative region / Prefecture
        "GN-M", "GN-MM", // Mamou: Administrative region / Prefecture
        "GN-N", "GN-NZ", // Nzérékoré: Administrative region / Prefecture
        "HU-VE", "HU-VM", // Veszprém: County / City with county rights
        "ID-MA", "ID-ML", // Maluku: Province / Geographical unit
        "ID-PA", "ID-PP", // Papua: Province / Geographical unit
        "LA-VI", "LA-VT", // Viangchan: Province / Prefecture
        "MZ-L", "MZ-MPM", // Maputo: Province / City
        "NP-BA", "NP-P3", // Bagmati: Zone / Province
        "NP-GA", "NP-P4", // Gandaki: Zone / Province
        "NP-KA", "NP-P6", // Karnali: Zone / Province
        "TW-CYI", "TW-CYQ", // Chiayi: City / County
        "TW-HSQ", "TW-HSZ", // Hsinchu: County / City
        "UZ-TK", "UZ-TO", // Toshkent: City / Region
    ];

    // ISO names the alias table leaves unmapped because a region database may mean another subdivision by them.
    private static readonly string[] UnmappedIsoNames =
    [
        "BG-23", // Sofia: ISO's province; a database's "Sofia" may be the capital city (BG-22), which is not in it
    ];

    [Fact]
    public void EveryIsoName_MapsBackToItsOwnCode_ExceptTheListedAmbiguousOnes()
    {
        var wrong = new List<string>();
        var ambiguous = new List<string>();
        var unmapped = new List<string>();
        foreach (var subdivision in IsoSubdivisions.All)
        {
            var match = SubdivisionNames.Match(subdivision.Code[..2], subdivision.Name, out var code);
            if (match == SubdivisionNameMatch.Ambiguous)
            {
                ambiguous.Add(subdivision.Code);
            }
            else if (match == SubdivisionNameMatch.DeliberatelyUnmapped)
            {
                unmapped.Add(subdivision.Code);
            }
            else if (code != subdivision.Code)
            {
                wrong.Add($"{subdivision.Code} \"{subdivision.Name}\": {match} {code}");
            }
        }

        output.WriteLine($"{IsoSubdivisions.All.Count - wrong.Count - ambiguous.Count - unmapped.Count} of {IsoSubdivisions.All.Count} ISO names map back to their code; {ambiguous.Count} are ambiguous, {unmapped.Count} unmapped on purpose.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(AmbiguousIsoNames.Order(StringComparer.Ordinal), ambiguous.Order(StringComparer.Ordinal));
        Assert.Equal(UnmappedIsoNames, unmapped);
    }

    [Fact]
    public void EveryIsoAlternateName_MapsToItsOwnCodeOrNothing()
    {
        var wrong = new List<string>();
        foreach (var subdivision in IsoSubdivisions.All)
        {
            foreach (var alternate in IsoNameForms.Alternates(subdivision.Name))
            {
                if (SubdivisionNames.TryMap(subdivision.Code[..2], alternate, out var code) && code != subdivision.Code)
                {
                    wrong.Add($"{subdivision.Code} \"{alternate}\" (of \"{subdivision.Name}\"): {code}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("UA", "Kyiv City", "UA-30")]
    [InlineData("UA", "Kyiv", "UA-30")]
    [InlineData("UA", "Kiev", "UA-30")]
    [InlineData("UA", "Kyiv Oblast", "UA-32")]
    [InlineData("UA", "Kyivska oblast", "UA-32")]
    [InlineData("UA", "Kyivs'ka Oblast'", "UA-32")]
    [InlineData("UA", "Sevastopol", "UA-40")]
    [InlineData("UA", "Sevastopol City", "UA-40")]
    [InlineData("UA", "Crimea", "UA-43")]
    [InlineData("UA", "Autonomous Republic of Crimea", "UA-43")]
    [InlineData("UA", "Republic of Crimea", "UA-43")]
    [InlineData("UA", "Donetsk", "UA-14")]
    [InlineData("UA", "Donetsk Oblast", "UA-14")]
    [InlineData("UA", "Luhansk", "UA-09")]
    [InlineData("UA", "Lugansk Oblast", "UA-09")]
    [InlineData("UA", "Zaporizhzhia", "UA-23")]
    [InlineData("UA", "Zaporozhye Oblast", "UA-23")]
    [InlineData("UA", "Zaporiz'ka oblast", "UA-23")]
    [InlineData("UA", "Kherson", "UA-65")]
    [InlineData("UA", "Kherson Oblast", "UA-65")]
    [InlineData("UA", "Odessa", "UA-51")]
    [InlineData("UA", "Odesa Oblast", "UA-51")]
    [InlineData("UA", "Transcarpathia", "UA-21")]
    [InlineData("UA", "Kropyvnytskyi Oblast", "UA-35")]
    [InlineData("RU", "Moscow", "RU-MOW")]
    [InlineData("RU", "Moscow Oblast", "RU-MOS")]
    [InlineData("RU", "St.-Petersburg", "RU-SPE")]
    [InlineData("RU", "Saint Petersburg", "RU-SPE")]
    [InlineData("RU", "St Petersburg", "RU-SPE")]
    [InlineData("RU", "Leningrad Oblast", "RU-LEN")]
    [InlineData("RU", "Leningradskaya Oblast'", "RU-LEN")]
    [InlineData("RU", "Tatarstan Republic", "RU-TA")]
    [InlineData("RU", "Republic of Tatarstan", "RU-TA")]
    [InlineData("RU", "Krasnodar Krai", "RU-KDA")]
    [InlineData("RU", "Khanty-Mansia", "RU-KHM")]
    [InlineData("RU", "Sverdlovsk Oblast", "RU-SVE")]
    [InlineData("RU", "Altai Republic", "RU-AL")]
    [InlineData("RU", "Altai Krai", "RU-ALT")]
    [InlineData("RU", "Nizhny Novgorod Oblast", "RU-NIZ")]
    [InlineData("RU", "Novgorod Oblast", "RU-NGR")]
    [InlineData("RU", "Yamalo-Nenets", "RU-YAN")]
    [InlineData("RU", "Nenets", "RU-NEN")]
    [InlineData("BY", "Minsk City", "BY-HM")]
    [InlineData("BY", "Minsk Region", "BY-MI")]
    [InlineData("MD", "Chisinau Municipality", "MD-CU")]
    [InlineData("MD", "Găgăuzia", "MD-GA")]
    [InlineData("GE", "Adjara", "GE-AJ")]
    [InlineData("KZ", "Almaty", "KZ-ALA")]
    [InlineData("KZ", "Almaty Oblysy", "KZ-ALM")]
    [InlineData("US", "California", "US-CA")]
    [InlineData("GB", "England", "GB-ENG")]
    [InlineData("GB", "Cymru", "GB-WLS")]
    [InlineData("FR", "Île-de-France", "FR-IDF")]
    [InlineData("FR", "Ile-de-France", "FR-IDF")]
    [InlineData("DE", "Bavaria", "DE-BY")]
    [InlineData("DE", "Bayern", "DE-BY")]
    [InlineData("DE", "North Rhine-Westphalia", "DE-NW")]
    [InlineData("DE", "Baden-Wurttemberg", "DE-BW")]
    [InlineData("CN", "Guangdong", "CN-GD")]
    [InlineData("MD", "Bender", "MD-BD")]
    [InlineData("ua", "KYIV CITY", "UA-30")]
    public void TryMap_WithKnownName_ReturnsItsCode(string country, string name, string code)
    {
        Assert.True(SubdivisionNames.TryMap(country, name, out var mapped), $"{country} \"{name}\": {SubdivisionNames.Match(country, name, out _)}");
        Assert.Equal(code, mapped);
    }

    [Theory]
    [InlineData("RU", "Crimea", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("RU", "Republic of Crimea", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("RU", "Sevastopol", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("RU", "Donetsk People's Republic", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("RU", "Crimean Republic", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("RU", "Kherson Oblast", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("RU", "Altai", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("RU", "Leningrad", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("BY", "Minsk", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("UA", "Donbas", nameof(SubdivisionNameMatch.DeliberatelyUnmapped))]
    [InlineData("UA", "Kyiv Metropolitan Area", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("RU", "Moscow Krai", nameof(SubdivisionNameMatch.Ambiguous))]
    [InlineData("RU", "Altay Region", nameof(SubdivisionNameMatch.Ambiguous))]
    [InlineData("UA", "Kyiv Autonomous", nameof(SubdivisionNameMatch.Ambiguous))]
    [InlineData("TW", "Hsinchu", nameof(SubdivisionNameMatch.Ambiguous))]
    [InlineData("UZ", "Toshkent Region", nameof(SubdivisionNameMatch.Ambiguous))]
    [InlineData("UA", "Odessa City", nameof(SubdivisionNameMatch.DesignationMismatch))]
    [InlineData("UA", "Sevastopol Region", nameof(SubdivisionNameMatch.DesignationMismatch))]
    [InlineData("GB", "London", nameof(SubdivisionNameMatch.DesignationMismatch))]
    [InlineData("UA", "Atlantis", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("UA", "Oblast", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("UA", "", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("UA", "  ", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("UA", null, nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("", "Crimea", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("XK", "Pristina", nameof(SubdivisionNameMatch.NotFound))]
    [InlineData("UAA", "Crimea", nameof(SubdivisionNameMatch.NotFound))]
    public void TryMap_WithNameNoRuleMaps_ReturnsFalse(string country, string? name, string why)
    {
        Assert.False(SubdivisionNames.TryMap(country, name, out var code));
        Assert.Null(code);
        Assert.Equal(why, SubdivisionNames.Match(country, name, out _).ToString());
    }

    [Fact]
    public void TryMap_WithNameLongerThanTheLimit_ReturnsFalse()
        => Assert.False(SubdivisionNames.TryMap("UA", "Crimea " + new string('x', SubdivisionNameKey.MaxNameLength), out _));

    [Theory]
    [InlineData("UA", "Zaporozhye", "UA-23", nameof(SubdivisionNameMatch.Alias))]
    [InlineData("BY", "Gorod Minsk", "BY-HM", nameof(SubdivisionNameMatch.IsoName))]
    [InlineData("GB", "City of London", "GB-LND", nameof(SubdivisionNameMatch.IsoAlternateName))]
    [InlineData("MD", "Tighina", "MD-BD", nameof(SubdivisionNameMatch.Alias))]
    [InlineData("GB", "Caerdydd", "GB-CRF", nameof(SubdivisionNameMatch.IsoAlternateName))]
    [InlineData("UA", "Donetska", "UA-14", nameof(SubdivisionNameMatch.Alias))]
    [InlineData("UA", "Chernihivska Region", "UA-74", nameof(SubdivisionNameMatch.WithoutDesignations))]
    [InlineData("RU", "Voronezhskaya Region", "RU-VOR", nameof(SubdivisionNameMatch.WithoutDesignations))]
    [InlineData("GB", "London City", "GB-LND", nameof(SubdivisionNameMatch.WithoutDesignations))]
    public void Match_SaysWhichRuleAnswered(string country, string name, string code, string rule)
    {
        var match = SubdivisionNames.Match(country, name, out var mapped);

        Assert.Equal(code, mapped);
        Assert.Equal(rule, match.ToString());
    }

    [Fact]
    public void TryMap_WithWellKnownName_AllocatesNothing()
    {
        SubdivisionNames.TryMap("RU", "Tatarstan Republic", out _);

        Assert.Equal(0, Infrastructure.Allocations.Fewest(() => SubdivisionNames.TryMap("RU", "Tatarstan Republic", out _)));
        Assert.Equal(0, Infrastructure.Allocations.Fewest(() => SubdivisionNames.TryMap("UA", "Zaporiz'ka oblast'", out _)));
    }
}
