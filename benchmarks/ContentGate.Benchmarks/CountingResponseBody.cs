using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Benchmarks;

/// <summary>
/// A response body that stands for the server's transport at its minimal cost: every write is copied into one
/// reusable <see cref="SendBufferSize"/>-byte buffer, and the bytes are counted.
/// </summary>
/// <remarks>
/// <para>
/// What a real transport does at least once per byte is copy it out of the caller's buffer: Kestrel copies each
/// response write into its output pipe (then the kernel copies it into the socket's send buffer). This sink does
/// that copy and nothing else: no framing, no flush to a socket, no system call, no allocation. The buffer is
/// 64 KB, Kestrel's default <c>MaxResponseBufferSize</c> (the output pipe's pause threshold); it is never
/// drained anywhere, so when a write does not fit in the space left, copying simply restarts at the beginning
/// (a write larger than the buffer is copied in 64 KB pieces). The copy is all a write costs here, and it costs
/// the same whether the write comes from the app directly or through a wrapper such as ContentGate's injecting
/// body: against it, a wrapper's per-byte overhead shows as a ratio to real work rather than to nothing.
/// </para>
/// <para>
/// <see cref="BytesWritten"/> counts the bytes; callers reset it. Flushes do nothing. <see cref="Writer"/> is a
/// <see cref="PipeWriter"/> over this stream, made on first use, as ASP.NET Core's <c>StreamResponseBodyFeature</c>
/// does. Not thread-safe; one instance per benchmark.
/// </para>
/// </remarks>
internal sealed class CountingResponseBody : Stream, IHttpResponseBodyFeature
{
    /// <summary>The size of the reusable buffer every write is copied into: Kestrel's default response buffer.</summary>
    public const int SendBufferSize = 64 * 1024;

    private readonly byte[] _sendBuffer = new byte[SendBufferSize];
    private int _sendPosition;
    private PipeWriter? _writer;

    public long BytesWritten { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override void Write(ReadOnlySpan<byte> buffer) => Copy(buffer);

    public override void Write(byte[] buffer, int offset, int count) => Copy(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Copy(new ReadOnlySpan<byte>(in value));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Copy(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Copy(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => Task.CompletedTask;

    private void Copy(ReadOnlySpan<byte> buffer)
    {
        BytesWritten += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_sendPosition == SendBufferSize)
            {
                _sendPosition = 0; // "sent": the space is reused
            }

            var count = Math.Min(buffer.Length, SendBufferSize - _sendPosition);
            if (count < buffer.Length && _sendPosition > 0)
            {
                _sendPosition = 0; // does not fit in what is left: start over, as a pipe would take a new segment
                count = Math.Min(buffer.Length, SendBufferSize);
            }

            buffer[..count].CopyTo(_sendBuffer.AsSpan(_sendPosition));
            _sendPosition += count;
            buffer = buffer[count..];
        }
    }
}
