using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Actions.Notices;

/// <summary>Where the bytes go: scanned and passed on, held back, or with the notices written in between.</summary>
internal sealed partial class NoticeInjectingBodyFeature
{
    // The usual write while scanning, where nothing was found in `buffer`: writes the held bytes that are no longer
    // pending, then `buffer` up to `holdFrom`, and holds the rest. Without an async method (whose state machine is
    // allocated on every call in Debug builds) unless the write of held bytes is still pending; the caller's buffer
    // goes on as it is.
    private ValueTask PassOnAsync(ReadOnlyMemory<byte> buffer, int holdFrom, CancellationToken cancellationToken)
    {
        var released = _heldCount + Math.Min(holdFrom, 0);
        if (released > 0)
        {
            var write = _innerStream.WriteAsync(_held.AsMemory(0, released), cancellationToken);
            if (!write.IsCompletedSuccessfully)
            {
                return PassOnAfterAsync(write, buffer, holdFrom, cancellationToken);
            }

            write.GetAwaiter().GetResult();
        }

        Hold(buffer.Span, holdFrom);
        return holdFrom > 0 ? _innerStream.WriteAsync(buffer[..holdFrom], cancellationToken) : ValueTask.CompletedTask;
    }

    private async ValueTask PassOnAfterAsync(ValueTask releasing, ReadOnlyMemory<byte> buffer, int holdFrom, CancellationToken cancellationToken)
    {
        await releasing.ConfigureAwait(false); // before Hold reuses the bytes it writes
        Hold(buffer.Span, holdFrom);
        if (holdFrom > 0)
        {
            await _innerStream.WriteAsync(buffer[..holdFrom], cancellationToken).ConfigureAwait(false);
        }
    }

    // The async twin of Write(ReadOnlySpan<byte>), entered with the result of the first Scan of `buffer`.
    private async ValueTask WriteScanningAsync(ReadOnlyMemory<byte> buffer, int end, NoticePlacements found, CancellationToken cancellationToken)
    {
        var written = -_heldCount;
        var scanned = 0;
        while (end >= 0)
        {
            scanned += end;
            var at = scanned - _scanner!.BytesBeforePlace;
            await WriteRangeAsync(buffer, written, at, cancellationToken).ConfigureAwait(false);
            written = at;
            var (first, second) = Fill(found, NoticePlacements.None);
            await WriteNoticeAsync(first, cancellationToken).ConfigureAwait(false);
            await WriteNoticeAsync(second, cancellationToken).ConfigureAwait(false);
            if (_scanner!.IsFinished)
            {
                break;
            }

            end = _scanner.Scan(buffer.Span[scanned..], out found);
        }

        if (_scanner!.IsFinished)
        {
            // Everything was found, or nothing can be: the rest goes straight through.
            _scanner = null;
            _passThrough = true;
            await WriteRangeAsync(buffer, written, buffer.Length, cancellationToken).ConfigureAwait(false);
            _heldCount = 0;
            return;
        }

        var holdFrom = buffer.Length - _scanner!.PendingLength;
        await WriteRangeAsync(buffer, written, holdFrom, cancellationToken).ConfigureAwait(false);
        Hold(buffer.Span, holdFrom);
    }

    // Writes the document bytes from `from` to `to` (positions relative to `buffer`, negative ones in the bytes
    // held back, which stay where they are until Hold).
    private void WriteRange(ReadOnlySpan<byte> buffer, int from, int to)
    {
        if (from < 0)
        {
            var heldTo = Math.Min(to, 0);
            if (heldTo > from)
            {
                _innerStream.Write(_held.AsSpan(_heldCount + from, heldTo - from));
            }

            from = 0;
        }

        if (to > from)
        {
            _innerStream.Write(buffer[from..to]);
        }
    }

