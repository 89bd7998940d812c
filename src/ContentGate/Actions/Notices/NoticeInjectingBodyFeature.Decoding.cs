using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContentGate.Actions.Notices;

/// <summary>
/// A page that arrived encoded: its bytes are decoded as they come (<see cref="ContentDecoder"/>), the decoded page goes
/// through the same writes as a plain one, and those go to the reader encoded again (<see cref="ContentEncoderStream"/>)
/// or plain.
/// </summary>
internal sealed partial class NoticeInjectingBodyFeature
{
    // Set at the decision when the page arrived in a coding ContentGate decodes.
    private ContentDecoder? _decoder;

    // Set with the decoder when the reader gets the page encoded; _innerStream is then this.
    private ContentEncoderStream? _encoder;

    // The origin's data could not be decoded: the response was aborted, and everything after is dropped.
    private bool _corrupt;

    /// <summary>Frees the decoder and encoder of a page that arrived encoded (the encoded data is not completed).</summary>
    /// <param name="disposing">Whether called from <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder?.Dispose();
            _encoder?.Dispose();
        }

        base.Dispose(disposing);
    }

    // Called at the decision, before anything is sent: the headers say what the reader gets.
    private void StartDecoding(ContentCoding coding)
    {
        var headers = _context.Response.Headers;
        var output = ContentCodings.ChooseForReader(_context.Request.Headers.AcceptEncoding, coding);
        if (output == ContentCoding.Identity)
        {
            headers.Remove(HeaderNames.ContentEncoding);
        }
        else
        {
            headers.ContentEncoding = ContentCodings.HeaderValue(output);
            _encoder = new ContentEncoderStream(_innerStream, output);
            _innerStream = _encoder;
        }

        // What the reader gets now depends on what it accepts, whatever the origin said.
        if (!ContainsToken(headers.Vary, HeaderNames.AcceptEncoding))
        {
            headers.Vary = StringValues.Concat(headers.Vary, HeaderNames.AcceptEncoding);
        }

        _decoder = new ContentDecoder(coding);
    }

    private void Decode(ReadOnlySpan<byte> encoded)
    {
        if (_corrupt)
        {
            return;
        }

        if (encoded.IsEmpty)
        {
            // As for a plain page: an empty write may start the response at the server.
            _inner.Stream.Write(encoded);
            return;
        }

        var decoder = _decoder!;
        while (!encoded.IsEmpty)
        {
            encoded = encoded[decoder.Feed(encoded)..];
            while (TryDecode(decoder, out var decoded))
            {
                WritePage(decoded.Span);
            }

            if (_corrupt)
            {
                return;
            }
        }
    }

    // Without an async method while the writes complete at once (see PassOnAsync).
    private ValueTask DecodeAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        if (_corrupt)
        {
            return ValueTask.CompletedTask;
        }

        if (encoded.IsEmpty)
        {
            return _inner.Stream.WriteAsync(encoded, cancellationToken);
        }

        var decoder = _decoder!;
        while (!encoded.IsEmpty)
        {
            encoded = encoded[decoder.Feed(encoded.Span)..];
            while (TryDecode(decoder, out var decoded))
            {
                var write = WritePageAsync(decoded, cancellationToken);
                if (!write.IsCompletedSuccessfully)
                {
                    return DecodeAfterAsync(write, decoder, encoded, cancellationToken);
                }

                write.GetAwaiter().GetResult();
            }

            if (_corrupt)
            {
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask DecodeAfterAsync(ValueTask pending, ContentDecoder decoder, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        await pending.ConfigureAwait(false); // before the decoder reuses the buffer it wrote
        while (true)
        {
            while (TryDecode(decoder, out var decoded))
            {
                await WritePageAsync(decoded, cancellationToken).ConfigureAwait(false);
            }

            if (_corrupt || encoded.IsEmpty)
            {
                return;
            }

            encoded = encoded[decoder.Feed(encoded.Span)..];
        }
    }

    private bool TryDecode(ContentDecoder decoder, out ReadOnlyMemory<byte> decoded)
    {
        try
        {
            return decoder.TryDecode(out decoded);
        }
        catch (InvalidDataException)
        {
            decoded = default;
            Corrupt();
            return false;
        }
    }

    // The origin's bytes were broken, and the reader would have got a page its browser cannot decode. What was sent
    // cannot be taken back, and finishing the response would make a cut page look whole (to the reader and to any
    // cache on the way), so the response is aborted: the reader sees a failed load, as a browser does with bad data.
    private void Corrupt()
    {
        _corrupt = true;
        _outcome = NoticeOutcome.CorruptEncoding;
        _context.Abort();
    }

    private static bool ContainsToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            var remaining = value.AsSpan();
            foreach (var range in remaining.Split(','))
            {
                var item = remaining[range].Trim();
                if (item.Equals(token, StringComparison.OrdinalIgnoreCase) || item.SequenceEqual("*"))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
