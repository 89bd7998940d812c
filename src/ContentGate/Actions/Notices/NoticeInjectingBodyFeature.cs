using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Response body that inserts notices into a page while it streams through — right after the real
/// <c>&lt;body …&gt;</c> start tag, right after a <c>&lt;!-- contentgate:notice --&gt;</c> marker comment, right before
/// the real <c>&lt;/body</c> end tag (see <see cref="NoticePlacements"/>) — and marks region-dependent HTML responses
/// for caches. It never buffers the body: the memory it uses does not grow with the response, and at most
/// <see cref="HoldBackLimit"/> bytes are ever held back.
/// </summary>
/// <remarks>
/// <para>
/// It is created by <see cref="CoveredResponseBody"/> when a response turns out to be a page notices go into, and
/// takes every write, flush and completion from it from then on; <see cref="NoticeRunner"/> installs the covered body in
/// place of the server's feature, calls <see cref="CoveredResponseBody.FinishAsync"/> (which calls
/// <see cref="FinishAsync"/> here) when the rest of the pipeline succeeded, restores the server's feature, and reports
/// <see cref="Outcome"/> and <see cref="InsertedPlacements"/>.
/// </para>
/// <para>
/// <see cref="FinishAsync"/> is called only when the rest of the pipeline succeeded. It pushes out
/// what the app left in <see cref="Writer"/>, makes the decision if nothing was written (so an empty 200 page
/// still gets the cache rules), writes what is still due at the end of a page that has no <c>&lt;/body</c> end tag
/// (before the bytes held back, and only where the page ends in its body's HTML content), and settles
/// <see cref="Outcome"/>. It does not complete the server's response:
/// the server does that when the pipeline returns, as usual. When the pipeline throws, it is skipped and the server's
/// feature restored; whatever error handling runs further out then writes to the server directly.
/// </para>
/// <para>
/// The decision is taken once, at the first of: any write (every <see cref="Stream"/> write method,
/// <see cref="Stream.WriteByte"/> included), a flush, <see cref="StartAsync"/>, <see cref="SendFileAsync"/>,
/// the first flush of <see cref="Writer"/>, or completion. The response headers have not been sent at that
/// point, because nothing reaches the server before it. Headers that the app sets later, for example in an
/// <c>OnStarting</c> callback, are not seen. See <see cref="NoticeEligibility.TryChooseEncoding(HttpContext, out NoticeEncoding, out ContentCoding, out NoticeOutcome)"/> for the
/// rules and <see cref="NoticeResponseHeaders.Apply"/> for the header changes.
/// </para>
/// <para>
/// The hold-back: a write that ends with the start of a token that may yet have notices go before it keeps those bytes
/// (at most <see cref="HoldBackLimit"/>) until a later write shows whether they do, or <see cref="FinishAsync"/> ends the
/// page: before the body, the start of a tag or character reference that may open it (<c>&lt;p</c>, <c>&amp;#x2</c>; the body
/// start content then goes before them), and while the body end tag is looked for (there is content for before it or
/// for the marker, whose content falls back there), what may be the start of <c>&lt;/body</c> — <c>&lt;</c>,
/// <c>&lt;/</c> … <c>&lt;/body</c>, any case. A flush flushes everything else: those few bytes stay behind across it, which
/// only shows when a page streams in parts and flushes right after one of them. Once every place is filled, or none can
/// be any more, writes go straight through again, unscanned.
/// </para>
/// <para>
/// <see cref="Writer"/> is a <see cref="PipeWriter"/> over this stream, so bytes written to it but not flushed
/// are behind bytes written to <see cref="Stream"/> later; apps that mix both without flushing in between
/// (unusual) see them reordered, as with response compression. Synchronous writes go to the server's
/// synchronous methods, which throw unless synchronous IO is allowed; nothing here blocks on async work.
/// Disposing this stream leaves the server's stream alone (it belongs to the server) and frees the decoder and encoder
/// of a page that arrived encoded, without completing the encoded data.
/// </para>
/// <para>
/// A page that arrived in one coding ContentGate can decode (gzip, deflate, br) is decoded as it is written, rewritten
/// as above, and encoded again for the reader (see <see cref="ContentCodings.ChooseForReader"/>): fixed buffers, so the
/// memory is the same whatever the page inflates to. Corrupt data aborts the response (see
/// <see cref="NoticeOutcome.CorruptEncoding"/>).
/// </para>
/// </remarks>
internal sealed partial class NoticeInjectingBodyFeature : WriteOnlyResponseStream, IHttpResponseBodyFeature
{
    /// <summary>
    /// The most bytes held back at a time: what the scanner may leave pending, the start of a tag or of a character
    /// reference whose next bytes decide whether content goes before it (<c>&lt;/body</c>, or content that opens the
    /// body of a page without a body start tag).
    /// </summary>
    public const int HoldBackLimit = BodyTagScanner.MaxPendingLength;

    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly NoticeInjection _injection;

