using Bogus;
using TicketRouting.Core.Domain;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>One generated ticket: a backlog that looks like a year of service (old tickets closed, recent ones open).</summary>
internal sealed record TicketShape(
    string Subject, string Description, TicketPriority Priority, TicketStatus Status, int DepartmentId, string DepartmentSlug,
    int? AssigneeId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset DueAt, string[] Tags)
{
    private static readonly (string Slug, float Weight, string[] Topics)[] Departments =
    [
        ("billing", 0.22f, ["Invoice charged twice", "Facture incorrecte", "Wrong amount on my invoice", "Prélèvement en double", "Card payment declined"]),
        ("technical", 0.25f, ["App crashes on start", "Erreur 500 sur le site", "Cannot sync my data", "Bug dans l'application mobile", "API returns timeout"]),
        ("orders", 0.18f, ["Parcel not delivered", "Colis non reçu", "Where is my order", "Livraison en retard", "Wrong item in my order"]),
        ("returns", 0.12f, ["Refund not received", "Demande de remboursement", "Return label missing", "Produit défectueux à retourner"]),
        ("accounts", 0.10f, ["Cannot log in", "Mot de passe oublié", "Account locked", "Changer mon adresse e-mail"]),
        ("sales", 0.05f, ["Volume discount request", "Devis pour 200 licences", "Partnership proposal", "Demande de démonstration"]),
        ("general", 0.08f, ["Question about your service", "Réclamation", "Feedback on support", "Horaires du service client"]),
    ];

    private static readonly string[] CommonTags = ["urgent", "refund", "invoice", "mobile", "api", "delivery", "login", "b2b", "churn-risk", "follow-up"];

    public static TicketShape Generate(
        Faker faker, DateTimeOffset created, DateTimeOffset now, List<(int Id, string Value)> departmentIds, Dictionary<int, int[]> agents)
    {
        var department = faker.Random.WeightedRandom(Departments, Departments.Select(d => d.Weight).ToArray());
        var departmentId = departmentIds.First(d => d.Value == department.Slug).Id;
        var priority = faker.Random.WeightedRandom(
            [TicketPriority.Low, TicketPriority.Medium, TicketPriority.High, TicketPriority.Critical], [0.25f, 0.45f, 0.22f, 0.08f]);
        var age = now - created;
        var status = age.TotalDays switch
        {
            < 2 => faker.Random.WeightedRandom([TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked, TicketStatus.Closed], [0.5f, 0.3f, 0.05f, 0.15f]),
            < 14 => faker.Random.WeightedRandom([TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked, TicketStatus.Closed], [0.15f, 0.2f, 0.05f, 0.6f]),
            _ => faker.Random.WeightedRandom([TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked, TicketStatus.Closed], [0.01f, 0.01f, 0.01f, 0.97f]),
        };
        var unassigned = status != TicketStatus.Closed && faker.Random.Bool(0.08f);
        int? assignee = unassigned || !agents.TryGetValue(departmentId, out var candidates) ? null : faker.PickRandom(candidates);
        var updated = status == TicketStatus.Closed
            ? Min(created.AddHours(faker.Random.Double(1, 240)), now)
            : created.AddSeconds(faker.Random.Double(0, age.TotalSeconds));
        var due = created + priority switch
        {
            TicketPriority.Critical => TimeSpan.FromHours(4),
            TicketPriority.High => TimeSpan.FromDays(1),
            TicketPriority.Medium => TimeSpan.FromDays(3),
            _ => TimeSpan.FromDays(7),
        };

        var topic = faker.PickRandom(department.Topics);
        var subject = faker.Random.Bool(0.4f) ? $"{topic} - {faker.Commerce.ProductName()}" : topic;
        var description = $"{topic}. {faker.Lorem.Paragraph(3)} Order {faker.Random.Replace("??-######")}, {faker.Commerce.ProductName()}.";
        var tags = faker.Random.ListItems(CommonTags, faker.Random.WeightedRandom([0, 1, 2], [0.5f, 0.35f, 0.15f]));
        if (faker.Random.Bool(0.04f))
        {
            tags.Add("vip");
        }

        return new TicketShape(subject, description, priority, status, departmentId, department.Slug, assignee, created, updated, due,
            tags.Distinct().ToArray());
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
