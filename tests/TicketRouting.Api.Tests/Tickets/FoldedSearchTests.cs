using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>Finding 8 of issue 11: free-text search ignores case and accents, capitals included.</summary>
public sealed class FoldedSearchTests : IntegrationTest
{
    [Theory]
    [InlineData("ÉCRAN")]
    [InlineData("écran")]
    [InlineData("Écran")]
    [InlineData("ecran noir")]
    [InlineData("DÉMARRAGE")]
    [InlineData("demarrage")]
    public async Task Search_AccentedOrCapitalised_FindsTheTicket(string q)
    {
        var screen = await Portal.SubmitAsync("ÉCRAN NOIR", "L'ordinateur reste bloqué au démarrage");
        await Portal.SubmitAsync("Facture", "facture fausse");

        var page = await Supervisor.GetJsonAsync<TicketPage>($"/api/ticket?q={Uri.EscapeDataString(q)}");

        Assert.Equal([screen.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task Search_LikeCharactersAreText_NotWildcards()
    {
        await Portal.SubmitAsync("Remise de 50%", "remise");
        await Portal.SubmitAsync("Remise de 50 euros", "remise");

        var page = await Supervisor.GetJsonAsync<TicketPage>($"/api/ticket?q={Uri.EscapeDataString("50%")}");

        Assert.Single(page.Items);
    }
}
