using System.IO.Compression;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Puts a rewritten page back into a content coding for the reader, as it is written: gzip or brotli at the fastest
/// level (as <c>UseResponseCompression</c> does by default), over the server's response stream. A flush flushes the
/// compressor, so whatever was written so far reaches the reader decodable; <see cref="CompleteAsync"/> ends the data.
/// </summary>
/// <remarks>
/// The compressor writes through <see cref="Sink"/>, never to the server's stream directly, so that a response abandoned
/// before <see cref="CompleteAsync"/> (the pipeline threw, or the origin's data was corrupt) frees the compressor without
/// writing the end of the data to a response that must not look complete.
/// </remarks>
internal sealed class ContentEncoderStream : WriteOnlyResponseStream
{
    private readonly Sink _sink;
    private readonly Stream _compressor;
    private bool _completed;

    /// <summary>Initializes a new instance of the <see cref="ContentEncoderStream"/> class.</summary>
    /// <param name="destination">The server's response stream; left open.</param>
    /// <param name="coding"><see cref="ContentCoding.Gzip"/> or <see cref="ContentCoding.Brotli"/>.</param>
    public ContentEncoderStream(Stream destination, ContentCoding coding)
    {
        _sink = new Sink(destination);
        _compressor = coding switch
        {
            ContentCoding.Gzip => new GZipStream(_sink, CompressionLevel.Fastest, leaveOpen: true),
            ContentCoding.Brotli => new BrotliStream(_sink, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Only gzip and br are written."),
        };
    }

    /// <inheritdoc/>
    public override bool CanWrite => !_completed;

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => _compressor.Write(buffer);

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _compressor.WriteAsync(buffer, cancellationToken);

    /// <summary>Flushes the compressor (gzip's sync flush, brotli's flush operation), then the server's stream.</summary>
    public override void Flush() => _compressor.Flush();

    /// <summary>Flushes the compressor, then the server's stream.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the server's stream has flushed.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken) => _compressor.FlushAsync(cancellationToken);

    /// <summary>Writes the end of the compressed data. Safe to call more than once.</summary>
    /// <returns>A task that completes when the last bytes are written.</returns>
    public async Task CompleteAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await _compressor.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Frees the compressor; if the data was not completed, nothing more reaches the server.</summary>
    /// <param name="disposing">Whether called from <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_completed)
            {
                _completed = true;
                _sink.Discard();
            }

            _compressor.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Where the compressor writes: the server's stream, until <see cref="Discard"/>.</summary>
    private sealed class Sink(Stream destination) : WriteOnlyResponseStream
    {
        private Stream _destination = destination;

        public override bool CanWrite => true;

        public void Discard() => _destination = Null;

        public override void Write(ReadOnlySpan<byte> buffer) => _destination.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _destination.WriteAsync(buffer, cancellationToken);

        public override void Flush() => _destination.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _destination.FlushAsync(cancellationToken);
    }
}