    private async ValueTask WriteRangeAsync(ReadOnlyMemory<byte> buffer, int from, int to, CancellationToken cancellationToken)
    {
        if (from < 0)
        {
            var heldTo = Math.Min(to, 0);
            if (heldTo > from)
            {
                await _innerStream.WriteAsync(_held.AsMemory(_heldCount + from, heldTo - from), cancellationToken).ConfigureAwait(false);
            }

            from = 0;
        }

        if (to > from)
        {
            await _innerStream.WriteAsync(buffer[from..to], cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteNotice(ReadOnlySpan<byte> notice)
    {
        if (!notice.IsEmpty)
        {
            _innerStream.Write(notice);
        }
    }

    private ValueTask WriteNoticeAsync(ReadOnlyMemory<byte> notice, CancellationToken cancellationToken) =>
        notice.IsEmpty ? ValueTask.CompletedTask : _innerStream.WriteAsync(notice, cancellationToken);

    // Keeps the document bytes from `from` (relative to `buffer`, negative ones in the bytes held back) to the end
    // of `buffer`, after everything before them has been written. The scanner bounds them by HoldBackLimit.
    private void Hold(ReadOnlySpan<byte> buffer, int from)
    {
        var count = 0;
        if (from < 0)
        {
            count = -from;
            _held.AsSpan(_heldCount + from, count).CopyTo(_held); // overlapping copies are safe
            from = 0;
        }

        if (from < buffer.Length)
        {
            _held ??= new byte[HoldBackLimit]; // fixed: the scanner never leaves more pending
            buffer[from..].CopyTo(_held.AsSpan(count));
        }

        _heldCount = count + buffer.Length - from;
        Debug.Assert(_heldCount <= HoldBackLimit, "The scanner never leaves more than </body pending.");
    }

    // Records that the content for the place the scanner found (or, with AppendedAtEnd, the end of a document
    // without </body) is being written, and returns it: up to two parts, in order, either possibly empty.
    private (ReadOnlyMemory<byte> First, ReadOnlyMemory<byte> Second) Fill(NoticePlacements found, NoticePlacements qualifier)
    {
        switch (found)
        {
            case NoticePlacements.AfterBodyStart:
                return (Record(NoticePlacements.AfterBodyStart, Content(NoticePlacements.AfterBodyStart)), default);
            case NoticePlacements.AtMarker:
                return (Record(NoticePlacements.AtMarker, Content(NoticePlacements.AtMarker)), default);
            default:
                // The body end tag, or the end of the document: the marker never came, so its content goes here,
                // first; the scanner stops looking for it at </body.
                var marker = (_inserted & NoticePlacements.AtMarker) == 0
                    ? Record(NoticePlacements.AtMarker | NoticePlacements.MarkerFallback | qualifier, Content(NoticePlacements.AtMarker))
                    : default;
                return (marker, Record(NoticePlacements.BeforeBodyEnd | qualifier, Content(NoticePlacements.BeforeBodyEnd)));
        }
    }

    private ReadOnlyMemory<byte> Content(NoticePlacements placement) => _injection.GetBytes(placement, _encoding);

    private ReadOnlyMemory<byte> Record(NoticePlacements placement, ReadOnlyMemory<byte> content)
    {
        if (!content.IsEmpty)
        {
            _inserted |= placement;
            _outcome = NoticeOutcome.Injected;
        }

        return content;
    }

    private void EnsureDecided()
    {
        if (_outcome == NoticeOutcome.Undecided)
        {
            _outcome = ChooseOutcome();
            _passThrough = _scanner is null;
        }
    }

    private NoticeOutcome ChooseOutcome()
    {
        if (!NoticeEligibility.TryChooseEncoding(_context, out var encoding, out var coding, out var passThroughReason))
        {
            return passThroughReason;
        }

        if (_context.Response.HasStarted)
        {
            // Something wrote around this feature; the headers are gone and can no longer be made right.
            return NoticeOutcome.ResponseStarted;
        }

        NoticeResponseHeaders.Apply(_context.Response.Headers, injecting: !_injection.IsEmpty, _injection.CdnCacheKeyIncludesRegion);
        if (_injection.IsEmpty)
        {
            return NoticeOutcome.EmptyNotice;
        }

        _encoding = encoding;
        if (coding != ContentCoding.Identity)
        {
            StartDecoding(coding);
        }

        _scanner = new BodyTagScanner(_injection.Placements & (NoticePlacements.BeforeBodyEnd | NoticePlacements.AtMarker));
        return NoticeOutcome.Scanning;
    }
}
