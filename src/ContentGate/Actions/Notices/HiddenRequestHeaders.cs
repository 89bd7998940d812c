using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ContentGate.Actions.Notices;

/// <summary>
/// The request headers a reader who must see a notice is answered without, for the part of the pipeline after
/// ContentGate only: <c>If-None-Match</c>, <c>If-Modified-Since</c>, <c>Range</c>, <c>If-Range</c> and
/// <c>Accept-Encoding</c>. The app must produce a full, unencoded page ContentGate can rewrite; the middleware before
/// ContentGate — an outer <c>UseResponseCompression</c> above all, which reads <c>Accept-Encoding</c> when the
/// rewritten page reaches it — must see the request as the reader sent it.
/// </summary>
/// <remarks>
/// The headers live on the one request object every middleware shares, so "for the part after ContentGate" means
/// "from the moment ContentGate hands the request on until the response is decided": <see cref="Hide"/> before
/// calling the next middleware, <see cref="Restore"/> when the first byte, flush or start of the response reaches
/// ContentGate's body (everything after ContentGate has made its choices by then) and, at the latest, when the request
/// leaves ContentGate.
/// </remarks>
internal struct HiddenRequestHeaders
{
    private static readonly string[] Names =
    [
        Microsoft.Net.Http.Headers.HeaderNames.IfNoneMatch,
        Microsoft.Net.Http.Headers.HeaderNames.IfModifiedSince,
        Microsoft.Net.Http.Headers.HeaderNames.Range,
        Microsoft.Net.Http.Headers.HeaderNames.IfRange,
        Microsoft.Net.Http.Headers.HeaderNames.AcceptEncoding,
    ];

    // The values taken, by the index of their name; only the headers the request had are put back.
    private StringValues _ifNoneMatch;
    private StringValues _ifModifiedSince;
    private StringValues _range;
    private StringValues _ifRange;
    private StringValues _acceptEncoding;
    private int _taken;
    private IHeaderDictionary? _headers;

    /// <summary>Gets a value indicating whether the headers are hidden now.</summary>
    public readonly bool IsHiding => _headers is not null;

    /// <summary>Removes the headers from <paramref name="headers"/>, remembering their values. Does nothing if already hiding.</summary>
    /// <param name="headers">The request headers.</param>
    public void Hide(IHeaderDictionary headers)
    {
        if (_headers is not null)
        {
            return;
        }

        _headers = headers;
        _taken = 0;
        _ifNoneMatch = Take(headers, 0, ref _taken);
        _ifModifiedSince = Take(headers, 1, ref _taken);
        _range = Take(headers, 2, ref _taken);
        _ifRange = Take(headers, 3, ref _taken);
        _acceptEncoding = Take(headers, 4, ref _taken);
    }

    /// <summary>Puts the headers the request had back, as they were. Safe to call more than once.</summary>
    public void Restore()
    {
        if (_headers is not { } headers)
        {
            return;
        }

        Put(headers, 0, _ifNoneMatch);
        Put(headers, 1, _ifModifiedSince);
        Put(headers, 2, _range);
        Put(headers, 3, _ifRange);
        Put(headers, 4, _acceptEncoding);
        this = default;
    }

    private readonly void Put(IHeaderDictionary headers, int index, StringValues value)
    {
        if ((_taken & (1 << index)) != 0)
        {
            headers[Names[index]] = value;
        }
    }

    private static StringValues Take(IHeaderDictionary headers, int index, ref int taken)
    {
        var name = Names[index];
        if (!headers.TryGetValue(name, out var value))
        {
            return StringValues.Empty;
        }

        headers.Remove(name);
        taken |= 1 << index;
        return value;
    }
}
