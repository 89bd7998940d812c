using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Notices;

/// <summary>
/// Response body that inserts a notice right after the page's real <c>&lt;body …&gt;</c> start tag while the
/// page streams through it, and marks region-dependent HTML responses for caches. It never holds body bytes:
/// the memory it uses does not grow with the response.
/// </summary>
/// <remarks>
/// <para>Contract for the middleware that installs it (the same shape as ASP.NET Core's response
/// compression):</para>
/// <code>
/// var original = context.Features.GetRequiredFeature&lt;IHttpResponseBodyFeature&gt;();
/// var body = new NoticeInjectingBodyFeature(context, original, injection);
/// context.Features.Set&lt;IHttpResponseBodyFeature&gt;(body);
/// try
/// {
///     await next(context);
///     await body.FinishAsync();
/// }
/// finally
/// {
///     context.Features.Set(original);
/// }
/// // body.Outcome now says what happened (log it).
/// </code>
/// <para>
/// <see cref="FinishAsync"/> is called only when the rest of the pipeline succeeded. It pushes out
/// what the app left in <see cref="Writer"/>, makes the decision if nothing was written (so an empty 200 page
/// still gets the cache rules) and settles <see cref="Outcome"/>. It does not complete the server's response:
/// the server does that when the pipeline returns, as usual. When the pipeline throws, skip it and just restore
/// the original feature; whatever error handling runs further out then writes to the server directly.
/// </para>
/// <para>
/// The decision is taken once, at the first of: any write (every <see cref="Stream"/> write method,
/// <see cref="Stream.WriteByte"/> included), a flush, <see cref="StartAsync"/>, <see cref="SendFileAsync"/>,
/// the first flush of <see cref="Writer"/>, or completion. The response headers have not been sent at that
/// point, because nothing reaches the server before it. Headers that the app sets later, for example in an
/// <c>OnStarting</c> callback, are not seen. See <see cref="NoticeEligibility.TryChooseEncoding"/> for the
/// rules and <see cref="NoticeResponseHeaders.Apply"/> for the header changes.
/// </para>
/// <para>
/// <see cref="Writer"/> is a <see cref="PipeWriter"/> over this stream, so bytes written to it but not flushed
/// are behind bytes written to <see cref="Stream"/> later; apps that mix both without flushing in between
/// (unusual) see them reordered, as with response compression. Synchronous writes go to the server's
/// synchronous methods, which throw unless synchronous IO is allowed; nothing here blocks on async work.
/// Disposing this stream leaves the server's stream alone; it belongs to the server.
/// </para>
/// </remarks>
internal sealed class NoticeInjectingBodyFeature : Stream, IHttpResponseBodyFeature
{
    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly Stream _innerStream;
    private readonly NoticeInjection _injection;

    private BodyTagScanner? _scanner;
    private ReadOnlyMemory<byte> _notice;
    private PipeWriter? _pipeWriter;
    private NoticeOutcome _outcome;
    private bool _finished;
    private bool _innerCompleted;

    /// <summary>Initializes a new instance of the <see cref="NoticeInjectingBodyFeature"/> class.</summary>
    /// <param name="context">The request whose response this body writes.</param>
    /// <param name="inner">The response body feature to write to; restore it when the pipeline returns.</param>
    /// <param name="injection">What to insert and how to mark caches.</param>
    public NoticeInjectingBodyFeature(HttpContext context, IHttpResponseBodyFeature inner, NoticeInjection injection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(injection);

        _context = context;
        _inner = inner;
        _innerStream = inner.Stream;
        _injection = injection;
    }

    /// <summary>
    /// Gets what happened to the response so far: <see cref="NoticeOutcome.Undecided"/> until the decision,
    /// <see cref="NoticeOutcome.Scanning"/> while the body tag is being looked for, and final after
    /// <see cref="FinishAsync"/>.
    /// </summary>
    public NoticeOutcome Outcome => _outcome;

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => _innerStream.CanWrite;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Gets this stream: the response body as a <see cref="System.IO.Stream"/>.</summary>
    public Stream Stream => this;

