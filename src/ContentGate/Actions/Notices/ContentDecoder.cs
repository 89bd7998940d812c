using System.Buffers;
using System.IO.Compression;

namespace ContentGate.Actions.Notices;

/// <summary>
/// Takes a page out of its content coding as it is written, in fixed-size pieces: <see cref="Feed"/> hands it the next
/// encoded bytes, <see cref="TryDecode"/> gives back what they decode to, one buffer at a time, until it needs more.
/// Two pooled buffers of <see cref="BufferSize"/> bytes and the decompressor's own state are all it keeps, whatever the
/// page inflates to.
/// </summary>
/// <remarks>
/// <para>
/// Brotli is decoded with <see cref="BrotliDecoder"/>. The framework has no span-based decoder for gzip and deflate, so
/// <see cref="GZipStream"/>, <see cref="ZLibStream"/> or <see cref="DeflateStream"/> read from <see cref="InputFeed"/>, a
/// stream over the bytes fed so far that reports "nothing more" once they are read: the decompressor then returns what
/// it has and keeps its state for the next bytes (its strict mode, which would call that a truncated stream, is off by
/// default and never turned on here).
/// </para>
/// <para>
/// Corrupt data throws <see cref="InvalidDataException"/> from <see cref="TryDecode"/>. Bytes after the end of the
/// compressed data are ignored, as browsers ignore them. Whether the data stopped short can be told for brotli only
/// (<see cref="IsComplete"/>): the framework's zlib streams do not say whether they reached the end.
/// </para>
/// </remarks>
internal sealed class ContentDecoder : IDisposable
{
    /// <summary>The size of each of the two buffers: encoded bytes taken at a time, decoded bytes given at a time.</summary>
    public const int BufferSize = 16 * 1024;

    private readonly ContentCoding _coding;
    private readonly InputFeed _feed = new();
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(BufferSize);
    private byte[]? _output = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _inputStart;
    private int _inputEnd;

    // gzip and deflate: created with the coding (deflate once its first two bytes say zlib or raw).
    private Stream? _zlib;

    // br: initialized on first use.
    private BrotliDecoder _brotli;
    private bool _brotliDone;
    private bool _fed;

    /// <summary>Initializes a new instance of the <see cref="ContentDecoder"/> class.</summary>
    /// <param name="coding">The page's coding; not <see cref="ContentCoding.Identity"/>.</param>
    public ContentDecoder(ContentCoding coding)
    {
        if (coding == ContentCoding.Identity)
        {
            throw new ArgumentOutOfRangeException(nameof(coding), coding, "Nothing to decode.");
        }

        _coding = coding;
        if (coding == ContentCoding.Gzip)
        {
            _zlib = new GZipStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        }
    }

    /// <summary>
    /// Gets a value indicating whether the encoded bytes so far end where the coding may end: no bytes at all, a brotli
    /// stream that reached its end, or any gzip or deflate data (which cannot be told).
    /// </summary>
    public bool IsComplete => !_fed || _coding != ContentCoding.Brotli || _brotliDone;

    /// <summary>
    /// Takes the next encoded bytes, as many as fit in the buffer, once <see cref="TryDecode"/> has returned
    /// <see langword="false"/> (everything fed before is decoded; what is left after the end of the data is dropped).
    /// </summary>
    /// <param name="encoded">The encoded bytes not taken yet.</param>
    /// <returns>How many of them were taken.</returns>
    public int Feed(ReadOnlySpan<byte> encoded)
    {
        var input = _input ?? throw new ObjectDisposedException(nameof(ContentDecoder));
        var start = 0;
        if (_coding == ContentCoding.Deflate && _zlib is null && _inputEnd - _inputStart == 1 && !encoded.IsEmpty)
        {
            // The first byte came alone: keep it in front of the next ones, so that the first two can be read.
            start = 1;
            input[0] = input[_inputStart];
        }

        var taken = Math.Min(encoded.Length, input.Length - start);
        encoded[..taken].CopyTo(input.AsSpan(start));
        _inputStart = 0;
        _inputEnd = start + taken;
        _fed |= taken > 0;
        return taken;
    }

    /// <summary>Decodes what was fed, up to a buffer's worth.</summary>
    /// <param name="decoded">The decoded bytes; valid until the next call.</param>
    /// <returns><see langword="false"/> when nothing more comes out of the bytes fed so far.</returns>
    /// <exception cref="InvalidDataException">The encoded bytes are not valid data of the coding.</exception>
    public bool TryDecode(out ReadOnlyMemory<byte> decoded)
    {
        var output = _output ?? throw new ObjectDisposedException(nameof(ContentDecoder));
        decoded = default;
        int written;
        if (_coding == ContentCoding.Brotli)
        {
            if (_brotliDone)
            {
                _inputStart = _inputEnd;
                return false;
            }

            var status = _brotli.Decompress(_input.AsSpan(_inputStart, _inputEnd - _inputStart), output, out var consumed, out written);
            _inputStart += consumed;
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                throw new InvalidDataException("The brotli data is corrupt.");
            }

            _brotliDone = status == System.Buffers.OperationStatus.Done;
        }
        else
        {
            if (_zlib is null && !TryStartDeflate())
            {
                return false;
            }

            _feed.Set(_input!, _inputStart, _inputEnd);
            written = _zlib!.Read(output);
            _inputStart = _inputEnd - _feed.Remaining;
        }

        decoded = output.AsMemory(0, written);
        return written > 0;
    }

    /// <summary>Releases the decompressor and gives the buffers back.</summary>
    public void Dispose()
    {
        _zlib?.Dispose();
        _zlib = null;
        _brotli.Dispose();
        if (_input is { } input)
        {
            ArrayPool<byte>.Shared.Return(input);
            _input = null;
        }

        if (_output is { } output)
        {
            ArrayPool<byte>.Shared.Return(output);
            _output = null;
        }
    }

    // "deflate" is the zlib format (RFC 9110 §8.4.1.2), but some servers send raw deflate data under that name;
    // browsers accept both, telling them apart by the zlib header: compression method 8 and a check value that makes
    // the first two bytes, read as a big-endian number, a multiple of 31.
    private bool TryStartDeflate()
    {
        if (_inputEnd - _inputStart < 2)
        {
            return false;
        }

        var first = _input![_inputStart];
        var second = _input[_inputStart + 1];
        var zlib = (first & 0x0F) == 8 && (first >> 4) <= 7 && ((first << 8) | second) % 31 == 0;
        _zlib = zlib
            ? new ZLibStream(_feed, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    /// <summary>The bytes fed so far, as a stream the zlib decompressors read from; "nothing more" once they are read.</summary>
    private sealed class InputFeed : Stream
    {
        private byte[] _buffer = [];
        private int _start;
        private int _end;

        public int Remaining => _end - _start;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Set(byte[] buffer, int start, int end)
        {
            _buffer = buffer;
            _start = start;
            _end = end;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, Remaining);
            _buffer.AsSpan(_start, count).CopyTo(buffer);
            _start += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
