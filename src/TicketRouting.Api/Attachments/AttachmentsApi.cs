using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;

namespace TicketRouting.Api.Attachments;

public static class AttachmentsApi
{
    public const string FormField = "file";

    public static RouteGroupBuilder MapAttachments(this IEndpointRouteBuilder routes)
    {
        // Whoever may see the ticket (the portal: its own tickets) may attach to it and read its attachments.
        var group = routes.MapGroup("/api/ticket/{id}/attachments").WithTags("Attachments").RequireAuthorization(Policies.Portal);
        group.MapPost("/", UploadAsync).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RequestLimit))
            .WithSummary($"Attach a file (multipart/form-data, field \"{FormField}\"); its type is detected from its bytes.");
        group.MapGet("/", ListAsync).WithSummary("The ticket's attachments.");
        group.MapGet("/{attachmentId:int}", DownloadAsync).WithSummary("Download an attachment, byte for byte.");
        return group;
    }

    // The endpoint's transport limit is the largest MaxBytes allowed; each request then gets MaxBytes plus room for
    // the multipart envelope, and the configured limit is checked on the file itself.
    private const long RequestLimit = 1_100_000_000;
    private const long EnvelopeAllowance = 64 * 1024;

    private static async Task<Results<Created<AttachmentResponse>, ProblemHttpResult, ValidationProblem>> UploadAsync(
        string id, HttpRequest request, TicketReader reader, TicketAttachments attachments, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CurrentUser.From(principal);
        var access = await TicketsApi.VisibleTicketAsync(id, reader, user, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        if (request.ContentLength > attachments.MaxBytes + EnvelopeAllowance)
        {
            return Refused(attachments.TooLarge());
        }

        // Without a Content-Length (chunked), the server stops reading at the limit itself (413 too).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = attachments.MaxBytes + EnvelopeAllowance;
        }

        if (!request.HasFormContentType)
        {
            return Problems.Invalid(FormField, $"Send the file as multipart/form-data in a field named \"{FormField}\".");
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile(FormField);
        if (file is null)
        {
            return Problems.Invalid(FormField, $"No file in the field \"{FormField}\".");
        }

        if (file.Length == 0)
        {
            return Problems.Invalid(FormField, "The file is empty.");
        }

        var (attachment, refusal) = await attachments.AddAsync(access.Id, file, user, ct);
        return refusal is not null
            ? Refused(refusal)
            : TypedResults.Created(attachment!.Download, attachment);
    }

    private static async Task<Results<Ok<List<AttachmentResponse>>, ProblemHttpResult>> ListAsync(
        string id, TicketReader reader, TicketAttachments attachments, ClaimsPrincipal principal, CancellationToken ct)
    {
        var access = await TicketsApi.VisibleTicketAsync(id, reader, CurrentUser.From(principal), ct);
        return access.Problem ?? (Results<Ok<List<AttachmentResponse>>, ProblemHttpResult>)TypedResults.Ok(await attachments.ListAsync(access.Id, ct));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, int attachmentId, TicketReader reader, TicketAttachments attachments, ClaimsPrincipal principal,
        HttpResponse response, CancellationToken ct)
    {
        var access = await TicketsApi.VisibleTicketAsync(id, reader, CurrentUser.From(principal), ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var found = await attachments.OpenAsync(access.Id, attachmentId, ct);
        if (found is not { } file)
        {
            return Problems.NotFound($"Ticket {id} has no attachment {attachmentId}.");
        }

        // Always a download, never rendered inline, and the browser must not second-guess the detected type.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(file.Content, file.Attachment.ContentType, file.Attachment.FileName);
    }

    private static ProblemHttpResult Refused(UploadRefusal refusal) => TypedResults.Problem(
        refusal.Detail, statusCode: refusal.Status,
        title: refusal.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "File too large",
            StatusCodes.Status415UnsupportedMediaType => "File type not accepted",
            _ => "Not found",
        });
}
