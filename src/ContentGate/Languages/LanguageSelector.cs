using System.Collections.Frozen;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Languages;

/// <summary>
/// Chooses the language of a text for a request: the request culture (ASP.NET Core request localization), then
/// <c>Accept-Language</c> in order of preference, then the language of the visitor's region, then the default.
/// The first candidate the text has a translation for wins.
/// </summary>
internal sealed class LanguageSelector(FrozenDictionary<string, string> byRegion)
{
    public static LanguageSelector Empty { get; } = new(FrozenDictionary<string, string>.Empty);

    public LocalizedText Choose(HttpContext context, Region region, LocalizedContent content)
    {
        if (!content.HasTranslations)
        {
            return content.Default;
        }

        if (context.Features.Get<IRequestCultureFeature>() is { } culture
            && content.TryGet(culture.RequestCulture.UICulture.Name, out var fromCulture))
        {
            return fromCulture;
        }

        if (FromAcceptLanguage(context.Request.Headers.AcceptLanguage, content) is { } fromHeader)
        {
            return fromHeader;
        }

        if (region.IsKnown)
        {
            // A subdivision's language (say, a region where another language is official) wins over the country's.
            foreach (var subdivision in region.SubdivisionCodes)
            {
                if (byRegion.TryGetValue(subdivision, out var language) && content.TryGet(language, out var text))
                {
                    return text;
                }
            }

            if (byRegion.TryGetValue(region.CountryCode, out var countryLanguage) && content.TryGet(countryLanguage, out var countryText))
            {
                return countryText;
            }
        }

        return content.Default;
    }

    private static LocalizedText? FromAcceptLanguage(Microsoft.Extensions.Primitives.StringValues header, LocalizedContent content)
    {
        if (header.Count == 0 || !StringWithQualityHeaderValue.TryParseList(header, out var values))
        {
            return null;
        }

        LocalizedText? best = null;
        var bestQuality = 0.0;
        foreach (var value in values)
        {
            var quality = value.Quality ?? 1.0;
            if (quality <= bestQuality || value.Value.Equals("*", StringComparison.Ordinal))
            {
                continue;
            }

            if (content.TryGet(value.Value.AsSpan(), out var text))
            {
                best = text;
                bestQuality = quality;
            }
        }

        return best;
    }
}
