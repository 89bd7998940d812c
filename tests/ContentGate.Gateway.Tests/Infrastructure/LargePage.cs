using System.Text;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// A deterministic HTML page of any size, produced chunk by chunk from two fixed buffers (so the origin that writes it
/// allocates nothing per chunk), and the same bytes for the test that checks what arrived.
/// </summary>
internal static class LargePage
{
    public const int ChunkSize = 64 * 1024;

    public static readonly byte[] Head = Encoding.ASCII.GetBytes("<!DOCTYPE html><html><head><title>Large</title></head><body class=\"large\">");

    public static readonly byte[] Tail = Encoding.ASCII.GetBytes("</body></html>");

    private static readonly byte[] Filler = Fill();

    /// <summary>The page of exactly <paramref name="size"/> bytes, as consecutive pieces.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Pieces(long size)
    {
        yield return Head;
        var remaining = size - Head.Length - Tail.Length;
        while (remaining > 0)
        {
            var length = (int)Math.Min(Filler.Length, remaining);
            yield return Filler.AsMemory(0, length);
            remaining -= length;
        }

        yield return Tail;
    }

    private static byte[] Fill()
    {
        var text = new StringBuilder();
        while (text.Length < ChunkSize)
        {
            text.Append("<p class=\"x\">Lorem ipsum dolor sit amet</p>\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, ChunkSize));
    }
}
