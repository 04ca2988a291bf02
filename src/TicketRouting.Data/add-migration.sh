#!/usr/bin/env bash
# Adds a migration NAME for every provider: ./src/TicketRouting.Data/add-migration.sh NAME
# The EF design package is only referenced in this design-time build (see TicketRouting.Cli.csproj).
set -euo pipefail
name=${1:?usage: add-migration.sh NAME}
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
dotnet build src/TicketRouting.Cli -p:EfDesign=true -v q -nologo
for provider in ${PROVIDERS:-Sqlite Postgres SqlServer}; do
  dotnet ef migrations add "$name" --no-build \
    --project src/TicketRouting.Data --startup-project src/TicketRouting.Cli \
    --context "${provider}TicketsDbContext" --output-dir "Migrations/$provider"
done
