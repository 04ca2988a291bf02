using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Validates the request body of type <typeparamref name="T"/> with DataAnnotations (and
/// <see cref="IValidatableObject"/> for cross-field and nested rules) before the handler runs.
/// </summary>
public sealed class ValidationFilter<T> : IEndpointFilter where T : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] },
                title: "Invalid request");
        }

        var errors = Validate(body);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "Invalid request")
            : await next(context);
    }

    public static Dictionary<string, string[]> Validate(object body)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true);
        results.AddRange(NulCharacters(body, ""));
        return results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : ["body"]).Select(m => (Member: Camel(m), r.ErrorMessage)))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Invalid value.").Distinct().ToArray());
    }

    // Readable properties per request type, looked up once rather than on every request (POST /api/ticket is hot).
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    // A NUL character is never meaningful in a ticket, and PostgreSQL refuses it in text: reject it up front.
    private static IEnumerable<ValidationResult> NulCharacters(object body, string prefix)
    {
        var properties = Properties.GetOrAdd(body.GetType(),
            type => type.GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());
        foreach (var property in properties)
        {
            var value = property.GetValue(body);
            var name = prefix + property.Name;
            var texts = value switch
            {
                string text => [text],
                IEnumerable<string> list => list,
                _ => [],
            };
            if (texts.Any(t => t?.Contains('\0') == true))
            {
                yield return new ValidationResult("Text must not contain NUL characters.", [name]);
            }
            else if (value is not null and not string && property.PropertyType.IsClass && property.PropertyType.Namespace == body.GetType().Namespace)
            {
                foreach (var nested in NulCharacters(value, name + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string Camel(string name) =>
        string.Join('.', name.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
