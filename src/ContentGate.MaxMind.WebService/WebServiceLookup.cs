using System.Net;
using ContentGate.Regions;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace ContentGate.MaxMind.WebService;

/// <summary>
/// Calls MaxMind's web service through its <see cref="WebServiceClient"/>, over an HTTP pipeline of
/// Microsoft.Extensions.Http.Resilience: a circuit breaker around a timeout, so a slow call is cancelled at
/// <c>Timeout</c> and, once the breaker is open, a call is refused without I/O. Answers map to a <see cref="Region"/>
/// exactly as the database source maps a record: only <c>country</c> counts (never <c>registered_country</c>), and
/// subdivisions become full ISO 3166-2 codes.
/// </summary>
internal sealed class WebServiceLookup : IDisposable
{
    private readonly WebServiceClient _client;
    private readonly WebServiceKind _service;

    /// <param name="settings">The source's settings.</param>
    /// <param name="time">The clock the breaker and the timeout run on.</param>
    /// <param name="breaker">What the breaker reports, and the callbacks it calls on each transition.</param>
    public WebServiceLookup(WebServiceSettings settings, TimeProvider time, HttpCircuitBreakerStrategyOptions breaker)
    {
        _service = settings.Service;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(breaker)
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.Timeout })
            .Build();
        var sockets = new SocketsHttpHandler
        {
            // Long-lived pooled connections, recycled so a DNS change of the service is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = settings.Timeout,
            AutomaticDecompression = DecompressionMethods.All,
        };
#pragma warning disable CA2000 // The client owns the handlers and disposes them with itself.
        var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = sockets });
#pragma warning restore CA2000

        // The client's own timeout is a backstop only: the pipeline's timeout cancels each call first.
        var backstop = (int)Math.Ceiling((settings.Timeout + TimeSpan.FromSeconds(1)).TotalMilliseconds);
        _client = new WebServiceClient(http, Options.Create(new WebServiceClientOptions
        {
            AccountId = settings.AccountId,
            LicenseKey = settings.LicenseKey,
            Host = settings.Host,
            DisableHttps = settings.UseHttp,
            Timeout = backstop,
            Locales = ["en"],
        }));
    }

    /// <summary>
    /// The circuit breaker of the calls: opens after <c>BreakerFailures</c> failed calls (timeouts, 5xx, 408, 429, and
    /// 401/402/403, which no retry fixes) with none succeeding within the sampling window.
    /// </summary>
    public static HttpCircuitBreakerStrategyOptions Breaker(WebServiceSettings settings) => new()
    {
        FailureRatio = 1.0,
        MinimumThroughput = settings.BreakerFailures,
        SamplingDuration = WebServiceDefaults.BreakerSamplingDuration,
        BreakDuration = settings.BreakerDuration,
        ShouldHandle = static args => ValueTask.FromResult(
            HttpClientResiliencePredicates.IsTransient(args.Outcome)
            || args.Outcome.Result?.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden),
    };

    /// <summary>
    /// Asks the service about <paramref name="address"/>: the region (<see langword="null"/> when the answer has no
    /// usable country) and the network the answer holds for. Throws what the client and the pipeline throw
    /// (<c>AddressNotFoundException</c>, <see cref="BrokenCircuitException"/>, <c>TimeoutRejectedException</c>, …).
    /// </summary>
    public async Task<(Region? Region, IPNetwork? Network)> LookupAsync(IPAddress address)
    {
        AbstractCountryResponse response = _service switch
        {
            WebServiceKind.Country => await _client.CountryAsync(address).ConfigureAwait(false),
            WebServiceKind.Insights => await _client.InsightsAsync(address).ConfigureAwait(false),
            _ => await _client.CityAsync(address).ConfigureAwait(false),
        };
        var network = response.Traits?.Network is { } n && IPNetwork.TryParse($"{n.NetworkAddress}/{n.PrefixLength}", out var parsed) ? parsed : (IPNetwork?)null;
        return (ToRegion(response), network);
    }

    internal static Region? ToRegion(AbstractCountryResponse response)
    {
        var country = response.Country?.IsoCode;
        if (!Region.TryCreate(country, null, out var countryOnly))
        {
            return null;
        }

        if (response is not AbstractCityResponse { Subdivisions: { Count: > 0 } subdivisions })
        {
            return response.Traits?.AutonomousSystemNumber is { } asn && asn is >= 1 and <= uint.MaxValue ? countryOnly.WithAutonomousSystem(asn) : countryOnly;
        }

        // MaxMind gives subdivisions without the country ("43" in UA); a code that is not valid is left out.
        var codes = new List<string>(subdivisions.Count);
        foreach (var subdivision in subdivisions)
        {
            var code = $"{countryOnly.CountryCode}-{subdivision.IsoCode}";
            if (subdivision.IsoCode is not null && Region.TryCreate(countryOnly.CountryCode, [code], out _))
            {
                codes.Add(code);
            }
        }

        var place = codes.Count > 0 && Region.TryCreate(countryOnly.CountryCode, codes, out var region) ? region : countryOnly;

        // City Plus and Insights name the network's autonomous system; Country does not.
        return response.Traits?.AutonomousSystemNumber is { } number && number is >= 1 and <= uint.MaxValue ? place.WithAutonomousSystem(number) : place;
    }

    public void Dispose() => _client.Dispose();
}