    // Where the page's bytes go: the server's stream, or for a page that arrived encoded and goes out encoded, a
    // ContentEncoderStream over it (see NoticeInjectingBodyFeature.Decoding.cs).
    private Stream _innerStream;

    // Null when not rewriting, and again once every place has been filled: writes then pass straight through.
    private BodyTagScanner? _scanner;

    // Set once the decision is taken and nothing is (or is any longer) to be inserted: every write then goes to
    // the inner stream as it is, after this one check. Never cleared.
    private bool _passThrough;

    // Which form of the notices fits the page, chosen at the decision.
    private NoticeEncoding _encoding;

    // The last _heldCount bytes of the document so far, which may start "</body" and have not been passed on.
    // Allocated the first time bytes are held, HoldBackLimit long, and kept for the rest of the response.
    private byte[]? _held;
    private int _heldCount;

    private PipeWriter? _pipeWriter;
    private NoticeOutcome _outcome;
    private NoticePlacements _inserted;
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
    /// <see cref="NoticeOutcome.Scanning"/> while the page is rewritten and nothing has been inserted yet,
    /// <see cref="NoticeOutcome.Injected"/> as soon as anything has been (later places may still be pending), and
    /// final after <see cref="FinishAsync"/>.
    /// </summary>
    public NoticeOutcome Outcome => _outcome;

    /// <summary>
    /// Gets the places filled so far (final after <see cref="FinishAsync"/>): any of
    /// <see cref="NoticePlacements.AfterBodyStart"/>, <see cref="NoticePlacements.BeforeBodyEnd"/> and
    /// <see cref="NoticePlacements.AtMarker"/>, qualified by <see cref="NoticePlacements.MarkerFallback"/> and
    /// <see cref="NoticePlacements.AppendedAtEnd"/>. A place whose content is empty is never reported.
    /// </summary>
    public NoticePlacements InsertedPlacements => _inserted;

    /// <inheritdoc/>
    public override bool CanWrite => _innerStream.CanWrite;

    /// <summary>Gets this stream: the response body as a <see cref="System.IO.Stream"/>.</summary>
    public Stream Stream => this;

    /// <summary>
    /// Gets the response body as a <see cref="PipeWriter"/>: an adapter over this stream, created on first use
    /// and completed by <see cref="FinishAsync"/>.
    /// </summary>
    public PipeWriter Writer => _pipeWriter ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>
    /// Ends the rewriting after the rest of the pipeline returned successfully: completes <see cref="Writer"/>
    /// (writing what it still buffers), decides if nothing was written yet, and, when the page had a body start
    /// tag but no <c>&lt;/body</c> end tag, writes the bytes held back and then the content still due (the marker
    /// fallback, then the before-body-end content) after the last byte. Settles <see cref="Outcome"/>
    /// (<see cref="NoticeOutcome.Scanning"/> becomes <see cref="NoticeOutcome.NoBodyTag"/>) and
    /// <see cref="InsertedPlacements"/>. Does not complete the inner feature. Safe to call more than once.
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
        _passThrough = true;
        if (_decoder is { IsComplete: false })
        {
            Corrupt();
        }

        if (_corrupt)
        {
            _scanner = null;
            return;
        }

