using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketRouting.Data.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            // The triggers that keep it (and count what is there now): see OpenTicketTriggers.
            migrationBuilder.Sql(OpenTicketTriggers.SqlServerCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OpenTicketTriggers.SqlServerDrop);

            migrationBuilder.DropColumn(
                name: "OpenTickets",
                table: "Agents");
        }
    }
}
