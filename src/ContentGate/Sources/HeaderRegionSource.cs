using System.Net;
using ContentGate.Regions;
using ContentGate.Sources.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentGate.Sources;

/// <summary>
/// A CDN's or proxy's geolocation headers (Cloudflare, CloudFront, Fastly, Akamai, Vercel, Google Cloud, or any
/// configured header). The headers count only when the connection's peer — the remote address after the app's own
/// forwarded-headers handling — is inside the source's trusted networks: anyone can send them, only the CDN can send
/// them from its own addresses. The source never looks the client address up, so it answers for private peers too
/// (a CDN reaching the origin over a private network).
/// </summary>
internal sealed partial class HeaderRegionSource : RegionSource
{
    private const int LoggedValueLength = 8;

    private readonly TrustedNetworkList _trusted;
    private readonly RegionHeaderParser _parser;
    private ILogger? _logger;

    public HeaderRegionSource(string name, TrustedNetworkList trusted, RegionHeaderParser parser, ILogger? logger = null)
    {
        Name = name;
        _trusted = trusted;
        _parser = parser;
        _logger = logger;
    }

    public override string Name { get; }

    public override bool UsesClientAddress => false;

    public TrustedNetworkList TrustedNetworks => _trusted;

    public RegionHeaderParser Parser => _parser;

    /// <summary>
    /// Compiles one <c>ContentGate:Sources</c> entry of a header type, reporting every problem (with its key, value
    /// and fix) instead of the source. The logger is taken from the request's services on first use.
    /// </summary>
    public static RegionSource? TryCreate(RegionSourceType type, RegionSourceOptions options, string key, List<string> problems)
        => TryCreate(type, options, key, loggerFactory: null, problems);

    /// <summary>Compiles one header source entry, logging through the app's logger factory.</summary>
    public static RegionSource? TryCreate(RegionSourceType type, RegionSourceOptions options, string key, SourceServices services, List<string> problems)
        => TryCreate(type, options, key, services.LoggerFactory, problems);

    private static HeaderRegionSource? TryCreate(RegionSourceType type, RegionSourceOptions options, string key, ILoggerFactory? loggerFactory, List<string> problems)
    {
        var name = HeaderSourcePresets.NameOf(type);
        var trusted = TrustedNetworkList.Compile(options.TrustedNetworks, key, type.ToString(), problems);
        var parser = HeaderSourcePresets.TryCreateParser(type, options, key, problems);
        return trusted is null || parser is null
            ? null
            : new HeaderRegionSource(name, trusted, parser, loggerFactory?.CreateLogger<HeaderRegionSource>());
    }

    public override ValueTask<RegionAnswer> LookupAsync(RegionQuery query, CancellationToken cancellationToken)
        => new(Lookup(query.Context, query.ClientAddress));

    /// <summary>Answers synchronously: a trust check, then a parse of the headers the request already holds.</summary>
    public RegionAnswer Lookup(HttpContext context, IPAddress? peer)
    {
        var headers = context.Request.Headers;
        if (!_trusted.Contains(peer))
        {
            var logger = LoggerFor(context);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.Untrusted(logger, Name, headers.ContainsKey(_parser.CountryHeader));
            }

            return RegionAnswer.NoAnswer(RegionUnknownReason.NotFound, "untrusted");
        }

        var reading = _parser.Read(headers);
        switch (reading.Verdict)
        {
            case HeaderVerdict.Found:
                return RegionAnswer.Found(reading.Region!, _parser.VaryHeader);

            case HeaderVerdict.Tor:
                // No country can be known for a Tor exit, so it is answered like an unknown location (each policy's
                // fail mode applies) but counted apart, so a site can see how many readers come through Tor.
                Log.Tor(LoggerFor(context), Name);
                return RegionAnswer.NoAnswerFromProxy(RegionUnknownReason.NotFound, "tor");

            case HeaderVerdict.Invalid:
                var logger = LoggerFor(context);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Invalid(logger, Name, reading.Header, Shorten(reading.Value), reading.Value?.Length ?? 0);
                }

                return RegionAnswer.NoAnswerFromProxy(RegionUnknownReason.NotFound, "invalid");

            default:
                Log.NotFound(LoggerFor(context), Name, _parser.CountryHeader);
                return RegionAnswer.NoAnswerFromProxy(RegionUnknownReason.NotFound, "not_found");
        }
    }

    /// <summary>
    /// The first few characters of a value for a Debug log, anything but letters, digits and a little punctuation
    /// replaced: values may be forged, so the log neither carries much of them nor lets them forge log lines.
    /// </summary>
    internal static string Shorten(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var length = Math.Min(value.Length, LoggedValueLength);
        return string.Create(length + (value.Length > length ? 1 : 0), value, static (span, value) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (i == LoggedValueLength)
                {
                    span[i] = '…';
                    break;
                }

                var c = value[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or ',' or ' ' or '*' or '?' ? c : '?';
            }
        });
    }

    /// <summary>
    /// The logger, from the app's services on first use when none was given at compile time (the logger factory is a
    /// singleton, so the first request's is every request's).
    /// </summary>
    private ILogger LoggerFor(HttpContext context)
    {
        if (_logger is { } logger)
        {
            return logger;
        }

        if (context.RequestServices?.GetService<ILoggerFactory>() is { } factory)
        {
            return _logger = factory.CreateLogger<HeaderRegionSource>();
        }

        return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Debug, "Ignored the '{Source}' headers: the connection's peer is not in the source's TrustedNetworks (country header present: {HeaderPresent}).", EventName = "RegionHeaderUntrusted")]
        public static partial void Untrusted(ILogger logger, string source, bool headerPresent);

        [LoggerMessage(41, LogLevel.Debug, "Ignored the '{Source}' header {Header}: '{Value}' ({Length} characters) is not a valid code.", EventName = "RegionHeaderInvalid")]
        public static partial void Invalid(ILogger logger, string source, string? header, string value, int length);

        [LoggerMessage(42, LogLevel.Debug, "The '{Source}' headers name no country ({Header} absent, empty or unknown).", EventName = "RegionHeaderNotFound")]
        public static partial void NotFound(ILogger logger, string source, string header);

        [LoggerMessage(43, LogLevel.Debug, "The '{Source}' headers say the visitor comes through Tor; the region is unknown.", EventName = "RegionHeaderTor")]
        public static partial void Tor(ILogger logger, string source);
    }
}
