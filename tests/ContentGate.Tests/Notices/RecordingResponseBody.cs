using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Notices;

/// <summary>
/// An inner response body that keeps nothing but counts: bytes, writes, flushes, and the last buffer it was
/// handed. Optionally it copies what it receives, for small tests.
/// </summary>
internal sealed class RecordingResponseBody : Stream, IHttpResponseBodyFeature
{
    private readonly MemoryStream? _copy;

    public RecordingResponseBody(bool keepCopy = false)
    {
        _copy = keepCopy ? new MemoryStream() : null;
    }

    public long BytesWritten { get; private set; }

    public int Writes { get; private set; }

    public int Flushes { get; private set; }

    public bool Disposed { get; private set; }

    public ArraySegment<byte> LastAsyncSegment { get; private set; }

    public byte[] Copy => _copy?.ToArray() ?? throw new InvalidOperationException("Not keeping a copy.");

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

    PipeWriter IHttpResponseBodyFeature.Writer => throw new NotSupportedException("The feature under test must not use the inner writer.");

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BytesWritten += buffer.Length;
        Writes++;
        _copy?.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (MemoryMarshal.TryGetArray(buffer, out var segment))
        {
            LastAsyncSegment = segment;
        }

        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() => Flushes++;

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public Task CompleteAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
