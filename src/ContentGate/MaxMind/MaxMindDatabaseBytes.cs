using System.Globalization;
using System.Runtime.InteropServices;

namespace ContentGate.MaxMind;

/// <summary>
/// A database file read once into native memory that ContentGate owns: verified as a span, then compiled into the
/// region index, so lookups answer from exactly the bytes that were verified. Disposing frees the copy at once.
/// </summary>
/// <remarks>
/// Native memory rather than a <see cref="byte"/> array: a 60–120 MB array lives on the large object heap until the
/// next full garbage collection, which a quiet app may not run for hours, so each reload would leave a dead copy of the
/// database behind. <see cref="NativeMemory.Free"/> gives it back the moment the index is compiled.
/// </remarks>
internal sealed unsafe class MaxMindDatabaseBytes : IDisposable
{
    /// <summary>The largest file read: spans index with <see cref="int"/> (GeoIP2 City is about 120 MB).</summary>
    public const long MaxLength = int.MaxValue;

    private byte* _bytes;

    private MaxMindDatabaseBytes(byte* bytes, int length)
    {
        _bytes = bytes;
        Length = length;
    }

    ~MaxMindDatabaseBytes() => Free();

    public int Length { get; }

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_bytes is null, this);
            return new ReadOnlySpan<byte>(_bytes, Length);
        }
    }

    /// <summary>
    /// Reads the whole file. Throws what <see cref="FileStream"/> throws, and <see cref="IOException"/> for a file
    /// larger than <see cref="MaxLength"/>.
    /// </summary>
    public static MaxMindDatabaseBytes Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > MaxLength)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"the file has {length:N0} bytes; ContentGate reads database files of up to 2 GiB"));
        }

        var bytes = (byte*)NativeMemory.Alloc((nuint)Math.Max(length, 1));
        try
        {
            var span = new Span<byte>(bytes, (int)length);
            var read = 0;
            while (read < span.Length)
            {
                var count = stream.Read(span[read..]);
                if (count == 0)
                {
                    // Shorter than it was a moment ago (being replaced): verification judges what arrived, and a
                    // reload sees the file's stamp change and reads it again.
                    break;
                }

                read += count;
            }

            return new MaxMindDatabaseBytes(bytes, read);
        }
        catch
        {
            NativeMemory.Free(bytes);
            throw;
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void* Pointer()
    {
        ObjectDisposedException.ThrowIf(_bytes is null, this);
        return _bytes;
    }

    private void Free()
    {
        var bytes = _bytes;
        _bytes = null;
        if (bytes is not null)
        {
            NativeMemory.Free(bytes);
        }
    }
}
