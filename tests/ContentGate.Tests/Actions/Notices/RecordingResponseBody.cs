using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContentGate.Tests.Actions.Notices;

/// <summary>
/// An inner response body that keeps nothing but counts: bytes, writes, flushes, and the last buffer it was
/// handed. Optionally it copies what it receives, for small tests, and leaves asynchronous writes pending until
/// <see cref="CompletePendingWrite"/>, reading their buffer only then (as a busy server may), so that a caller that
/// reuses a buffer too early, or writes again before a write has completed, is caught deterministically.
/// </summary>
internal sealed class RecordingResponseBody : Stream, IHttpResponseBodyFeature
{
    private readonly MemoryStream? _copy;
    private readonly bool _deferAsyncWrites;
    private ReadOnlyMemory<byte> _deferred;
    private TaskCompletionSource? _pendingWrite;

    public RecordingResponseBody(bool keepCopy = false, bool deferAsyncWrites = false)
    {
        _copy = keepCopy ? new MemoryStream() : null;
        _deferAsyncWrites = deferAsyncWrites;
    }

    public long BytesWritten { get; private set; }

    public int Writes { get; private set; }

    public int Flushes { get; private set; }

    /// <summary>How many times the feature under test left a file to this body's own <c>SendFileAsync</c>.</summary>
    public int SendFiles { get; private set; }

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
        Assert.Null(_pendingWrite); // a write while another is pending would interleave bytes
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

        if (_deferAsyncWrites)
        {
            Assert.Null(_pendingWrite);
            _deferred = buffer;
            _pendingWrite = new TaskCompletionSource(); // continuations run inline, on the completing thread
            return new ValueTask(_pendingWrite.Task);
        }

        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Flushes++;

    /// <summary>Runs <paramref name="operation"/> to its end, completing each write it leaves pending.</summary>
    public async Task DriveAsync(Task operation)
    {
        while (!operation.IsCompleted)
        {
            Assert.True(CompletePendingWrite(), "The operation waits for something other than a write.");
        }

        await operation;
    }

    /// <summary>Completes the pending asynchronous write, reading its buffer only now.</summary>
    /// <returns><see langword="false"/> when no write is pending.</returns>
    public bool CompletePendingWrite()
    {
        if (_pendingWrite is not { } pending)
        {
            return false;
        }

        _pendingWrite = null;
        Write(_deferred.Span);
        _deferred = default;

        // Continuations that do not capture a context run inline only on a thread without one; xUnit's would send
        // them to the thread pool, and the test would race the code under test.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            pending.SetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        return true;
    }

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

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        SendFiles++;
        return SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
