using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TicketRouting.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OpenTicketsPerAgentIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tickets_AssigneeId_Open",
                table: "Tickets",
                columns: new[] { "AssigneeId", "Status", "DeletedAt" },
                filter: "\"DeletedAt\" IS NULL AND \"Status\" <> 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_AssigneeId_Open",
                table: "Tickets");
        }
    }
}
