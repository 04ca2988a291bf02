using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>Findings 7 and 10 of issue 11: what the portal sees, and text that displays as something else.</summary>
public sealed class PortalViewAndTextTests : IntegrationTest
{
    [Fact]
    public async Task Portal_SeesTheRoutingOutcomeButNoAgentsScoresOrEvidence()
    {
        var created = await Portal.SubmitAsync("Facture de mars", "ma facture est fausse, prélevé deux fois");
        var read = await Portal.GetJsonAsync<Ticket>($"/api/ticket/{created.Id}");
        var listed = (await Portal.GetJsonAsync<TicketPage>("/api/ticket")).Items.Single(t => t.Id == created.Id);

        foreach (var routing in new[] { created.Routing!, read.Routing!, listed.Routing! })
        {
            Assert.Equal("billing", routing.Department);
            Assert.Empty(routing.Candidates);
            Assert.Empty(routing.Scores);
            Assert.Empty(routing.Evidence);
            Assert.Equal("", routing.TieBreak);
        }

        var staff = (await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{created.Id}")).Routing!;
        Assert.NotEmpty(staff.Candidates);
        Assert.NotEmpty(staff.Evidence);
        Assert.True(staff.Scores["billing"] > 0);
    }

    [Theory]
    [InlineData("Facture \u202Efdp.exe", "subject")] // right-to-left override: displays reversed
    [InlineData("Facture \u2066isolée\u2069", "subject")]
    [InlineData("Facture \u001B[31mrouge", "subject")] // ESC: a terminal escape sequence
    [InlineData("Facture\r\nBcc: x@example.com", "subject")]
    [InlineData("Facture\0", "subject")]
    [InlineData("\u200B\u200B\u200B", "subject")] // zero-width spaces only
    [InlineData(" \u2060\uFEFF ", "subject")]
    public async Task Submit_SubjectWithControlOrInvisibleText_Returns400(string subject, string field)
    {
        var response = await Portal.PostAsJsonAsync("/api/ticket", new { subject, description = "ma facture est fausse" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
    }

    [Fact]
    public async Task Submit_DescriptionKeepsLineBreaksButRefusesEscapesAndOverrides()
    {
        await Portal.SubmitAsync("Facture", "Bonjour,\r\nma facture est fausse.\n\tMerci");

        var escape = await Portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture \u001B]0;pwned\u0007" });
        var problem = await escape.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _));
        var overridden = await Portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture", description = "facture \u202Eabc" });
        await overridden.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
