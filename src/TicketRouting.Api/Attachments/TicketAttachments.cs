using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Attachments;

public sealed record AttachmentResponse(
    int Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt, string Download);

/// <summary>Why an upload was refused: the HTTP status and a sentence for the problem's detail.</summary>
public sealed record UploadRefusal(int Status, string Detail);

/// <summary>Attachments of tickets: bytes in the <see cref="IAttachmentStore"/>, metadata in the database.</summary>
public sealed class TicketAttachments(
    TicketsDbContext db, TransactionRunner transactions, IAttachmentStore store, IOptions<AttachmentOptions> options,
    TimeProvider clock, ILogger<TicketAttachments> logger)
{
    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>
    /// Stores the file under a fresh random name, then records it in a transaction that locks the ticket (so a
    /// concurrent delete cannot leave an orphan row); if the record cannot be written the file is removed again.
    /// </summary>
    public async Task<(AttachmentResponse? Attachment, UploadRefusal? Refusal)> AddAsync(
        int ticketId, IFormFile file, CurrentUser user, CancellationToken ct)
    {
        if (file.Length > MaxBytes)
        {
            return (null, TooLarge());
        }

        var header = new byte[ContentSniffer.HeaderLength];
        int headerLength;
        await using (var peek = file.OpenReadStream())
        {
            headerLength = await peek.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        }

        var (contentType, refusal) = ContentSniffer.Detect(header.AsSpan(0, headerLength));
        if (refusal is not null)
        {
            return (null, new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, refusal));
        }

        var storageName = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string sha256;
        await using (var content = file.OpenReadStream())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        }

        await using (var content = file.OpenReadStream())
        {
            await store.SaveAsync(storageName, content, ct);
        }

        try
        {
            var attachment = await transactions.RunAsync(async token =>
            {
                if (await TicketLock.LockAndLoadAsync(db, ticketId, token) is null)
                {
                    return null;
                }

                var row = new TicketAttachment
                {
                    TicketId = ticketId,
                    FileName = AttachmentFileName.Clean(file.FileName),
                    ContentType = contentType!,
                    Size = file.Length,
                    StorageName = storageName,
                    Sha256 = sha256,
                    UploadedByUserId = user.Id,
                    UploadedByName = user.Name,
                    UploadedAt = clock.GetUtcNow(),
                };
                db.TicketAttachments.Add(row);
                await db.SaveChangesAsync(token);
                return row;
            }, ct);

            if (attachment is null)
            {
                store.Delete(storageName);
                return (null, new UploadRefusal(StatusCodes.Status404NotFound, $"Ticket {ticketId} does not exist."));
            }

            return (ToResponse(attachment), null);
        }
        catch
        {
            store.Delete(storageName);
            throw;
        }
    }

    public UploadRefusal TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"Attachments are limited to {MaxBytes:N0} bytes.");

    public async Task<List<AttachmentResponse>> ListAsync(int ticketId, CancellationToken ct)
    {
        var rows = await db.TicketAttachments.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.Id).ToListAsync(ct);
        return rows.Select(ToResponse).ToList();
    }

    public async Task<(TicketAttachment Attachment, Stream Content)?> OpenAsync(int ticketId, int attachmentId, CancellationToken ct)
    {
        var row = await db.TicketAttachments.AsNoTracking()
            .SingleOrDefaultAsync(a => a.TicketId == ticketId && a.Id == attachmentId, ct);
        var content = row is null ? null : store.OpenRead(row.StorageName);
        if (row is not null && content is null)
        {
            logger.LogError("Attachment {AttachmentId} of ticket {TicketId}: file {StorageName} is missing", row.Id, ticketId, row.StorageName);
        }

        return content is null ? null : (row!, content);
    }

    /// <summary>Removes a deleted ticket's files once its transaction has committed (the rows went with it).</summary>
    public void DeleteFiles(IEnumerable<string> storageNames)
    {
        foreach (var name in storageNames)
        {
            try
            {
                store.Delete(name);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not delete attachment file {StorageName}", name);
            }
        }
    }

    private static AttachmentResponse ToResponse(TicketAttachment a) => new(
        a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedByName, a.UploadedAt,
        $"/api/ticket/{a.TicketId}/attachments/{a.Id}");
}
