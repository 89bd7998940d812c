using System.Globalization;
using System.Net;
using ContentGate.Testing.MaxMind;

namespace ContentGate.Testing;

/// <summary>
/// Gives each region of a test a fixed pair of addresses, one IPv4 and one IPv6, and builds a GeoIP2 test database
/// that places those addresses in those regions.
/// </summary>
/// <remarks>
/// <para>
/// Addresses come from the ranges reserved for documentation, so they never belong to anyone: the i-th region
/// (counting from 0) gets the i-th <c>/29</c> of <c>203.0.113.0/24</c>, then of <c>198.51.100.0/24</c>, then of
/// <c>192.0.2.0/24</c> (at most 96 regions), and the IPv6 network <c>2001:db8:0:i::/64</c>. The same list of
/// regions always gets the same addresses.
/// </para>
/// <example>
/// <code>
/// var book = RegionAddressBook.For("RU", "UA-43", "DE");
/// book.ToDatabase().WriteTo(databasePath);
/// var request = new HttpRequestMessage(HttpMethod.Get, "/").FromVisitor(book.IPv4For("UA-43"));
/// </code>
/// </example>
/// </remarks>
public sealed class RegionAddressBook
{
    /// <summary>The most regions one address book can hold: three <c>/24</c> ranges of 32 <c>/29</c> blocks.</summary>
    private const int MaxRegions = 96;

    private const int BlocksPerRange = 32;

    private static readonly byte[][] IPv4Ranges = [[203, 0, 113], [198, 51, 100], [192, 0, 2]];

    private readonly string[] _regions;
    private readonly Dictionary<string, int> _indexes;

    private RegionAddressBook(string[] regions, Dictionary<string, int> indexes)
    {
        _regions = regions;
        _indexes = indexes;
    }

    /// <summary>Gets the regions, in the order given to <see cref="For"/>.</summary>
    public IReadOnlyList<string> Regions => _regions;

    /// <summary>
    /// Creates an address book for <paramref name="regions"/>.
    /// </summary>
    /// <param name="regions">
    /// Countries like <c>RU</c> (ISO 3166-1 alpha-2) and subdivisions like <c>UA-43</c> (ISO 3166-2), upper-case,
    /// each once, at most 96.
    /// </param>
    /// <returns>The address book.</returns>
    /// <exception cref="ArgumentException">A region is malformed or repeated, or there are too many.</exception>
    public static RegionAddressBook For(params string[] regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Length > MaxRegions)
        {
            throw new ArgumentException(
                $"An address book holds at most {MaxRegions} regions (the documentation ranges have room for " +
                $"{MaxRegions} /29 blocks); {regions.Length.ToString(CultureInfo.InvariantCulture)} were given. " +
                "Split the regions over several databases, or add more networks to the builder returned by " +
                $"{nameof(ToDatabase)}.",
                nameof(regions));
        }

        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < regions.Length; i++)
        {
            RegionCodes.ParseRegion(regions[i], nameof(regions));
            if (!indexes.TryAdd(regions[i], i))
            {
                throw new ArgumentException($"The region '{regions[i]}' is listed more than once.", nameof(regions));
            }
        }

        return new RegionAddressBook([.. regions], indexes);
    }

    /// <summary>Returns the IPv4 test address of <paramref name="region"/>: the first host of its <c>/29</c>.</summary>
    /// <param name="region">A region given to <see cref="For"/>.</param>
    /// <returns>An address like <c>203.0.113.1</c>.</returns>
    /// <exception cref="ArgumentException">The region is not in this address book.</exception>
    public IPAddress IPv4For(string region) => HostAt(IPv4NetworkFor(region));

    /// <summary>Returns the IPv6 test address of <paramref name="region"/>: <c>::1</c> of its <c>/64</c>.</summary>
    /// <param name="region">A region given to <see cref="For"/>.</param>
    /// <returns>An address like <c>2001:db8:0:1::1</c>.</returns>
    /// <exception cref="ArgumentException">The region is not in this address book.</exception>
    public IPAddress IPv6For(string region) => HostAt(IPv6NetworkFor(region));

    /// <summary>Returns the IPv4 <c>/29</c> network of <paramref name="region"/>.</summary>
    /// <param name="region">A region given to <see cref="For"/>.</param>
    /// <returns>A network like <c>203.0.113.0/29</c>.</returns>
    /// <exception cref="ArgumentException">The region is not in this address book.</exception>
    public IPNetwork IPv4NetworkFor(string region)
    {
        var index = IndexOf(region);
        var range = IPv4Ranges[index / BlocksPerRange];
        var address = new IPAddress([range[0], range[1], range[2], (byte)(index % BlocksPerRange * 8)]);
        return new IPNetwork(address, 29);
    }

    /// <summary>Returns the IPv6 <c>/64</c> network of <paramref name="region"/>.</summary>
    /// <param name="region">A region given to <see cref="For"/>.</param>
    /// <returns>A network like <c>2001:db8:0:1::/64</c>.</returns>
    /// <exception cref="ArgumentException">The region is not in this address book.</exception>
    public IPNetwork IPv6NetworkFor(string region)
    {
        var index = IndexOf(region);
        var bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = 0xb8;
        bytes[6] = (byte)(index >> 8);
        bytes[7] = (byte)index;
        return new IPNetwork(new IPAddress(bytes), 64);
    }

    /// <summary>
    /// Returns a builder for a GeoIP2 test database that maps each region's IPv4 and IPv6 networks to the region
    /// (for a subdivision, its country and the subdivision). Add more networks to it before writing if needed.
    /// </summary>
    /// <param name="kind">
    /// City or Country records. A Country database drops subdivisions, so a subdivision's addresses resolve to its
    /// country only. Defaults to <see cref="GeoDatabaseKind.City"/>.
    /// </param>
    /// <returns>A new builder holding every region.</returns>
    public GeoDatabaseBuilder ToDatabase(GeoDatabaseKind kind = GeoDatabaseKind.City)
    {
        var builder = new GeoDatabaseBuilder(kind);
        foreach (var region in _regions)
        {
            var (country, subdivision) = RegionCodes.ParseRegion(region, nameof(region));
            var record = subdivision is null ? new GeoRecord(country) : new GeoRecord(country, region);
            builder.Add(IPv4NetworkFor(region), record);
            builder.Add(IPv6NetworkFor(region), record);
        }

        return builder;
    }

    private static IPAddress HostAt(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1] |= 1;
        return new IPAddress(bytes);
    }

    private int IndexOf(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (_indexes.TryGetValue(region, out var index))
        {
            return index;
        }

        throw new ArgumentException(
            $"The region '{region}' is not in this address book, which has: {string.Join(", ", _regions)}.",
            nameof(region));
    }
}
