using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Actions.Notices;

/// <summary>
/// The response body of a request that a notice policy covers. It takes the decision
/// <see cref="NoticeInjectingBodyFeature"/> takes, at the same moment (the first write of any kind, flush,
/// <see cref="StartAsync"/>, <see cref="SendFileAsync"/>, flush of <see cref="Writer"/>, or <see cref="FinishAsync"/>),
/// and only then pays for what the response needs: an HTML page a notice goes into is handed to a
/// <see cref="NoticeInjectingBodyFeature"/> created at that point; an HTML page for a visitor who sees no notice only
/// gets the cache rules (<see cref="NoticeResponseHeaders.Apply"/>); anything else (JSON, CSS, images, HEAD, errors)
/// passes straight through. So a non-HTML response, and any response for a visitor who sees no notice, costs
/// ContentGate no allocation here.
/// </summary>
/// <remarks>
/// <para>
/// Same contract as <see cref="NoticeInjectingBodyFeature"/>: install it in place of the server's feature, call
/// <see cref="FinishAsync"/> when the rest of the pipeline succeeded, restore the server's feature in a
/// <c>finally</c>, then read <see cref="Outcome"/> and <see cref="InsertedPlacements"/>.
/// </para>
/// <para>
/// Instances are reused through <see cref="Pool"/>, but only for the same server feature they wrapped before:
/// Kestrel keeps one response body per connection (HTTP/1.1) or per pooled stream (HTTP/2 and 3) and reuses it for
/// the next request, so a stale reference to this body reaches exactly what a stale reference to the server's own
/// body would reach. Between requests the body refuses writes (<see cref="ObjectDisposedException"/>).
/// </para>
/// </remarks>
internal sealed class CoveredResponseBody : WriteOnlyResponseStream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private HttpContext? _context;
    private NoticeInjection? _injection;
    private Stream _innerStream = Null;

    // Where everything goes once decided: the server's stream, or the injecting feature.
    private Stream _target = Null;
    private NoticeInjectingBodyFeature? _injecting;
    private PipeWriter? _pipeWriter;
    private NoticeOutcome _outcome;
    private HiddenRequestHeaders _hidden;
    private bool _private;
    private bool _finished;
    private bool _innerCompleted;

    private CoveredResponseBody(IHttpResponseBodyFeature inner)
    {
        _inner = inner;
    }

    /// <summary>
    /// Gets what happened to the response: as <see cref="NoticeInjectingBodyFeature.Outcome"/> for a visitor who must
    /// see notices; <see cref="NoticeOutcome.EmptyNotice"/> for an HTML page that only got the cache rules.
    /// </summary>
    public NoticeOutcome Outcome => _injecting?.Outcome ?? _outcome;

    /// <summary>Gets the places filled (see <see cref="NoticeInjectingBodyFeature.InsertedPlacements"/>).</summary>
    public NoticePlacements InsertedPlacements => _injecting?.InsertedPlacements ?? NoticePlacements.None;

    /// <inheritdoc/>
    public override bool CanWrite => _innerStream.CanWrite;

    /// <summary>Gets this stream.</summary>
    public Stream Stream => this;

    /// <summary>Gets the response body as a <see cref="PipeWriter"/>: an adapter over this stream, created on first use and completed by <see cref="FinishAsync"/>.</summary>
    public PipeWriter Writer => _pipeWriter ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    // Where writes go; decides first if needed.
    private Stream Target
    {
        get
        {
            if (_outcome == NoticeOutcome.Undecided)
            {
                ChooseTarget();
            }

            return _target;
        }
    }

    /// <summary>
    /// Ends the response after the rest of the pipeline returned successfully: completes <see cref="Writer"/>, decides
    /// if nothing was written, and lets the injecting feature, if any, finish the page. Safe to call more than once.
    /// </summary>
    /// <returns>A task that completes when buffered bytes have been written.</returns>
    public Task FinishAsync()
    {
        if (_finished)
        {
            return Task.CompletedTask;
        }

        _finished = true;
        if (_pipeWriter is not null)
        {
            return CompleteWriterThenFinishAsync(_pipeWriter);
        }

        if (_outcome == NoticeOutcome.Undecided)
        {
            ChooseTarget();
        }

        return _injecting?.FinishAsync() ?? Task.CompletedTask;
    }

    /// <summary>Gets what goes into the page: the injection given to the pool, or the last <see cref="TryRetarget"/>.</summary>
    public NoticeInjection? Injection => _injection;

    /// <summary>
    /// Hides the request headers a reader who must see a notice is answered without (see <see cref="HiddenRequestHeaders"/>)
    /// from the rest of the pipeline, until the response is decided or the request is over. Call before the next
    /// middleware runs.
    /// </summary>
    public void HideRequestHeaders()
    {
        if (_context is { } context)
        {
            _hidden.Hide(context.Request.Headers);
        }
    }

    /// <summary>
    /// Changes what goes into the page, for a decision taken after the body was installed (routing picked an endpoint
    /// that names or skips policies). Only possible while nothing of the response has been decided.
    /// </summary>
    /// <param name="injection">The new injection: notices, the cache rules only, or <see cref="NoticeInjection.Nothing"/>.</param>
    /// <returns><see langword="false"/> when the response was already decided, so the change came too late.</returns>
    public bool TryRetarget(NoticeInjection injection)
    {
        if (_outcome != NoticeOutcome.Undecided || _context is null)
        {
            return false;
        }

        _injection = injection;
        return true;
    }

    /// <summary>
    /// Makes the response <c>Cache-Control: private</c> when it is decided, whatever its type, before its first byte
    /// reaches the middleware in front: a response cache there decides whether to store a response when its first byte
    /// arrives, before the server's <c>OnStarting</c> callbacks run.
    /// </summary>
    public void MakePrivateWhenDecided() => _private = true;

    /// <summary>Puts hidden request headers back (see <see cref="HideRequestHeaders"/>) at once.</summary>
    public void RestoreRequestHeaders() => _hidden.Restore();

    /// <inheritdoc/>
    public void DisableBuffering() => _inner.DisableBuffering();

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _ = Target;
        return _injecting?.StartAsync(cancellationToken) ?? _inner.StartAsync(cancellationToken);
    }

    /// <summary>Sends a file: through the injecting feature when notices go into the page, otherwise the server's own way.</summary>
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

        _ = Target;
        if (_injecting is not null)
        {
            await _injecting.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finishes (see <see cref="FinishAsync"/>) and completes the server's response.</summary>
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
    public override void Flush() => Target.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => Target.Write(buffer);

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Target.WriteAsync(buffer, cancellationToken);


    private async Task CompleteWriterThenFinishAsync(PipeWriter writer)
    {
        await writer.CompleteAsync().ConfigureAwait(false);
        if (_outcome == NoticeOutcome.Undecided)
        {
            ChooseTarget();
        }

        if (_injecting is not null)
        {
            await _injecting.FinishAsync().ConfigureAwait(false);
        }
    }

    // The checks and their order are NoticeInjectingBodyFeature's; when notices go in, it takes the same decision
    // again at the call forwarded to it right after this one, on the same headers.
    private void ChooseTarget()
    {
        var context = _context ?? throw new ObjectDisposedException(nameof(CoveredResponseBody), "The request this response body belonged to has ended.");
        _target = _innerStream;

        // Everything after ContentGate has chosen how to answer by now; what comes next reaches the middleware before
        // it, which must see the request as the reader sent it (an outer compressor reads Accept-Encoding now).
        _hidden.Restore();
        if (_private && !context.Response.HasStarted && Caching.SharedCacheRules.TryMakePrivate(context.Response.Headers.CacheControl, out var cacheControl))
        {
            context.Response.Headers.CacheControl = cacheControl;
        }

        if (!NoticeEligibility.TryChooseEncoding(context, out _, out var passThroughReason))
        {
            _outcome = passThroughReason;

            // The page could not carry a notice (encoded, a byte range, an unusable charset), but a reader elsewhere
            // gets it with one: this answer depends on the region as much as a rewritten one.
            if (!context.Response.HasStarted && NoticeEligibility.IsUnrewrittenPage(context, passThroughReason))
            {
                NoticeResponseHeaders.Apply(context.Response.Headers, injecting: false, _injection!.CdnCacheKeyIncludesRegion);
            }
        }
        else if (context.Response.HasStarted)
        {
            // Something wrote around this feature; the headers are gone and can no longer be made right.
            _outcome = NoticeOutcome.ResponseStarted;
        }
        else if (_injection!.IsEmpty)
        {
            NoticeResponseHeaders.Apply(context.Response.Headers, injecting: false, _injection.CdnCacheKeyIncludesRegion);
            _outcome = NoticeOutcome.EmptyNotice;
        }
        else
        {
            _injecting = new NoticeInjectingBodyFeature(context, _inner, _injection);
            _target = _injecting;
            _outcome = NoticeOutcome.Scanning;
        }
    }

    private void Begin(HttpContext context, NoticeInjection injection)
    {
        _context = context;
        _injection = injection;
        _innerStream = _inner.Stream;
        _target = Null;
        _injecting = null;
        _pipeWriter = null;
        _outcome = NoticeOutcome.Undecided;
        _hidden = default;
        _private = false;
        _finished = false;
        _innerCompleted = false;
    }

    private void End()
    {
        // Back to refusing writes until the next request on the same server body.
        _hidden.Restore();
        _injecting?.Dispose(); // a page that arrived encoded: its decoder and encoder (never completed here)
        _context = null;
        _injection = null;
        _innerStream = Null;
        _target = Null;
        _injecting = null;
        _pipeWriter = null;
        _outcome = NoticeOutcome.Undecided;
    }

    /// <summary>
    /// Idle bodies kept for reuse, each for the server feature it wrapped, in a small direct-mapped table: taking one
    /// is an atomic exchange, a server feature seen for the first time (or whose slot another took) gets a new body.
    /// </summary>
    internal sealed class Pool
    {
        private const int Slots = 256; // a power of two
        private readonly CoveredResponseBody?[] _idle = new CoveredResponseBody?[Slots];

        /// <summary>Returns a body over <paramref name="inner"/> for one request.</summary>
        /// <param name="context">The request.</param>
        /// <param name="inner">The server's response body feature.</param>
        /// <param name="injection">What goes into the page; empty for a visitor who sees no notice.</param>
        /// <returns>The body to install; give it back with <see cref="Return"/> when the request is done with it.</returns>
        public CoveredResponseBody Rent(HttpContext context, IHttpResponseBodyFeature inner, NoticeInjection injection)
        {
            ref var slot = ref _idle[SlotOf(inner)];
            var body = Interlocked.Exchange(ref slot, null);
            if (body is null || !ReferenceEquals(body._inner, inner))
            {
                if (body is not null)
                {
                    // Another server feature's body: leave it for that one, unless the slot was taken meanwhile.
                    Interlocked.CompareExchange(ref slot, body, null);
                }

                body = new CoveredResponseBody(inner);
            }

            body.Begin(context, injection);
            return body;
        }

        /// <summary>Takes a body back after its request; the caller must not use it again.</summary>
        /// <param name="body">A body from <see cref="Rent"/>.</param>
        public void Return(CoveredResponseBody body)
        {
            body.End();
            Volatile.Write(ref _idle[SlotOf(body._inner)], body);
        }

        private static int SlotOf(IHttpResponseBodyFeature inner) => RuntimeHelpers.GetHashCode(inner) & (Slots - 1);
    }
}
