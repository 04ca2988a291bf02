using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Webhooks;

/// <summary>
/// Webhook secrets at rest: encrypted with ASP.NET Core Data Protection before they reach the database, decrypted
/// only to sign a delivery. The key ring lives in <c>DataProtection:KeyDirectory</c> (default: DataDirectory/keys);
/// every process that delivers webhooks must share it, or the secrets another process stored cannot be read.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    // Rows written before encryption hold the secret itself; they are still read, and have no prefix.
    private const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector("TicketRouting.Webhooks.Secret.v1");

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    /// <summary>The secret, or null when this process's key ring cannot decrypt it (another key ring, lost keys).</summary>
    public string? Reveal(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

public static class WebhookSecretsServiceCollectionExtensions
{
    public const string KeyDirectorySetting = "DataProtection:KeyDirectory";

    /// <summary>Data Protection with its key ring persisted on disk, so that secrets survive a restart.</summary>
    public static IServiceCollection AddWebhookSecrets(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        var directory = configuration[KeyDirectorySetting] is { Length: > 0 } configured ? configured : Path.Combine(paths.DataDirectory, "keys");
        services.AddDataProtection().SetApplicationName("TicketRouting").PersistKeysToFileSystem(new DirectoryInfo(directory));
        services.AddSingleton<WebhookSecrets>();
        return services;
    }
}
