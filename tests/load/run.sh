#!/usr/bin/env bash
# Bounded load test of POST /api/ticket, measured as a ratio to the limit reference (../shared/bench/limit: parse the
# body and insert one row) in the same run, with the same wrk script (../shared/bench/post_ticket.lua).
#   tests/load/run.sh                      # SQLite: the limit, then one API process on a fresh file
#   PG="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres" tests/load/run.sh
#                                          # PostgreSQL: the limit, then two API processes on one fresh database,
#                                          # one wrk with CONNECTIONS/2 connections against each, rates added
# Every run raises agents' capacity so that every ticket is assigned, warms up for WARMUP seconds, measures for
# DURATION seconds, then prints the per-department spread of open tickets and checks that the workload view
# (/api/agent) equals the tickets in the database. Needs wrk, jq, and sqlite3 or psql. BENCH points at the limit.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15}; WARMUP=${WARMUP:-3}; CONNECTIONS=${CONNECTIONS:-16}; PORT=${PORT:-5090}; LIMIT_PORT=${LIMIT_PORT:-5901}
BENCH=${BENCH:-$(pwd)/../shared/bench}
work=$(mktemp -d /tmp/ticketrouting-load.XXXXXX)
pids=(); dbs=()
pg_admin() { psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=postgres" -qAtc "$1"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  for d in "${dbs[@]}"; do pg_admin "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
wait_ready() { for _ in $(seq 120); do curl -sf -o /dev/null -X "${2:-GET}" "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }
# wrk_run NAME URL CONNECTIONS SECONDS: the shared script's RESULT lines go to $work/NAME.txt.
wrk_run() { timeout $(($4 + 30)) wrk -t1 -c"$3" -d"$4s" --timeout 10s --latency -s "$BENCH/post_ticket.lua" "$2" > "$work/$1.txt"; }
field() { sed -n "s/.*RESULT.*$2=\([0-9.]*\).*/\1/p" "$work/$1.txt" | head -1; }

echo "== $(nproc) cores shared by wrk, the API and the database; ${DURATION}s runs after ${WARMUP}s warm-ups; $CONNECTIONS connections"
dotnet build src/TicketRouting.Api -c Release -nologo -v q >/dev/null
dotnet build "$BENCH/limit" -c Release -nologo -v q -o "$work/limit" >/dev/null

echo "== limit reference"
if [ -n "${PG:-}" ]; then
  limit_db="limitref_$$"; dbs+=("$limit_db"); pg_admin "CREATE DATABASE $limit_db" >/dev/null
  export LIMIT_PG="${PG/Database=postgres/Database=$limit_db}"
else
  export LIMIT_DB="$work/limit.db"
fi
dotnet "$work/limit/Limit.dll" --urls "http://127.0.0.1:$LIMIT_PORT" > "$work/limit.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$LIMIT_PORT/api/ticket" POST
TOKEN="" wrk_run warm "http://127.0.0.1:$LIMIT_PORT" "$CONNECTIONS" "$WARMUP"
TOKEN="" wrk_run limit "http://127.0.0.1:$LIMIT_PORT" "$CONNECTIONS" "$DURATION"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
unset LIMIT_PG LIMIT_DB
grep RESULT "$work/limit.txt" | sed 's/^/  /'

echo "== service"
export ASPNETCORE_ENVIRONMENT=Development DataDirectory="$work" Logging__LogLevel__Default=Warning Auth__TokenRequestsPerMinute=1000
export Intake__Profile=${PROFILE:-true} Intake__MaxBatchSize=${BATCH:-64}   # BATCH=1: one transaction per ticket (before)
ports=("$PORT")
if [ -n "${PG:-}" ]; then
  db="tr_load_$$"; dbs+=("$db"); pg_admin "CREATE DATABASE $db" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__Tickets="${PG/Database=postgres/Database=$db}"
  ports=("$PORT" $((PORT + 1)))
fi
for i in "${!ports[@]}"; do
  # The first process migrates and seeds; the second starts on the ready database.
  ASPNETCORE_URLS="http://127.0.0.1:${ports[$i]}" dotnet src/TicketRouting.Api/bin/Release/net10.0/TicketRouting.Api.dll \
    --Logging:LogLevel:TicketRouting.Api.Tickets.IntakeBatchWriter=Information > "$work/api$i.log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:${ports[$i]}/health/ready"
done
base="http://127.0.0.1:$PORT"
login() { curl -s "$base/api/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }
sup=$(login supervisor supervisor-dev-only-2026)
for id in $(curl -s "$base/api/agent" -H "Authorization: Bearer $sup" | jq '.[].id'); do
  curl -s -o /dev/null -X PATCH "$base/api/agent/$id" -H "Authorization: Bearer $sup" -H 'Content-Type: application/json' -d '{"capacity":100000}'
done
export TOKEN=$(login portal portal-dev-only-2026) TICKET_PATH=/api/ticket
per=$((CONNECTIONS / ${#ports[@]}))
run_all() { # run_all PREFIX SECONDS: one wrk per process, at the same time
  local w=()
  for i in "${!ports[@]}"; do wrk_run "$1$i" "http://127.0.0.1:${ports[$i]}" "$per" "$2" & w+=($!); done
  for p in "${w[@]}"; do wait "$p"; done
}
run_all warm "$WARMUP"
run_all svc "$DURATION"
rps=0; p50=0; p99=0; ok=0; other=0
for i in "${!ports[@]}"; do
  grep RESULT "$work/svc$i.txt" | sed "s/^/  process $i: /"
  rps=$(echo "$rps + $(field "svc$i" rps)" | bc)
  p50=$(echo "$(field "svc$i" latency_p50_ms) $p50" | tr ' ' '\n' | sort -g | tail -1)
  p99=$(echo "$(field "svc$i" latency_p99_ms) $p99" | tr ' ' '\n' | sort -g | tail -1)
  ok=$((ok + $(field "svc$i" status_201))); other=$((other + $(field "svc$i" status_other)))
done

echo "== invariants"
curl -s "$base/api/stats" -H "Authorization: Bearer $sup" | jq -c '{total,
  spreadPerDepartment: ([.openPerAgent | group_by(.department)[] | {key: .[0].department, value: ((map(.openTickets) | max) - (map(.openTickets) | min))}] | from_entries)}' \
  | tee "$work/stats.json"
view=$(curl -s "$base/api/agent" -H "Authorization: Bearer $sup" | jq -r 'sort_by(.id) | map("\(.id)|\(.openTickets)") | .[]')
query='SELECT a."Id" || '"'|'"' || (SELECT COUNT(*) FROM "Tickets" t WHERE t."AssigneeId" = a."Id" AND t."Status" <> 3 AND t."DeletedAt" IS NULL) FROM "Agents" a ORDER BY a."Id";'
if [ -n "${PG:-}" ]; then stored=$(psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=$db" -qAtc "$query")
else stored=$(sqlite3 "$work/tickets.db" "$query"); fi
[ "$view" = "$stored" ] && echo "workload view equals the tickets in the database (open tickets per agent)" \
  || { echo "MISMATCH between /api/agent and the database:"; diff <(echo "$view") <(echo "$stored") || true; }
spread=$(jq '[.spreadPerDepartment[]] | max' "$work/stats.json")
for i in "${!pids[@]}"; do grep -h "Intake profile" "$work/api$i.log" | tail -1 | sed "s/^/  process $i: /" || true; done

echo "== result"
limit_rps=$(field limit rps)
printf 'limit:   %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms\n' "$limit_rps" "$(field limit latency_p50_ms)" "$(field limit latency_p99_ms)"
printf 'service: %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d process(es); 201: %d, other: %d; max spread %s)\n' \
  "$rps" "$p50" "$p99" "${#ports[@]}" "$ok" "$other" "$spread"
printf 'ratio:   %.3f\n' "$(echo "$rps / $limit_rps" | bc -l)"
