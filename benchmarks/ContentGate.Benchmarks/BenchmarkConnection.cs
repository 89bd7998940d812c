using System.Collections;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Benchmarks;

/// <summary>
/// The server side of one keep-alive connection, shaped like Kestrel's <c>HttpProtocol</c>: it is itself the
/// request, response, response-body, connection, request-lifetime and request-identifier feature, keeps the features set during a request in a list that
/// <see cref="Reset"/> clears (the capacity stays), reuses its header dictionaries and its <c>OnStarting</c> stack, and
/// runs the <c>OnStarting</c> callbacks when the response starts (first write, flush, <c>StartAsync</c>, or the end of
/// the request). The body counts bytes and keeps nothing: the socket at zero cost.
/// </summary>
/// <remarks>
/// What Kestrel really reuses between requests on a connection (<c>HttpProtocol.Reset</c>,
/// <c>ResetFeatureCollection</c>, <c>HostingApplication.CreateContext</c> with <c>IHostContextContainer</c>): the
/// feature collection (known features in fields, other features in a list that is cleared), the
/// <c>DefaultHttpContext</c> (<c>Initialize</c>/<c>Uninitialize</c>), the header dictionaries, the
/// <c>OnStarting</c>/<c>OnCompleted</c> stacks and the body streams. What it does not reuse is created per request
/// here as well: features that <c>DefaultHttpContext</c> creates lazily (request services, query, items).
/// </remarks>
internal sealed class BenchmarkConnection :
    IFeatureCollection,
    IHttpRequestFeature,
    IHttpResponseFeature,
    IHttpResponseBodyFeature,
    IHttpConnectionFeature,
    IHttpRequestLifetimeFeature,
    IHttpRequestIdentifierFeature
{
    private readonly List<KeyValuePair<Type, object>> _extra = new(8);
    private readonly Stack<KeyValuePair<Func<object, Task>, object>> _onStarting = new();
    private readonly BodyStream _body;
    private object? _request;
    private object? _response;
    private object? _responseBody;
    private object? _connection;
    private object? _lifetime;
    private object? _identifier;
    private PipeWriter? _writer;
    private int _revision;

    public BenchmarkConnection()
    {
        _body = new BodyStream(this);
        Reset();
    }

    public long BytesWritten { get; private set; }

    public int Revision => _revision;

    public bool IsReadOnly => false;

    public object? this[Type key]
    {
        get
        {
            if (key == typeof(IHttpRequestFeature))
            {
                return _request;
            }

            if (key == typeof(IHttpResponseFeature))
            {
                return _response;
            }

            if (key == typeof(IHttpResponseBodyFeature))
            {
                return _responseBody;
            }

            if (key == typeof(IHttpConnectionFeature))
            {
                return _connection;
            }

            if (key == typeof(IHttpRequestLifetimeFeature))
            {
                return _lifetime;
            }

            if (key == typeof(IHttpRequestIdentifierFeature))
            {
                return _identifier;
            }

            foreach (var pair in _extra)
            {
                if (pair.Key == key)
                {
                    return pair.Value;
                }
            }

            return null;
        }

        set
        {
            _revision++;
            if (key == typeof(IHttpRequestFeature))
            {
                _request = value;
            }
            else if (key == typeof(IHttpResponseFeature))
            {
                _response = value;
            }
            else if (key == typeof(IHttpResponseBodyFeature))
            {
                _responseBody = value;
            }
            else if (key == typeof(IHttpConnectionFeature))
            {
                _connection = value;
            }
            else if (key == typeof(IHttpRequestLifetimeFeature))
            {
                _lifetime = value;
            }
            else if (key == typeof(IHttpRequestIdentifierFeature))
            {
                _identifier = value;
            }
            else
            {
                SetExtra(key, value);
            }
        }
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        foreach (var key in new[] { typeof(IHttpRequestFeature), typeof(IHttpResponseFeature), typeof(IHttpResponseBodyFeature), typeof(IHttpConnectionFeature), typeof(IHttpRequestLifetimeFeature), typeof(IHttpRequestIdentifierFeature) })
        {
            if (this[key] is { } value)
            {
                yield return new(key, value);
            }
        }

        foreach (var pair in _extra)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Gets the connection ready for the next request, as <c>HttpProtocol.Reset</c> does.</summary>
    public void Reset()
    {
        _request = this;
        _response = this;
        _responseBody = this;
        _connection = this;
        _lifetime = this;
        _identifier = this;
        _extra.Clear();
        _revision++;
        _onStarting.Clear();
        _writer = null;
        RequestHeaders.Clear();
        ResponseHeaders.Clear();
        StatusCode = StatusCodes.Status200OK;
        ReasonPhrase = null;
        HasStarted = false;
        BytesWritten = 0;
        Method = HttpMethods.Get;
        Scheme = "https";
        PathBase = string.Empty;
        Path = "/";
        QueryString = string.Empty;
        RawTarget = "/";
    }

    /// <summary>Ends the request as the server does when the application returns: starts the response if nothing did.</summary>
    public Task EndAsync() => HasStarted ? Task.CompletedTask : StartAsync();

    private void SetExtra(Type key, object? value)
    {
        for (var i = 0; i < _extra.Count; i++)
        {
            if (_extra[i].Key == key)
            {
                if (value is null)
                {
                    _extra.RemoveAt(i);
                }
                else
                {
                    _extra[i] = new(key, value);
                }

                return;
            }
        }

        if (value is not null)
        {
            _extra.Add(new(key, value));
        }
    }

    // IHttpRequestFeature
    public string Protocol { get; set; } = HttpProtocol.Http11;

    public string Scheme { get; set; } = "https";

    public string Method { get; set; } = HttpMethods.Get;

    public string PathBase { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public string QueryString { get; set; } = string.Empty;

    public string RawTarget { get; set; } = "/";

    public IHeaderDictionary RequestHeaders { get; } = new BenchmarkHeaders();

    IHeaderDictionary IHttpRequestFeature.Headers
    {
        get => RequestHeaders;
        set => throw new NotSupportedException();
    }

    Stream IHttpRequestFeature.Body
    {
        get => Stream.Null;
        set => throw new NotSupportedException();
    }

    // IHttpResponseFeature
    public int StatusCode { get; set; }

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary ResponseHeaders { get; } = new BenchmarkHeaders();

    IHeaderDictionary IHttpResponseFeature.Headers
    {
        get => ResponseHeaders;
        set => throw new NotSupportedException();
    }

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    Stream IHttpResponseFeature.Body
    {
        get => _body;
        set => throw new NotSupportedException();
    }

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException("OnStarting cannot be set because the response has already started.");
        }

        _onStarting.Push(new(callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state)
    {
        // Nothing in these benchmarks registers one; Kestrel would keep it in a reused stack like OnStarting.
    }

    // IHttpResponseBodyFeature
    public Stream Stream => _body;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return Task.CompletedTask;
        }

        // As Kestrel's FireOnStarting: last registered first, then the headers are committed.
        while (_onStarting.TryPop(out var entry))
        {
            var pending = entry.Key(entry.Value);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
            }
        }

        HasStarted = true;
        return Task.CompletedTask;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => EndAsync();

    // IHttpConnectionFeature
    public string ConnectionId { get; set; } = "benchmark";

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; } = IPAddress.Loopback;

    public int RemotePort { get; set; } = 50000;

    public int LocalPort { get; set; } = 443;

    // IHttpRequestLifetimeFeature: nothing aborts these requests.
    public CancellationToken RequestAborted { get; set; }

    public void Abort()
    {
    }

    // IHttpRequestIdentifierFeature
    public string TraceIdentifier { get; set; } = "benchmark:00000001";

    private sealed class BodyStream(BenchmarkConnection connection) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            connection.StartAsync().GetAwaiter().GetResult();
            connection.BytesWritten += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() => connection.StartAsync().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => connection.StartAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
