using System.Text.Json;

namespace TicketRouting.Data.Seeding;

internal sealed record DepartmentSeed(string Slug, string NameFr, string NameEn);

internal sealed record AgentSeed(string Name, string Email, string Department, int Capacity = 25, bool Available = true);

internal sealed record UserSeed(string Username, string DisplayName, string Role, string Password, string? AgentEmail);

internal sealed record UserSeedFile(List<UserSeed> Users);

internal static class SeedFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{path} is empty");
    }
}
