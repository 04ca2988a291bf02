namespace TicketRouting.Data;

/// <summary>
/// The database triggers that keep <c>Agents.OpenTickets</c> equal to the agent's live, not-closed tickets (the rows of
/// the partial index <c>IX_Tickets_AssigneeId_Open</c>), for migration <c>OpenTicketCounter</c>. A trigger, not
/// application code, because a ticket's load changes on many paths (intake's plain SQL, claims, reassignment, status
/// changes, deletion and restore, agent deletion's SET NULL, import, the CLI): the database sees them all. Neither EF
/// Core nor the providers keep such an aggregate; the SQL is per provider because trigger syntax is.
/// Before this, the intake snapshot counted each agent's open tickets from the index on every batch: linear in the
/// open tickets per agent (README, "Intake, sixth pass").
/// </summary>
public static class OpenTicketTriggers
{
    /// <summary>The name declared to EF Core (<c>HasTrigger</c>); on SQLite the three triggers share it as a prefix.</summary>
    public const string Name = "TR_Tickets_OpenTickets";

    private const int Closed = 3; // TicketStatus.Closed, as stored

    // Open = assigned, not deleted, not closed: the same predicate as IX_Tickets_AssigneeId_Open.
    private static string Open(string row) => $"{row}.\"AssigneeId\" IS NOT NULL AND {row}.\"DeletedAt\" IS NULL AND {row}.\"Status\" <> {Closed}";

    // Counts what is there when the migration runs; the triggers keep it from then on (same transaction).
    private const string Backfill =
        "UPDATE \"Agents\" SET \"OpenTickets\" = (SELECT COUNT(*) FROM \"Tickets\" t WHERE t.\"AssigneeId\" = \"Agents\".\"Id\" "
        + "AND t.\"DeletedAt\" IS NULL AND t.\"Status\" <> 3);";

    public static readonly string SqliteCreate = $"""
        CREATE TRIGGER "{Name}_Insert" AFTER INSERT ON "Tickets"
        WHEN {Open("NEW")}
        BEGIN
            UPDATE "Agents" SET "OpenTickets" = "OpenTickets" + 1 WHERE "Id" = NEW."AssigneeId";
        END;
        CREATE TRIGGER "{Name}_Delete" AFTER DELETE ON "Tickets"
        WHEN {Open("OLD")}
        BEGIN
            UPDATE "Agents" SET "OpenTickets" = "OpenTickets" - 1 WHERE "Id" = OLD."AssigneeId";
        END;
        CREATE TRIGGER "{Name}_Update" AFTER UPDATE OF "AssigneeId", "Status", "DeletedAt" ON "Tickets"
        WHEN OLD."AssigneeId" IS NOT NEW."AssigneeId" OR (OLD."DeletedAt" IS NULL) <> (NEW."DeletedAt" IS NULL)
            OR (OLD."Status" = {Closed}) <> (NEW."Status" = {Closed})
        BEGIN
            UPDATE "Agents" SET "OpenTickets" = "OpenTickets" - 1 WHERE "Id" = OLD."AssigneeId" AND OLD."DeletedAt" IS NULL AND OLD."Status" <> {Closed};
            UPDATE "Agents" SET "OpenTickets" = "OpenTickets" + 1 WHERE "Id" = NEW."AssigneeId" AND NEW."DeletedAt" IS NULL AND NEW."Status" <> {Closed};
        END;
        {Backfill}
        """;

    public static readonly string SqliteDrop = $"""
        DROP TRIGGER IF EXISTS "{Name}_Insert";
        DROP TRIGGER IF EXISTS "{Name}_Delete";
        DROP TRIGGER IF EXISTS "{Name}_Update";
        """;

    // $fn$ quoting: EF Core's idempotent PostgreSQL script wraps each statement in DO $EF$ ... $EF$.
    public static readonly string PostgresCreate = $$"""
        CREATE FUNCTION "{{Name}}"() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP <> 'INSERT' AND {{Open("OLD")}} THEN
                UPDATE "Agents" SET "OpenTickets" = "OpenTickets" - 1 WHERE "Id" = OLD."AssigneeId";
            END IF;
            IF TG_OP <> 'DELETE' AND {{Open("NEW")}} THEN
                UPDATE "Agents" SET "OpenTickets" = "OpenTickets" + 1 WHERE "Id" = NEW."AssigneeId";
            END IF;
            RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER "{{Name}}_Change" AFTER INSERT OR DELETE ON "Tickets"
            FOR EACH ROW EXECUTE FUNCTION "{{Name}}"();
        CREATE TRIGGER "{{Name}}_Update" AFTER UPDATE OF "AssigneeId", "Status", "DeletedAt" ON "Tickets"
            FOR EACH ROW WHEN (OLD."AssigneeId" IS DISTINCT FROM NEW."AssigneeId"
                OR (OLD."DeletedAt" IS NULL) <> (NEW."DeletedAt" IS NULL) OR (OLD."Status" = {{Closed}}) <> (NEW."Status" = {{Closed}}))
            EXECUTE FUNCTION "{{Name}}"();
        {{Backfill}}
        """;

    public static readonly string PostgresDrop = $"""
        DROP TRIGGER IF EXISTS "{Name}_Change" ON "Tickets";
        DROP TRIGGER IF EXISTS "{Name}_Update" ON "Tickets";
        DROP FUNCTION IF EXISTS "{Name}"();
        """;

    // CREATE TRIGGER must start its batch, so it runs through EXEC (EF Core's idempotent script wraps statements in IF).
    // Set-based: one statement may change many rows (inserted/deleted hold them all).
    public static readonly string SqlServerCreate = $"""
        EXEC(N'CREATE TRIGGER [{Name}] ON [Tickets] AFTER INSERT, UPDATE, DELETE AS
        BEGIN
            SET NOCOUNT ON;
            IF NOT (UPDATE([AssigneeId]) OR UPDATE([Status]) OR UPDATE([DeletedAt])) AND EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted) RETURN;
            UPDATE a SET [OpenTickets] = a.[OpenTickets] + c.[Delta]
            FROM [Agents] a JOIN (
                SELECT [AssigneeId], SUM([Delta]) AS [Delta] FROM (
                    SELECT [AssigneeId], 1 AS [Delta] FROM inserted WHERE [AssigneeId] IS NOT NULL AND [DeletedAt] IS NULL AND [Status] <> {Closed}
                    UNION ALL
                    SELECT [AssigneeId], -1 FROM deleted WHERE [AssigneeId] IS NOT NULL AND [DeletedAt] IS NULL AND [Status] <> {Closed}
                ) d GROUP BY [AssigneeId]
            ) c ON a.[Id] = c.[AssigneeId]
            WHERE c.[Delta] <> 0;
        END');
        UPDATE [Agents] SET [OpenTickets] = (SELECT COUNT(*) FROM [Tickets] t WHERE t.[AssigneeId] = [Agents].[Id] AND t.[DeletedAt] IS NULL AND t.[Status] <> 3);
        """;

    public static readonly string SqlServerDrop = $"DROP TRIGGER IF EXISTS [{Name}];";
}
