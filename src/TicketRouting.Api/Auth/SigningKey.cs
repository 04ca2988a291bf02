using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TicketRouting.Api.Auth;

/// <summary>The JWT signing key: from configuration, or in Development generated once and kept in the data folder.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const string DevelopmentKeyFile = "jwt-signing.key";

    public SymmetricSecurityKey Key { get; } = key;

    public static SigningKey Resolve(JwtOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var bytes = Decode(options.SigningKey);
            if (bytes.Length < JwtOptions.MinKeyBytes)
            {
                throw new InvalidOperationException(
                    $"Jwt:SigningKey is {bytes.Length * 8} bits; it must be at least {JwtOptions.MinKeyBytes * 8} bits.");
            }

            return new SigningKey(new SymmetricSecurityKey(bytes));
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Jwt:SigningKey is not configured. Outside Development the service refuses to start without a key of at least "
                + $"{JwtOptions.MinKeyBytes * 8} bits (e.g. environment variable Jwt__SigningKey=$(openssl rand -base64 48)).");
        }

        return new SigningKey(new SymmetricSecurityKey(DevelopmentKey(dataDirectory)));
    }

    private static byte[] Decode(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= JwtOptions.MinKeyBytes
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(value);
    }

    private static byte[] DevelopmentKey(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
