using System.Net;
using System.Net.Sockets;
using ContentGate.Regions;
using MaxMind.Db;

namespace ContentGate.MaxMind;

/// <summary>
/// One opened, checked GeoIP2/GeoLite2 Country or City database. Thread-safe; open once and share.
/// </summary>
internal sealed class MaxMindDatabase : IDisposable
{
    // Addresses looked up once at open time to prove the search tree and data section decode.
    private static readonly IPAddress[] ProbeAddresses =
    [
        IPAddress.Parse("1.1.1.1"),
        IPAddress.Parse("81.2.69.160"),
        IPAddress.Parse("2001:4860:4860::8888"),
    ];

    private readonly Reader _reader;
    private readonly bool _isIPv6;

    private MaxMindDatabase(string path, Reader reader)
    {
        Path = path;
        _reader = reader;
        _isIPv6 = reader.Metadata.IPVersion == 6;
    }

    public string Path { get; }

    public string DatabaseType => _reader.Metadata.DatabaseType;

    public DateTime BuildDate => _reader.Metadata.BuildDate;

    /// <summary>Opens and checks the database, or throws <see cref="MaxMindDatabaseException"/> saying what to fix.</summary>
    public static MaxMindDatabase Open(string path, string key)
    {
        if (!File.Exists(path))
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{path}' does not exist. Download a GeoIP2 or GeoLite2 Country or City database " +
                "(for example with geoipupdate) and set the key to its path; a relative path is resolved against the content root.");
        }

        Reader reader;
        try
        {
            // Memory, not memory-mapped: a file copied over in place while mapped can make reads return
            // garbage or fault the process; a private copy cannot change under a lookup.
            reader = new Reader(path, FileAccessMode.Memory);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new MaxMindDatabaseException($"{key}: the file '{path}' cannot be read ({ex.Message}). Give the app's user read access to it.", ex);
        }
        catch (Exception ex) when (ex is InvalidDatabaseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{path}' is not a MaxMind DB (.mmdb) file or is truncated ({ex.Message}). " +
                "Point the key at a GeoIP2 or GeoLite2 Country or City .mmdb file, not a CSV, archive or partial download.", ex);
        }

        var database = new MaxMindDatabase(path, reader);
        try
        {
            database.Check(key);
        }
        catch
        {
            database.Dispose();
            throw;
        }

        return database;
    }

    private void Check(string key)
    {
        var type = _reader.Metadata.DatabaseType ?? string.Empty;
        if (!(type.Contains("City", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Country", StringComparison.OrdinalIgnoreCase)
            || type.Contains("Enterprise", StringComparison.OrdinalIgnoreCase)))
        {
            throw new MaxMindDatabaseException(
                $"{key}: the file '{Path}' is a '{type}' database, which has no countries. " +
                "Use a GeoIP2 or GeoLite2 Country or City database (City for subdivisions such as UA-43).");
        }

        foreach (var probe in ProbeAddresses)
        {
            if (!_isIPv6 && probe.AddressFamily == AddressFamily.InterNetworkV6)
            {
                continue;
            }

            try
            {
                _ = _reader.Find<GeoRecord>(probe);
            }
            catch (Exception ex) when (ex is InvalidDatabaseException or InvalidCastException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
            {
                throw new MaxMindDatabaseException(
                    $"{key}: the file '{Path}' is corrupt: a probe lookup failed ({ex.Message}). Download the database again.", ex);
            }
        }
    }

    /// <summary>
    /// Looks an address up. Returns <see langword="false"/> when the database has no record for it or the record
    /// has no usable country. Throws <see cref="InvalidDatabaseException"/> when the data is corrupt.
    /// </summary>
    public bool TryFind(IPAddress address, out Region region)
    {
        if (!_isIPv6 && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            region = Region.Unknown;
            return false;
        }

        var record = _reader.Find<GeoRecord>(address);
        if (record?.Country is not { } country || !IsoCodes.TryNormalizeCountry(country.IsoCode, out var countryCode))
        {
            region = Region.Unknown;
            return false;
        }

        region = Region.FromTrusted(countryCode, ComposeSubdivisions(countryCode, record.Subdivisions));
        return true;
    }

    private static string[]? ComposeSubdivisions(string country, List<IsoCodeRecord>? subdivisions)
    {
        if (subdivisions is null || subdivisions.Count == 0)
        {
            return null;
        }

        var codes = new string[subdivisions.Count];
        var count = 0;
        foreach (var subdivision in subdivisions)
        {
            if (IsoCodes.ComposeSubdivision(country, subdivision.IsoCode) is { } code)
            {
                codes[count++] = code;
            }
        }

        return count == codes.Length ? codes : codes[..count];
    }

    public void Dispose() => _reader.Dispose();
}