        if (_scanner is { } scanner)
        {
            // The scanner says what goes at the end: before the bytes still held when they are the start of a tag or
            // reference that the end of the document leaves unfinished; nothing where the page ends inside a comment,
            // a tag, raw text and the like.
            _scanner = null;
            var places = scanner.Finish(out var beforeEnd);
            await WriteRangeAsync(ReadOnlyMemory<byte>.Empty, -_heldCount, -beforeEnd, CancellationToken.None).ConfigureAwait(false);
            if ((places & NoticePlacements.AfterBodyStart) != 0)
            {
                var (start, _) = Fill(NoticePlacements.AfterBodyStart, NoticePlacements.None);
                await WriteNoticeAsync(start, CancellationToken.None).ConfigureAwait(false);
            }

            if ((places & NoticePlacements.BeforeBodyEnd) != 0)
            {
                var (first, second) = Fill(NoticePlacements.BeforeBodyEnd, NoticePlacements.AppendedAtEnd);
                await WriteNoticeAsync(first, CancellationToken.None).ConfigureAwait(false);
                await WriteNoticeAsync(second, CancellationToken.None).ConfigureAwait(false);
            }

            await WriteRangeAsync(ReadOnlyMemory<byte>.Empty, -beforeEnd, 0, CancellationToken.None).ConfigureAwait(false);
            _heldCount = 0;
        }

        if (_encoder is not null)
        {
            await _encoder.CompleteAsync().ConfigureAwait(false);
        }

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
    /// Sends a file. While places remain to be filled, the file is read and streamed through this body so the
    /// notices can be inserted; otherwise the server's own (possibly zero-copy) implementation is used.
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
        if (_scanner is not null || _decoder is not null)
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

    /// <summary>Decides if needed and flushes everything written so far, except bytes held back (see the remarks on the class).</summary>
    public override void Flush()
    {
        EnsureDecided();
        if (!_corrupt)
        {
            _innerStream.Flush();
        }
    }

    /// <summary>Decides if needed and flushes everything written so far, except bytes held back (see the remarks on the class).</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the inner stream has flushed.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureDecided();
        return _corrupt ? Task.CompletedTask : _innerStream.FlushAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_passThrough)
        {
            EnsureDecided();
        }

        if (_decoder is not null)
        {
            Decode(buffer);
        }
        else
        {
            WritePage(buffer);
        }
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_passThrough)
        {
            EnsureDecided();
        }

        return _decoder is null ? WritePageAsync(buffer, cancellationToken) : DecodeAsync(buffer, cancellationToken);
    }

    // The page's own bytes (decoded, when it arrived encoded).
    private void WritePage(ReadOnlySpan<byte> buffer)
    {
        if (_passThrough)
        {
            _innerStream.Write(buffer);
            return;
        }

        EnsureDecided();
        if (_scanner is null || buffer.IsEmpty)
        {
            // An empty write changes nothing here, but may start the response at the server: pass it on.
            _innerStream.Write(buffer);
            return;
        }

        // Positions are relative to `buffer`; negative ones are in the bytes held back from earlier writes.
        var written = -_heldCount;
        var scanned = 0;
        int end;
        while ((end = _scanner.Scan(buffer[scanned..], out var found)) >= 0)
        {
            scanned += end;
            var at = scanned - _scanner.BytesBeforePlace;
            WriteRange(buffer, written, at);
            written = at;
            var (first, second) = Fill(found, NoticePlacements.None);
            WriteNotice(first.Span);
            WriteNotice(second.Span);
            if (_scanner.IsFinished)
            {
                break;
            }
        }

        if (_scanner.IsFinished)
        {
            // Everything was found, or nothing can be: the rest goes straight through.
            _scanner = null;
            _passThrough = true;
            WriteRange(buffer, written, buffer.Length);
            _heldCount = 0;
            return;
        }

        var holdFrom = buffer.Length - _scanner.PendingLength;
        WriteRange(buffer, written, holdFrom);
        Hold(buffer, holdFrom);
    }

    private ValueTask WritePageAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_passThrough)
        {
            return _innerStream.WriteAsync(buffer, cancellationToken);
        }

        EnsureDecided();
        if (_scanner is null || buffer.IsEmpty)
        {
            // An empty write changes nothing here, but may start the response at the server: pass it on.
            return _innerStream.WriteAsync(buffer, cancellationToken);
        }

        var end = _scanner.Scan(buffer.Span, out var found);
        return end >= 0 || _scanner.IsFinished
            ? WriteScanningAsync(buffer, end, found, cancellationToken) // a place found (at most three times per response), or the end of the scan
            : PassOnAsync(buffer, buffer.Length - _scanner.PendingLength, cancellationToken);
    }
}
