using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>Small typed helpers over the HTTP API, so tests read as the user's steps.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<Ticket> SubmitAsync(this HttpClient client, string subject, string description, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["subject"] = subject, ["description"] = description };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra, Json).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        var response = await client.PostAsJsonAsync("/api/ticket", body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Ticket>(Json))!;
    }

    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body));

    /// <summary>Asserts the status code, showing the body when it differs.</summary>
    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts a problem+json answer with the status code, and returns it.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ExpectAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed record Department(int Id, string Slug, string NameFr, string NameEn);

public sealed record AgentRef(int Id, string Name);

public sealed record Routing(
    string Classifier, string PredictedDepartment, string Department, double Confidence, bool NeedsReview,
    Dictionary<string, double> Scores, List<string> Evidence, List<Candidate> Candidates, string TieBreak);

public sealed record Candidate(int AgentId, string Name, int OpenTickets, int Capacity, bool Available);

public sealed record Customer(int Id, string Email, string? Name);

public sealed record Ticket(
    int Id, string Key, string Subject, string Description, string Priority, string Status, Department Department,
    AgentRef? Assignee, Customer? Customer, List<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, bool Overdue,
    Routing? Routing);

public sealed record TicketPage(List<Ticket> Items, int Page, int PageSize, int Total, PageLinks Links);

public sealed record PageLinks(string Self, string? Next, string? Previous);

public sealed record Agent(int Id, string Name, Department Department, int OpenTickets, int Capacity, bool Available, int DepartmentQueueLength);

public sealed record TicketEvent(long Id, string Type, int? ActorUserId, string? Actor, string? From, string? To, string? Reason);
