using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Learning;

/// <summary>
/// An IT helpdesk whose departments are not the seeded ones: created through the API, fed with tickets that
/// the rules cannot route, then confirmed by a supervisor (moved to the right department, half of them closed).
/// </summary>
public sealed class HelpdeskTickets(HttpClient admin, HttpClient portal, HttpClient supervisor)
{
    public static readonly IReadOnlyDictionary<string, string[]> Vocabulary = new Dictionary<string, string[]>
    {
        ["application"] = ["excel", "outlook", "plugin", "spreadsheet", "macro", "sap", "crm", "word processor", "add-in", "toolbar"],
        ["database"] = ["sql", "oracle", "postgres", "schema", "deadlock", "replication", "stored procedure", "index rebuild", "query timeout", "tablespace"],
        ["network"] = ["vpn", "wifi", "router", "switch port", "dns", "firewall", "latency", "packet loss", "proxy", "ethernet"],
        ["security"] = ["phishing", "malware", "antivirus", "ransomware", "intrusion", "breach", "certificate", "encryption", "suspicious attachment", "quarantine"],
        ["user-maintenance"] = ["onboarding", "offboarding", "newcomer", "leaver", "mailbox", "permissions", "badge", "group membership", "contractor", "home directory"],
    };

    private static readonly string[] Fillers =
        ["since this morning", "for the whole team", "please help", "it is urgent", "on my laptop", "after the weekend", "again today", "at the office"];

    private readonly Random _random = new(7);

    public Dictionary<string, int> DepartmentIds { get; } = [];

    /// <summary>The ticket keys created, with the department a supervisor confirmed.</summary>
    public List<(int Id, string Department)> Confirmed { get; } = [];

    public async Task CreateDepartmentsAsync()
    {
        foreach (var slug in Vocabulary.Keys)
        {
            var response = await admin.PostAsJsonAsync("/api/department", new { slug, nameFr = slug, nameEn = slug });
            await response.ExpectAsync(HttpStatusCode.Created);
            DepartmentIds[slug] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }
    }

    public (string Subject, string Description) Text(string department)
    {
        var words = Vocabulary[department];
        string Pick() => words[_random.Next(words.Length)];
        var filler = Fillers[_random.Next(Fillers.Length)];
        return ($"{Pick()} problem", $"Hello, the {Pick()} and the {Pick()} fail {filler}. The {Pick()} too.");
    }

    /// <summary>Submits <paramref name="perDepartment"/> tickets per department; a supervisor moves each to its department and closes every other one.</summary>
    public async Task SubmitAndConfirmAsync(int perDepartment)
    {
        for (var i = 0; i < perDepartment; i++)
        {
            foreach (var department in Vocabulary.Keys)
            {
                var (subject, description) = Text(department);
                var ticket = await portal.SubmitAsync(subject, description);
                var moved = await supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign",
                    new { departmentId = DepartmentIds[department], reason = "Belongs to " + department });
                await moved.ExpectAsync(HttpStatusCode.OK);
                if (i % 2 == 0)
                {
                    await (await supervisor.PatchJsonAsync($"/api/ticket/{ticket.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
                }

                Confirmed.Add((ticket.Id, department));
            }
        }
    }

    /// <summary>Starts a training and waits for it to finish; returns the model resource.</summary>
    public async Task<JsonElement> TrainAsync(object body)
    {
        var response = await admin.PostAsJsonAsync("/api/classifier/models", body);
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/api/classifier/models/[0-9]+$", location);
        return await WaitForAsync(location);
    }

    public async Task<JsonElement> WaitForAsync(string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(300); // a bound on a hang, not a timing target: training competes with the parallel tests for 2 cores
        while (true)
        {
            var model = await admin.GetJsonAsync<JsonElement>(location);
            if (model.GetProperty("status").GetString() != "training")
            {
                return model;
            }

            Assert.True(DateTime.UtcNow < deadline, "the training never finished");
            await Task.Delay(100);
        }
    }
}
