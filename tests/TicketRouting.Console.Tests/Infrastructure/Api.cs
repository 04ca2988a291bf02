using System.Net.Http.Json;
using System.Text.Json;

namespace TicketRouting.Console.Tests.Infrastructure;

/// <summary>Small helpers over the JSON API: arrange data and check what the console did.</summary>
public static class Api
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<JsonElement> SubmitTicketAsync(this HttpClient portal, string subject, string description) =>
        portal.PostJsonAsync("/api/ticket", new { subject, description });

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
