namespace ContentGate.MaxMind;

/// <summary>
/// What a stat of the database file says: whether it exists, its size and its times. Two equal stamps mean "the same
/// file, unchanged"; comparing them costs one stat, so the periodic check can run often.
/// </summary>
/// <remarks>
/// The creation time (the birth time where the file system records one) changes when a new file is renamed over the
/// old one even if the size and modification time were preserved (<c>cp -p</c>, <c>File.Copy</c>). For a symbolic link,
/// the stamp is the final target's.
/// </remarks>
internal readonly record struct MaxMindDatabaseFileStamp(bool Exists, long Length, DateTime LastWriteUtc, DateTime CreationUtc)
{
    public static MaxMindDatabaseFileStamp Read(string path)
    {
        var file = new FileInfo(path);
        try
        {
            // A symbolic link's own size and times never change when what it leads to does (a Kubernetes volume
            // swaps the directory its links go through): stat the file the reader will open.
            if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                file = target;
            }

            return file.Exists
                ? new MaxMindDatabaseFileStamp(true, file.Length, file.LastWriteTimeUtc, file.CreationTimeUtc)
                : default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Replaced between the existence check and the reads: report "gone", the next read sees the new file.
            return default;
        }
    }
}
