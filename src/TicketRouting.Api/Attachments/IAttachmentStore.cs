namespace TicketRouting.Api.Attachments;

/// <summary>Where attachment bytes live, outside the database. Names are chosen by the service, never by the uploader.</summary>
public interface IAttachmentStore
{
    Task SaveAsync(string storageName, Stream content, CancellationToken ct);

    /// <summary>The stored bytes, or null if the file is missing.</summary>
    Stream? OpenRead(string storageName);

    void Delete(string storageName);
}

/// <summary>One file per attachment in a folder (by default under the data directory).</summary>
public sealed class FileSystemAttachmentStore(string directory) : IAttachmentStore
{
    public string Directory { get; } = directory;

    public async Task SaveAsync(string storageName, Stream content, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(storageName);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream? OpenRead(string storageName)
    {
        var path = PathOf(storageName);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    public void Delete(string storageName) => File.Delete(PathOf(storageName));

    private string PathOf(string storageName)
    {
        // Storage names are service-made hex strings; anything else is a bug, not a path to follow.
        if (storageName.Length == 0 || !storageName.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"Not a storage name: {storageName}", nameof(storageName));
        }

        return Path.Combine(Directory, storageName);
    }
}
