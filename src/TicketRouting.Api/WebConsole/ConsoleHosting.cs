using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace TicketRouting.Api.WebConsole;

/// <summary>
/// The supervisor console: plain static files (HTML, JavaScript modules, CSS) under wwwroot/console, served by
/// this process at /console, so it shares the API's origin and needs no Node build step. Every console route
/// (e.g. /console/tickets/TSK-1001) answers index.html; the page's router takes it from there.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    // No inline script or style, nothing from another origin, no framing: an injected <script> in ticket text
    // could not run even if a rendering bug let one through (the pages set text only, never markup).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication MapConsole(this WebApplication app)
    {
        // The web root when run from the project (dotnet run); else the copy next to the binaries (see the csproj).
        var root = new[] { app.Environment.WebRootPath, System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .Where(r => r is not null).Select(r => System.IO.Path.Combine(r!, "console")).FirstOrDefault(Directory.Exists);
        if (root is null)
        {
            app.Logger.LogWarning("Console files (wwwroot/console) not found: /console is not served.");
            return app;
        }

        var files = new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = new PhysicalFileProvider(root),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => AddSecurityHeaders(context.Context.Response),
        };
        app.UseStaticFiles(files);
        var index = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context => AddSecurityHeaders(context.Context.Response),
        };
        app.MapFallbackToFile(Path + "/{**route:nonfile}", "index.html", index);
        return app;
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate on every load: a deployment must not leave a browser on an old page talking to a new API.
        headers.CacheControl = "no-cache";
    }
}
