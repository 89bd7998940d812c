using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ContentGate.MaxMind.WebService;

/// <summary>
/// The cache keys of web-service answers: an HMAC-SHA256, under a key derived from the app's secret, of the service,
/// a prefix length and the address masked to it. Whoever reads the cache sees neither an address nor a network, and
/// without the secret cannot test one against it.
/// </summary>
/// <remarks>
/// The service answers with the network its answer holds for (<c>traits.network</c>), but a lookup knows only the
/// address: so an answer is stored at one of a few fixed prefix lengths (the "levels"), the shortest that still lies
/// inside its network, and a lookup reads the key of each level at once. An answer for a /22 is stored for the reader's
/// /24, and every address of that /24 finds it; an answer without a network (not found) is stored for the address.
/// </remarks>
internal sealed class CacheKeys
{
    private static readonly byte[] IPv4Levels = [16, 20, 24, 27, 29, 32];
    private static readonly byte[] IPv6Levels = [32, 40, 48, 56, 64, 128];

    // Concurrent lookups of addresses this close share one call (see MaxMindWebServiceSource).
    private const int IPv4Neighbourhood = 24;
    private const int IPv6Neighbourhood = 48;

    private const byte AnswerPurpose = 1;
    private const byte CallPurpose = 2;

    private readonly byte[] _key;
    private readonly byte _service;

    public CacheKeys(byte[] secret, WebServiceKind service)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.ASCII.GetBytes(WebServiceDefaults.CacheKeyPrefix));
        _service = (byte)service;
    }

    /// <summary>The levels an address's answer may be stored at, shortest prefix first.</summary>
    public static ReadOnlySpan<byte> Levels(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetwork ? IPv4Levels : IPv6Levels;

    /// <summary>
    /// The level an answer for <paramref name="address"/> is stored at when the service says it holds for
    /// <paramref name="network"/>: the shortest level not shorter than the network's prefix (so every address of the
    /// level's block is inside it); the full address when the network is unknown or does not contain the address.
    /// </summary>
    public static int LevelFor(IPAddress address, IPNetwork? network)
    {
        var levels = Levels(address);
        if (network is { } n && n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address))
        {
            foreach (var level in levels)
            {
                if (level >= n.PrefixLength)
                {
                    return level;
                }
            }
        }

        return levels[^1];
    }

    /// <summary>The key an answer for the <paramref name="level"/>-bit block of <paramref name="address"/> is stored under.</summary>
    public string Answer(IPAddress address, int level) => Key(AnswerPurpose, address, level);

    /// <summary>
    /// The key concurrent lookups from one neighbourhood (/24, /48) share their call under. In this process only: never
    /// written to a cache.
    /// </summary>
    public string Neighbourhood(IPAddress address)
        => Key(CallPurpose, address, address.AddressFamily == AddressFamily.InterNetwork ? IPv4Neighbourhood : IPv6Neighbourhood);

    /// <summary>The key concurrent lookups of one address share their call under. In this process only.</summary>
    public string Single(IPAddress address) => Key(CallPurpose, address, Levels(address)[^1]);

    private string Key(byte purpose, IPAddress address, int prefixLength)
    {
        Span<byte> input = stackalloc byte[20];
        input[0] = purpose;
        input[1] = _service;
        input[2] = (byte)prefixLength;
        input[3] = address.AddressFamily == AddressFamily.InterNetwork ? (byte)4 : (byte)6;
        var bytes = input[4..];
        address.TryWriteBytes(bytes, out var written);
        bytes = bytes[..written];
        Mask(bytes, prefixLength);

        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..(4 + written)], hash);
        return WebServiceDefaults.CacheKeyPrefix + Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static void Mask(Span<byte> bytes, int prefixLength)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
    }
}
