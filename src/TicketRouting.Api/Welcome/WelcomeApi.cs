using System.Reflection;

namespace TicketRouting.Api.Welcome;

public sealed record WelcomeResponse(string Name, string Version, string Description, IReadOnlyDictionary<string, string> Links);

public static class WelcomeApi
{
    private static readonly string Version =
        typeof(WelcomeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapWelcome(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api", () => TypedResults.Ok(new WelcomeResponse(
                "TicketRouting",
                Version,
                "Routes support tickets (French and English) to the right department and the least-loaded available agent.",
                new Dictionary<string, string>
                {
                    ["docs"] = "/swagger",
                    ["openapi"] = "/swagger/v1/swagger.json",
                    ["token"] = "/api/token",
                    ["tickets"] = "/api/ticket",
                    ["agents"] = "/api/agent",
                    ["departments"] = "/api/department",
                    ["stats"] = "/api/stats",
                    ["classifier"] = "/api/classifier/predict",
                    ["health"] = "/health/ready",
                })))
            .WithTags("Welcome").AllowAnonymous().WithSummary("Welcome: name, version and links.");
        routes.MapGet("/", () => TypedResults.Redirect("/api")).ExcludeFromDescription();
        return routes;
    }
}
