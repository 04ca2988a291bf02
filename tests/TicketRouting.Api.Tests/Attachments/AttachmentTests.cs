using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Attachments;

public sealed class AttachmentTests : IntegrationTest
{
    private const int MaxBytes = 64 * 1024;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _attachmentDirectory = Directory.CreateTempSubdirectory("ticketrouting-attachments-").FullName;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Attachments:MaxBytes"] = MaxBytes.ToString(),
        ["Attachments:Directory"] = _attachmentDirectory,
    };

    [Fact]
    public async Task Upload_ThenDownload_ReturnsTheSameBytesWithTheTypeDetectedFromThem()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse, voir la capture");
        var bytes = PngSignature.Concat(RandomNumberGenerator.GetBytes(40_000)).ToArray();

        // The client claims text/plain: the service reads the bytes and records a PNG.
        var response = await Portal.PostAsync($"/api/ticket/{ticket.Id}/attachments", Upload(bytes, "capture.png", "text/plain"));
        await response.ExpectAsync(HttpStatusCode.Created);
        var attachment = (await response.Content.ReadFromJsonAsync<Attachment>(ApiClient.Json))!;

        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal(bytes.Length, attachment.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), attachment.Sha256);
        var download = await Supervisor.GetAsync(attachment.Download);
        await download.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("capture.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var listed = await Portal.GetJsonAsync<List<Attachment>>($"/api/ticket/{ticket.Id}/attachments");
        Assert.Equal(attachment.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Upload_OverTheLimit_Is413AndStoresNothing()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Portal.PostAsync(
            $"/api/ticket/{ticket.Id}/attachments", Upload(new byte[MaxBytes + 1], "big.bin", "application/octet-stream"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65,536", problem.GetProperty("detail").GetString());
        Assert.Empty(await Portal.GetJsonAsync<List<Attachment>>($"/api/ticket/{ticket.Id}/attachments"));
        Assert.Empty(Directory.EnumerateFiles(_attachmentDirectory));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 }, "invoice.pdf")] // a Windows executable named like a PDF
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02 }, "photo.jpg")] // an ELF binary
    [InlineData(new byte[] { 0x23, 0x21, 0x2F, 0x62, 0x69, 0x6E }, "notes.txt")] // "#!/bin": a script
    public async Task Upload_OfAnExecutable_Is415WhateverItsNameAndDeclaredType(byte[] bytes, string fileName)
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Portal.PostAsync($"/api/ticket/{ticket.Id}/attachments", Upload(bytes, fileName, "application/pdf"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(Directory.EnumerateFiles(_attachmentDirectory));
    }

    [Fact]
    public async Task Upload_OfUnknownBinary_IsStoredAsOctetStream_AndTextAsTextPlain()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var binary = await UploadAsync(Portal, ticket.Id, [0x00, 0x01, 0x02, 0xFE], "data.pdf", "application/pdf");
        var text = await UploadAsync(Portal, ticket.Id, "Bonjour, voici le relevé"u8.ToArray(), "releve.txt", "image/png");

        Assert.Equal("application/octet-stream", binary.ContentType);
        Assert.Equal("text/plain", text.ContentType);
    }

    [Fact]
    public async Task AnotherPortalsTicket_Is404ForUploadListAndDownload()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var attachment = await UploadAsync(Portal, ticket.Id, "%PDF-1.7 facture"u8.ToArray(), "facture.pdf", "application/pdf");
        var admin = await App.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsJsonAsync("/api/user", new { username = "portal2", password = "second-portal-password", role = "portal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var other = await App.ClientForAsync(("portal2", "second-portal-password"));

        await (await other.GetAsync(attachment.Download)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/ticket/{ticket.Id}/attachments")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/api/ticket/{ticket.Id}/attachments", Upload("x"u8.ToArray(), "x.txt", "text/plain")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(Directory.EnumerateFiles(_attachmentDirectory));
    }

    [Fact]
    public async Task HostileFileName_IsReducedToItsLastSegment_AndNeverUsedOnDisk()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var attachment = await UploadAsync(Portal, ticket.Id, "hello"u8.ToArray(), "..\\..\\../../etc/passwd", "text/plain");
        var nameless = await UploadAsync(Portal, ticket.Id, "hello"u8.ToArray(), "../..", "text/plain");

        Assert.Equal("passwd", attachment.FileName);
        Assert.Equal("attachment", nameless.FileName);
        Assert.All(Directory.EnumerateFiles(_attachmentDirectory), f => Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(f)));
        Assert.Equal(2, Directory.EnumerateFiles(_attachmentDirectory).Count());
    }

    [Fact]
    public async Task DeletingTheTicket_DeletesItsAttachmentsAndTheirFiles()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");
        var attachment = await UploadAsync(Portal, ticket.Id, "%PDF-1.7 facture"u8.ToArray(), "facture.pdf", "application/pdf");
        var admin = await App.ClientForAsync(DevUsers.Admin);

        await (await admin.DeleteAsync($"/api/ticket/{ticket.Id}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await admin.GetAsync(attachment.Download)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(Directory.EnumerateFiles(_attachmentDirectory));
    }

    [Fact]
    public async Task Upload_WithoutAFile_Is400NamingTheField()
    {
        var ticket = await Portal.SubmitAsync("Facture", "facture fausse");

        var response = await Portal.PostAsync($"/api/ticket/{ticket.Id}/attachments", JsonContent.Create(new { file = "x" }));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static async Task<Attachment> UploadAsync(HttpClient client, int ticketId, byte[] bytes, string fileName, string declaredType)
    {
        var response = await client.PostAsync($"/api/ticket/{ticketId}/attachments", Upload(bytes, fileName, declaredType));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Attachment>(ApiClient.Json))!;
    }

    private sealed record Attachment(int Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, string Download);
}
