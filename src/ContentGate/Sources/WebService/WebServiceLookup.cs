using System.Net;
using ContentGate.Regions;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;

namespace ContentGate.Sources.WebService;

/// <summary>
/// One call to MaxMind's web service through its <see cref="WebServiceClient"/>, mapped to a <see cref="Region"/>
/// exactly as the database source maps a record: only <c>country</c> counts (never <c>registered_country</c>), and
/// subdivisions become full ISO 3166-2 codes.
/// </summary>
internal sealed class WebServiceLookup : IDisposable
{
    private static readonly string[] Locales = ["en"];

    private readonly WebServiceClient _client;
    private readonly WebServiceKind _service;
    private readonly AsyncLocal<CancellationToken> _callToken = new();

    public WebServiceLookup(WebServiceSettings settings)
    {
        _service = settings.Service;
        var sockets = new SocketsHttpHandler
        {
            // Long-lived pooled connections, recycled so a DNS change of the service is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = settings.Timeout,
            AutomaticDecompression = DecompressionMethods.All,
        };

        // The client's own timeout is a backstop only: each call is cancelled at the configured timeout through
        // the handler. It is given a little more so that the call's token, not the client, reports the timeout.
        var backstop = (int)Math.Ceiling((settings.Timeout + TimeSpan.FromSeconds(1)).TotalMilliseconds);
        _client = new WebServiceClient(
            settings.AccountId,
            settings.LicenseKey,
            Locales,
            settings.Host,
            backstop,
            disableHttps: settings.UseHttp,
            httpMessageHandler: new CallCancellationHandler(_callToken, sockets));
    }

    /// <summary>
    /// Asks the service about <paramref name="address"/>. Returns the region, or <see langword="null"/> when the answer
    /// has no usable country. Throws what the client throws (<c>AddressNotFoundException</c> for an address the service
    /// does not know) and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<Region?> LookupAsync(IPAddress address, CancellationToken cancellationToken)
    {
        // Set here, inside an async method, the value flows into the HTTP handler of this call only.
        _callToken.Value = cancellationToken;
        return _service switch
        {
            WebServiceKind.Country => ToRegion(await WaitAsync(_client.CountryAsync(address), cancellationToken).ConfigureAwait(false)),
            WebServiceKind.Insights => ToRegion(await WaitAsync(_client.InsightsAsync(address), cancellationToken).ConfigureAwait(false)),
            _ => ToRegion(await WaitAsync(_client.CityAsync(address), cancellationToken).ConfigureAwait(false)),
        };
    }

    // The handler cancels the request itself; this also bounds the parts of the call it cannot reach (reading a slow
    // body), and observes a call given up on so its late failure is not reported as unobserved.
    private static async Task<T> WaitAsync<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    internal static Region? ToRegion(AbstractCountryResponse response)
    {
        if (!IsoCodes.TryNormalizeCountry(response.Country?.IsoCode, out var country))
        {
            return null;
        }

        string[]? codes = null;
        if (response is AbstractCityResponse { Subdivisions: { Count: > 0 } subdivisions })
        {
            codes = new string[subdivisions.Count];
            var count = 0;
            foreach (var subdivision in subdivisions)
            {
                if (IsoCodes.ComposeSubdivision(country, subdivision.IsoCode) is { } code)
                {
                    codes[count++] = code;
                }
            }

            codes = count == codes.Length ? codes : codes[..count];
        }

        return Region.FromTrusted(country, codes);
    }

    public void Dispose() => _client.Dispose();
}