    /// <summary>
    /// Gets the response body as a <see cref="PipeWriter"/>: an adapter over this stream, created on first use
    /// and completed by <see cref="FinishAsync"/>.
    /// </summary>
    public PipeWriter Writer => _pipeWriter ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>
    /// Ends the rewriting after the rest of the pipeline returned successfully: completes <see cref="Writer"/>
    /// (writing what it still buffers), decides if nothing was written yet, and settles <see cref="Outcome"/>
    /// (<see cref="NoticeOutcome.Scanning"/> becomes <see cref="NoticeOutcome.NoBodyTag"/>). Does not complete
    /// the inner feature. Safe to call more than once.
    /// </summary>
    /// <returns>A task that completes when buffered bytes have been written.</returns>
    public async Task FinishAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_pipeWriter is not null)
        {
            await _pipeWriter.CompleteAsync().ConfigureAwait(false);
        }

        EnsureDecided();
        if (_outcome == NoticeOutcome.Scanning)
        {
            _outcome = NoticeOutcome.NoBodyTag;
        }
    }

    /// <inheritdoc/>
    public void DisableBuffering() => _inner.DisableBuffering();

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureDecided();
        return _inner.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a file. When the page is being rewritten, the file is read and streamed through this body so the
    /// notice can be inserted; otherwise the server's own (possibly zero-copy) implementation is used.
    /// </summary>
    /// <param name="path">The full path of the file.</param>
    /// <param name="offset">Where in the file to start.</param>
    /// <param name="count">How many bytes to send, or <see langword="null"/> for the rest of the file.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the file has been sent.</returns>
    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        // Bytes the app left in the adapter go first, as they would have without this feature.
        if (_pipeWriter is not null && !_finished)
        {
            await _pipeWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        EnsureDecided();
        if (_outcome == NoticeOutcome.Scanning)
        {
            await SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finishes the rewriting (see <see cref="FinishAsync"/>) and completes the inner response.</summary>
    /// <returns>A task that completes when the response is complete.</returns>
    public async Task CompleteAsync()
    {
        if (_innerCompleted)
        {
            return;
        }

        _innerCompleted = true;
        await FinishAsync().ConfigureAwait(false);
        await _inner.CompleteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        EnsureDecided();
        _innerStream.Flush();
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureDecided();
        return _innerStream.FlushAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var insertAt = Scan(buffer);
        if (insertAt < 0)
        {
            _innerStream.Write(buffer);
            return;
        }

        _innerStream.Write(buffer[..insertAt]);
        _innerStream.Write(_notice.Span);
        _outcome = NoticeOutcome.Injected;
        if (insertAt < buffer.Length)
        {
            _innerStream.Write(buffer[insertAt..]);
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var insertAt = Scan(buffer.Span);
        return insertAt < 0
            ? _innerStream.WriteAsync(buffer, cancellationToken)
            : WriteInjectingAsync(buffer, insertAt, cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc/>
    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    // Decides if needed, then returns where in `buffer` the notice goes, or -1 to pass it through whole.
    // After the insertion (or when not rewriting) this is a couple of field reads: no scanning, no copying.
    private int Scan(ReadOnlySpan<byte> buffer)
    {
        EnsureDecided();
        return _outcome == NoticeOutcome.Scanning ? _scanner!.Scan(buffer) : -1;
    }

    private async ValueTask WriteInjectingAsync(ReadOnlyMemory<byte> buffer, int insertAt, CancellationToken cancellationToken)
    {
        await _innerStream.WriteAsync(buffer[..insertAt], cancellationToken).ConfigureAwait(false);
        await _innerStream.WriteAsync(_notice, cancellationToken).ConfigureAwait(false);
        _outcome = NoticeOutcome.Injected;
        if (insertAt < buffer.Length)
        {
            await _innerStream.WriteAsync(buffer[insertAt..], cancellationToken).ConfigureAwait(false);
        }
    }

    private void EnsureDecided()
    {
        if (_outcome == NoticeOutcome.Undecided)
        {
            _outcome = Decide();
        }
    }

    private NoticeOutcome Decide()
    {
        if (!NoticeEligibility.TryChooseEncoding(_context, out var encoding, out var passThroughReason))
        {
            return passThroughReason;
        }

        if (_context.Response.HasStarted)
        {
            // Something wrote around this feature; the headers are gone and can no longer be made right.
            return NoticeOutcome.ResponseStarted;
        }

        NoticeResponseHeaders.Apply(_context.Response.Headers, injecting: !_injection.IsEmpty, _injection.KeepSharedCacheable);
        if (_injection.IsEmpty)
        {
            return NoticeOutcome.EmptyNotice;
        }

        _notice = encoding == NoticeEncoding.Utf8 ? _injection.Utf8 : _injection.Ascii;
        _scanner = new BodyTagScanner();
        return NoticeOutcome.Scanning;
    }
}
