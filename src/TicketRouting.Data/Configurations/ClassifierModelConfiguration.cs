using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketRouting.Data.Entities;

namespace TicketRouting.Data.Configurations;

internal sealed class ClassifierModelConfiguration : IEntityTypeConfiguration<ClassifierModel>
{
    // Quoted identifiers read the same on SQLite, PostgreSQL and SQL Server.
    private const string Training = "\"Status\" = 'training'";

    public void Configure(EntityTypeBuilder<ClassifierModel> builder)
    {
        builder.ToTable("ClassifierModels");
        builder.Property(m => m.Version).HasMaxLength(80);
        builder.Property(m => m.Status).HasMaxLength(20);
        builder.Property(m => m.Reason).HasMaxLength(1000);
        builder.Property(m => m.RequestedBy).HasMaxLength(100);

        // One training at a time across every process: a second insert of a training row fails.
        builder.HasIndex(m => m.Status).IsUnique().HasFilter(Training).HasDatabaseName("IX_ClassifierModels_OneTraining");
        builder.HasIndex(m => m.Active);
    }
}
