using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Auth;

/// <summary>Each role against each endpoint family: allowed means neither 401 nor 403; denied means 403.</summary>
public sealed class RoleAccessTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private Ticket _ticket = null!;

    public async Task InitializeAsync()
    {
        _app = await TicketRoutingApp.StartAsync(new() { ["Auth:TokenRequestsPerMinute"] = "1000" });
        _clients["portal"] = await _app.ClientForAsync(DevUsers.Portal);
        _clients["agent"] = await _app.ClientForAsync(DevUsers.BillingAgent);
        _clients["supervisor"] = await _app.ClientForAsync(DevUsers.Supervisor);
        _clients["admin"] = await _app.ClientForAsync(DevUsers.Admin);
        _clients["anonymous"] = _app.CreateClient();
        _ticket = await _clients["portal"].SubmitAsync("Facture", "facture fausse"); // assigned to agent 1 (the billing agent)
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // role order: portal < agent < supervisor < admin; the portal creates and reads its own tickets only.
    public static TheoryData<string, string, string, string> Matrix()
    {
        var endpoints = new (string Method, string Url, string MinimumRole)[]
        {
            ("POST", "/api/ticket", "portal"),
            ("GET", "/api/ticket", "portal"),
            ("GET", "/api/ticket/{id}", "portal"),
            ("GET", "/api/ticket/{id}/comments", "portal"),
            ("PATCH", "/api/ticket/{id}", "agent"),
            ("GET", "/api/ticket/{id}/history", "agent"),
            ("GET", "/api/agent", "agent"),
            ("GET", "/api/department", "agent"),
            ("GET", "/api/stats", "agent"),
            ("POST", "/api/ticket/{id}/reassign", "supervisor"),
            ("PATCH", "/api/agent/2", "supervisor"),
            ("POST", "/api/classifier/predict", "supervisor"),
            ("GET", "/api/classifier/rules", "admin"),
            ("GET", "/api/user", "admin"),
            ("DELETE", "/api/ticket/{id}", "admin"),
        };
        string[] order = ["portal", "agent", "supervisor", "admin"];
        var data = new TheoryData<string, string, string, string>();
        foreach (var (method, url, minimum) in endpoints)
        {
            foreach (var role in order.Append("anonymous"))
            {
                var expected = role == "anonymous" ? "401"
                    : Array.IndexOf(order, role) >= Array.IndexOf(order, minimum) ? "allowed" : "403";
                data.Add(method, url, role, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_ByRole_AllowsOrDenies(string method, string url, string role, string expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{id}", _ticket.Id.ToString()));
        request.Content = (method, url) switch
        {
            ("POST", "/api/ticket") => JsonContent.Create(new { subject = "Commande", description = "colis pas reçu" }),
            ("PATCH", "/api/ticket/{id}") => JsonContent.Create(new { priority = "high" }),
            ("POST", "/api/ticket/{id}/reassign") => JsonContent.Create(new { departmentId = 3, reason = "orders" }),
            ("PATCH", "/api/agent/2") => JsonContent.Create(new { capacity = 30 }),
            ("POST", "/api/classifier/predict") => JsonContent.Create(new { subject = "facture", description = "" }),
            _ => null,
        };

        var response = await _clients[role].SendAsync(request);

        var status = (int)response.StatusCode;
        if (expected == "allowed")
        {
            Assert.True(status is not (401 or 403), $"{role} {method} {url}: {status} {await response.Content.ReadAsStringAsync()}");
            Assert.True(status < 400, $"{role} {method} {url}: {status} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.Equal(expected, status.ToString());
        }
    }

    [Fact]
    public async Task Portal_SeesOnlyItsOwnTickets()
    {
        var admin = _clients["admin"];
        await (await admin.PostAsJsonAsync("/api/user", new { username = "portal2", password = "second-portal-password", role = "portal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var otherPortal = await _app.ClientForAsync(("portal2", "second-portal-password"));
        var own = await otherPortal.SubmitAsync("Livraison", "colis jamais reçu");

        await (await otherPortal.GetAsync($"/api/ticket/{_ticket.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await otherPortal.GetAsync($"/api/ticket/{_ticket.Id}/comments")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var page = await otherPortal.GetJsonAsync<TicketPage>("/api/ticket");
        Assert.Equal([own.Id], page.Items.Select(t => t.Id));
        await (await otherPortal.GetAsync($"/api/ticket/{own.Id}")).ExpectAsync(HttpStatusCode.OK);
    }
}
