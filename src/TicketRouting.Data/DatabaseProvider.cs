namespace TicketRouting.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}
