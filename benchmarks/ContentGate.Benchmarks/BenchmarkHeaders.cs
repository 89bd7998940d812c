using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Benchmarks;

/// <summary>
/// Header storage as Kestrel keeps it for a connection: cleared between requests with its capacity kept, and
/// <c>Content-Length</c> held as a number (Kestrel's <c>HttpResponseHeaders</c> has a field for it), so setting
/// <see cref="ContentLength"/> formats no string. <see cref="HeaderDictionary"/> would allocate one per request.
/// </summary>
internal sealed class BenchmarkHeaders : IHeaderDictionary
{
    private readonly Dictionary<string, StringValues> _values = new(16, StringComparer.OrdinalIgnoreCase);
    private long? _contentLength;

    public long? ContentLength
    {
        get => _contentLength;
        set => _contentLength = value;
    }

    public StringValues this[string key]
    {
        get
        {
            if (IsContentLength(key))
            {
                return _contentLength is { } length ? length.ToString(CultureInfo.InvariantCulture) : StringValues.Empty;
            }

            return _values.TryGetValue(key, out var value) ? value : StringValues.Empty;
        }

        set
        {
            if (IsContentLength(key))
            {
                _contentLength = StringValues.IsNullOrEmpty(value) ? null : long.Parse(value.ToString(), CultureInfo.InvariantCulture);
            }
            else if (StringValues.IsNullOrEmpty(value))
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = value;
            }
        }
    }

    StringValues IDictionary<string, StringValues>.this[string key]
    {
        get => this[key];
        set => this[key] = value;
    }

    public ICollection<string> Keys => [.. this.Select(p => p.Key)];

    public ICollection<StringValues> Values => [.. this.Select(p => p.Value)];

    public int Count => _values.Count + (_contentLength.HasValue ? 1 : 0);

    public bool IsReadOnly => false;

    public void Add(string key, StringValues value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"The header {key} is already set.", nameof(key));
        }

        this[key] = value;
    }

    public void Add(KeyValuePair<string, StringValues> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        _values.Clear();
        _contentLength = null;
    }

    public bool Contains(KeyValuePair<string, StringValues> item) => TryGetValue(item.Key, out var value) && value.Equals(item.Value);

    public bool ContainsKey(string key) => IsContentLength(key) ? _contentLength.HasValue : _values.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, StringValues>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator()
    {
        if (_contentLength is { } length)
        {
            yield return new(HeaderNames.ContentLength, length.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var pair in _values)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Remove(string key)
    {
        if (IsContentLength(key))
        {
            var had = _contentLength.HasValue;
            _contentLength = null;
            return had;
        }

        return _values.Remove(key);
    }

    public bool Remove(KeyValuePair<string, StringValues> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value)
    {
        value = this[key];
        return ContainsKey(key);
    }

    private static bool IsContentLength(string key) => string.Equals(key, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase);
}
