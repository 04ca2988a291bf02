#!/usr/bin/env bash
# Bounded load test of POST /api/ticket: starts the API (Release) on 127.0.0.1 with a fresh database, raises agents'
# capacity so that every ticket is assigned, then runs wrk for DURATION seconds with CONNECTIONS connections.
#   tests/load/run.sh                      # SQLite (a fresh file)
#   PG="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres" tests/load/run.sh   # a fresh PostgreSQL database
# Needs wrk (apt-get install wrk) and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20}; CONNECTIONS=${CONNECTIONS:-16}; PORT=${PORT:-5090}
work=$(mktemp -d /tmp/ticketrouting-load.XXXXXX)
dotnet build src/TicketRouting.Api -c Release -nologo -v q >/dev/null
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" DataDirectory="$work"
export Logging__LogLevel__Default=Warning Auth__TokenRequestsPerMinute=1000
if [ -n "${PG:-}" ]; then
  db="tr_load_$$"
  psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=postgres" -qc "CREATE DATABASE $db" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__Tickets="${PG/Database=postgres/Database=$db}"
fi
dotnet src/TicketRouting.Api/bin/Release/net10.0/TicketRouting.Api.dll > "$work/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null; [ -n "${db:-}" ] && psql "${ConnectionStrings__Tickets/Database=$db/Database=postgres}" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
login() { curl -s "http://127.0.0.1:$PORT/api/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }
sup=$(login supervisor supervisor-dev-only-2026)
for id in $(curl -s "http://127.0.0.1:$PORT/api/agent" -H "Authorization: Bearer $sup" | jq '.[].id'); do
  curl -s -o /dev/null -X PATCH "http://127.0.0.1:$PORT/api/agent/$id" -H "Authorization: Bearer $sup" -H 'Content-Type: application/json' -d '{"capacity":1000}'
done
export TOKEN=$(login portal portal-dev-only-2026)
echo "provider: ${Database__Provider:-Sqlite}, $CONNECTIONS connections, ${DURATION}s, $(nproc) cores (wrk and the API share them)"
timeout $((DURATION + 30)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s tests/load/post-ticket.lua "http://127.0.0.1:$PORT/api/ticket"
curl -s "http://127.0.0.1:$PORT/api/stats" -H "Authorization: Bearer $sup" | jq -c '{total,
  spreadPerDepartment: ([.openPerAgent | group_by(.department)[] | {key: .[0].department, value: ((map(.openTickets) | max) - (map(.openTickets) | min))}] | from_entries)}'
