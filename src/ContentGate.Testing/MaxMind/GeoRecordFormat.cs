namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Lays a <see cref="GeoRecord"/> out the way GeoIP2 City and Country databases lay out their records.
/// </summary>
internal static class GeoRecordFormat
{
    public static Dictionary<string, object?> ToMap(GeoRecord record, GeoDatabaseKind kind)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["country"] = Place(record.CountryIsoCode, record.CountryName, record.CountryGeoNameId),
            ["registered_country"] = record.RegisteredCountryIsoCode is null
                ? Place(record.CountryIsoCode, record.CountryName, record.CountryGeoNameId)
                : Place(
                    RegionCodes.ValidateCountry(record.RegisteredCountryIsoCode, nameof(record)),
                    record.RegisteredCountryName,
                    geoNameId: null),
        };

        if (record.RegisteredCountryIsoCode is null && record.RegisteredCountryName is not null)
        {
            throw new ArgumentException(
                $"{nameof(GeoRecord.RegisteredCountryName)} needs {nameof(GeoRecord.RegisteredCountryIsoCode)}.",
                nameof(record));
        }

        if (record.ContinentCode is not null)
        {
            map["continent"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = RegionCodes.ValidateContinent(record.ContinentCode, nameof(record)),
                ["names"] = Names(record.ContinentName),
            };
        }
        else if (record.ContinentName is not null)
        {
            throw new ArgumentException(
                $"{nameof(GeoRecord.ContinentName)} needs {nameof(GeoRecord.ContinentCode)}.", nameof(record));
        }

        if (kind == GeoDatabaseKind.Country)
        {
            return map;
        }

        if (record.SubdivisionIsoCodes.Count > 0)
        {
            var names = record.SubdivisionNames;
            if (names is not null && names.Count != record.SubdivisionIsoCodes.Count)
            {
                throw new ArgumentException(
                    $"{nameof(GeoRecord.SubdivisionNames)} has {names.Count} names for " +
                    $"{record.SubdivisionIsoCodes.Count} subdivisions; give one (or null) per subdivision.",
                    nameof(record));
            }

            var subdivisions = new List<object?>(record.SubdivisionIsoCodes.Count);
            for (var i = 0; i < record.SubdivisionIsoCodes.Count; i++)
            {
                var (_, code) = RegionCodes.ParseSubdivision(record.SubdivisionIsoCodes[i], nameof(record));
                subdivisions.Add(Place(code, names?[i], geoNameId: null));
            }

            map["subdivisions"] = subdivisions;
        }
        else if (record.SubdivisionNames is { Count: > 0 })
        {
            throw new ArgumentException(
                $"{nameof(GeoRecord.SubdivisionNames)} is set but the record has no subdivisions.", nameof(record));
        }

        if (record.CityName is not null || record.CityGeoNameId is not null)
        {
            map["city"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["geoname_id"] = record.CityGeoNameId,
                ["names"] = Names(record.CityName),
            };
        }

        if (record.Latitude.HasValue != record.Longitude.HasValue)
        {
            throw new ArgumentException(
                $"Set both {nameof(GeoRecord.Latitude)} and {nameof(GeoRecord.Longitude)}, or neither.", nameof(record));
        }

        if (record.Latitude is < -90 or > 90 || record.Longitude is < -180 or > 180 ||
            double.IsNaN(record.Latitude ?? 0) || double.IsNaN(record.Longitude ?? 0))
        {
            throw new ArgumentException(
                $"The location ({record.Latitude}, {record.Longitude}) is out of range: latitude must be within " +
                "-90..90 and longitude within -180..180.",
                nameof(record));
        }

        if (record.Latitude is not null || record.AccuracyRadius is not null || record.TimeZone is not null)
        {
            map["location"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["accuracy_radius"] = record.AccuracyRadius,
                ["latitude"] = record.Latitude,
                ["longitude"] = record.Longitude,
                ["time_zone"] = record.TimeZone,
            };
        }

        return map;
    }

    private static Dictionary<string, object?> Place(string isoCode, string? name, uint? geoNameId) =>
        new(StringComparer.Ordinal)
        {
            ["geoname_id"] = geoNameId,
            ["iso_code"] = isoCode,
            ["names"] = Names(name),
        };

    private static Dictionary<string, object?>? Names(string? english) =>
        english is null
            ? null
            : new Dictionary<string, object?>(StringComparer.Ordinal) { [MaxMindDatabaseWriterDefaults.Language] = english };
}
