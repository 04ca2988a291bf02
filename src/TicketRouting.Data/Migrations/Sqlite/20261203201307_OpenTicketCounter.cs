using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketRouting.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenTicketCounter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OpenTickets",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // The triggers that keep it (and count what is there now): see OpenTicketTriggers.
            migrationBuilder.Sql(OpenTicketTriggers.SqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OpenTicketTriggers.SqliteDrop);

            migrationBuilder.DropColumn(
                name: "OpenTickets",
                table: "Agents");
        }
    }
}
