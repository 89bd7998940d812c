using System.Net;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Sources;

/// <summary>What a region source gets to work with.</summary>
/// <param name="Context">The request (headers, services).</param>
/// <param name="ClientAddress">
/// The connection's remote address after the app's forwarded-headers handling, IPv4-mapped IPv6 normalized to IPv4;
/// <see langword="null"/> when the connection has none. A source that <see cref="IRegionSource.UsesClientAddress"/> is
/// only ever asked with a public address here. Never keep, log or count it.
/// </param>
public readonly record struct RegionQuery(HttpContext Context, IPAddress? ClientAddress);
