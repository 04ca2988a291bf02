using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json.Serialization;

namespace TicketRouting.Api.Infrastructure;

public static class ProblemHandling
{
    public static IServiceCollection AddTicketRoutingProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) reach the exception handler, which names the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        return services;
    }
}

/// <summary>One place that turns unexpected failures into problem+json; expected outcomes use TypedResults.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BadJson(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = bad.Message,
            },
            ConcurrencyExhaustedException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Busy: please retry",
                Detail = "The request conflicted with concurrent changes too many times; nothing was saved.",
            },
            DatabaseUnavailableException unavailable => Unavailable(unavailable.Message),
            _ when DatabaseFaults.IsUnavailable(exception) => Unavailable("The database is unavailable; nothing was saved."),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
            };
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            DatabaseFaults.Recover(exception);
            logger.LogWarning("503 on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Unavailable(string detail) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service unavailable: please retry",
        Detail = detail,
    };

    private static HttpValidationProblemDetails BadJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = ["The value is not valid JSON of the expected type."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = json.Message,
        };
    }
}
