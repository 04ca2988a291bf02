namespace TicketRouting.Core.Domain;

/// <summary>Slugs of the default departments (seed/departments.json holds their names).</summary>
public static class Departments
{
    public const string Billing = "billing";
    public const string Technical = "technical";
    public const string Orders = "orders";
    public const string Returns = "returns";
    public const string Accounts = "accounts";
    public const string Sales = "sales";
    public const string General = "general";

    public static readonly IReadOnlyList<string> Default =
        [Billing, Technical, Orders, Returns, Accounts, Sales, General];
}
