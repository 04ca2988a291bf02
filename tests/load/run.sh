#!/usr/bin/env bash
# Bounded load test of POST /api/ticket, measured as a ratio to the limit reference (../shared/bench/limit: parse the
# body and insert one row) in the same run, with the same wrk script (../shared/bench/post_ticket.lua).
#   tests/load/run.sh                      # SQLite: the limit, then one API process on a fresh file
#   PG="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres" tests/load/run.sh
#                                          # PostgreSQL: the limit, then two API processes on one fresh database,
#                                          # one wrk with CONNECTIONS/2 connections against each, rates added
#   PG=... PROCESSES="1 2" tests/load/run.sh
#                                          # after one limit run, each variant with one process, then with two
#                                          # (PROCESSES: a list of process counts; default 2 with PG, 1 on SQLite)
# Every run raises every agent's capacity to CAPACITY (default 1000, the API's maximum; 35 seeded agents, so the
# first 35,000 tickets can be assigned and later ones queue, as in a burst into a full helpdesk), warms up for WARMUP
# seconds, measures for DURATION seconds, then prints the per-department spread of open tickets, how many tickets
# were assigned and how many queued, and checks that the workload view (/api/agent) equals the tickets in the
# database. Needs wrk, jq, bc, and sqlite3 or psql. BENCH points at the limit.
# WARMUP defaults to 10 s, as in ../shared/bench/README.md: the runtime's JIT needs 8-12 s of this load to settle on
# 2 busy cores (Release build; README, "Intake, fourth pass"); a 3 s warm-up measured mostly the JIT.
#   VARIANTS="hybrid=;rules=Routing__Classifier=rules;no-policies=Routing__Policies__Enabled=false" tests/load/run.sh
#                                          # the limit once, then each service configuration on a fresh database:
#                                          # NAME=ASSIGNMENTS, variants separated by ';', assignments by spaces, passed
#                                          # as environment variables to the API process(es); a table at the end
#                                          # (API=path/to/TicketRouting.Api.dll in a variant: another build, same run)
# Exit status 1 if a variant answered anything but 201, broke the spread (> 1) or its workload view.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/load/service.sh
DURATION=${DURATION:-15}; WARMUP=${WARMUP:-10}; CAPACITY=${CAPACITY:-1000}; CONNECTIONS=${CONNECTIONS:-16}; PORT=${PORT:-5090}; LIMIT_PORT=${LIMIT_PORT:-5901}
BENCH=${BENCH:-$(pwd)/../shared/bench}
work=$(mktemp -d /tmp/ticketrouting-load.XXXXXX)
pids=(); dbs=(); failed=0
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
# CPU accounting (clock ticks): machine busy and idle from /proc/stat, the API processes by pid, every postgres process.
ticks_of() { local t=0 p f; for p in "$@"; do f=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) && t=$((t + ${f% *} + ${f#* })); done; echo "$t"; }
cpu_snapshot() { # prints: busy idle api postgres
  local pg=0 f
  for f in /proc/[0-9]*/stat; do
    read -r line < "$f" 2>/dev/null || continue
    [[ $line == *"(postgres)"* ]] && { set -- ${line##*) }; pg=$((pg + ${12} + ${13})); }
  done
  echo "$(awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6}' /proc/stat) $(ticks_of "${pids[@]}") $pg"
}
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

export ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Auth__TokenRequestsPerMinute=1000
export Intake__Profile=${PROFILE:-true} Intake__MaxBatchSize=${BATCH:-64}   # BATCH=1: one transaction per ticket (before)
VARIANTS=${VARIANTS:-default=}
PROCESSES=${PROCESSES:-$([ -n "${PG:-}" ] && echo 2 || echo 1)}
rows=()
# run_variant NAME "A=1 B=2" PROCESSES: fresh database, the API process(es) with those variables, warm-up,
# measurement, checks.
run_variant() {
  local name=$1 assignments=$2 processes=$3 dir="$work/$1" i
  echo "== service: $name${assignments:+ ($assignments)}, $processes process(es)"
  mkdir -p "$dir"
  local ports=() env=(DataDirectory="$dir")
  for i in $(seq 0 $((processes - 1))); do ports+=($((PORT + i))); done
  if [ -n "${PG:-}" ]; then
    local db="tr_load_$$_${#rows[@]}"; dbs+=("$db"); pg_admin "CREATE DATABASE $db" >/dev/null
    env+=(Database__Provider=Postgres ConnectionStrings__Tickets="${PG/Database=postgres/Database=$db}")
  fi
  read -r -a extra <<<"$assignments"
  # API=path/to/TicketRouting.Api.dll in a variant runs another build (e.g. a worktree of an older commit) in this run.
  local api=src/TicketRouting.Api/bin/Release/net10.0/TicketRouting.Api.dll kept=() a
  for a in ${extra[@]+"${extra[@]}"}; do if [[ $a == API=* ]]; then api=${a#API=}; else kept+=("$a"); fi; done
  extra=(${kept[@]+"${kept[@]}"})
  for i in "${!ports[@]}"; do
    # The first process migrates and seeds; the second starts on the ready database.
    env "${env[@]}" ${extra[@]+"${extra[@]}"} ASPNETCORE_URLS="http://127.0.0.1:${ports[$i]}" \
      dotnet "$api" \
      --Logging:LogLevel:TicketRouting.Api.Tickets.IntakeBatchWriter=Information > "$dir/api$i.log" 2>&1 &
    pids+=($!)
    wait_ready "http://127.0.0.1:${ports[$i]}/health/ready"
  done
  local base="http://127.0.0.1:$PORT"
  prepare_service "$base" "$CAPACITY"
  local sup; sup=$(login "$base" supervisor supervisor-dev-only-2026)
  local per=$((CONNECTIONS / ${#ports[@]}))
  run_all() { # run_all PREFIX SECONDS: one wrk per process, at the same time
    local w=() j
    for j in "${!ports[@]}"; do wrk_run "$name-$1$j" "http://127.0.0.1:${ports[$j]}" "$per" "$2" & w+=($!); done
    for j in "${w[@]}"; do wait "$j"; done
  }
  run_all warm "$WARMUP"
  local cpu0 cpu1; cpu0=$(cpu_snapshot)
  run_all svc "$DURATION"
  cpu1=$(cpu_snapshot)
  local rps=0 p50=0 p99=0 ok=0 other=0
  for i in "${!ports[@]}"; do
    grep RESULT "$work/$name-svc$i.txt" | sed "s/^/  process $i: /"
    rps=$(echo "$rps + $(field "$name-svc$i" rps)" | bc)
    p50=$(echo "$(field "$name-svc$i" latency_p50_ms) $p50" | tr ' ' '\n' | sort -g | tail -1)
    p99=$(echo "$(field "$name-svc$i" latency_p99_ms) $p99" | tr ' ' '\n' | sort -g | tail -1)
    ok=$((ok + $(field "$name-svc$i" status_201))); other=$((other + $(field "$name-svc$i" status_other)))
  done

  # Where the CPU went during the measurement: cores busy, and per request for the API, PostgreSQL and the rest (wrk, kernel).
  local hz; hz=$(getconf CLK_TCK)
  read -r b0 i0 a0 g0 <<<"$cpu0"; read -r b1 i1 a1 g1 <<<"$cpu1"
  local busy=$((b1 - b0)) total=$((b1 - b0 + i1 - i0)) api=$((a1 - a0)) pgc=$((g1 - g0))
  echo "$name cpu: machine $(echo "scale=2; $(nproc) * $busy / $total" | bc) of $(nproc) cores busy; per request: API $(echo "$api * 1000000 / $hz / $ok" | bc) µs, PostgreSQL $(echo "$pgc * 1000000 / $hz / $ok" | bc) µs, rest (wrk, kernel, other) $(echo "($busy - $api - $pgc) * 1000000 / $hz / $ok" | bc) µs" | tee "$dir/cpu.txt"
  echo "== invariants: $name"
  curl -s "$base/api/stats" -H "Authorization: Bearer $sup" | jq -c '{total,
    spreadPerDepartment: ([.openPerAgent | group_by(.department)[] | {key: .[0].department, value: ((map(.openTickets) | max) - (map(.openTickets) | min))}] | from_entries)}' \
    | tee "$dir/stats.json"
  local view stored spread match=yes
  view=$(curl -s "$base/api/agent" -H "Authorization: Bearer $sup" | jq -r 'sort_by(.id) | map("\(.id)|\(.openTickets)") | .[]')
  local query='SELECT a."Id" || '"'|'"' || (SELECT COUNT(*) FROM "Tickets" t WHERE t."AssigneeId" = a."Id" AND t."Status" <> 3 AND t."DeletedAt" IS NULL) FROM "Agents" a ORDER BY a."Id";'
  if [ -n "${PG:-}" ]; then stored=$(psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=$db" -qAtc "$query")
  else stored=$(sqlite3 "$dir/tickets.db" "$query"); fi
  local counts='SELECT SUM(CASE WHEN "AssigneeId" IS NULL THEN 0 ELSE 1 END) || '"' assigned, '"' || SUM(CASE WHEN "AssigneeId" IS NULL THEN 1 ELSE 0 END) || '"' queued'"' FROM "Tickets" WHERE "Status" <> 3;'
  if [ -n "${PG:-}" ]; then echo "tickets: $(psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=$db" -qAtc "$counts")"
  else echo "tickets: $(sqlite3 "$dir/tickets.db" "$counts")"; fi
  [ "$view" = "$stored" ] && echo "workload view equals the tickets in the database (open tickets per agent)" \
    || { match=no; echo "MISMATCH between /api/agent and the database:"; diff <(echo "$view") <(echo "$stored") || true; }
  # The counter the intake reads (Agents.OpenTickets, kept by triggers) must equal the same count.
  local counter_query='SELECT a."Id" || '"'|'"' || a."OpenTickets" FROM "Agents" a ORDER BY a."Id";' counter
  if [ -n "${PG:-}" ]; then counter=$(psql "host=127.0.0.1 port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$PG") user=postgres dbname=$db" -qAtc "$counter_query" 2>/dev/null || true)
  else counter=$(sqlite3 "$dir/tickets.db" "$counter_query" 2>/dev/null || true); fi
  if [ -z "$counter" ]; then echo "no Agents.OpenTickets column (a build before the counter, API=...)"
  elif [ "$counter" = "$stored" ]; then echo "Agents.OpenTickets equals the tickets in the database"
  else match=no; echo "MISMATCH between Agents.OpenTickets and the database:"; diff <(echo "$counter") <(echo "$stored") || true; fi
  spread=$(jq '[.spreadPerDepartment[]] | max' "$dir/stats.json")
  sleep 2.5 # the writer logs its profile every 2 s: let the last one cover the whole run
  for i in "${!ports[@]}"; do grep -h "Intake profile" "$dir/api$i.log" | tail -1 | sed "s/^ *Intake profile: /  profile $name, process $i: /" || true; done
  for i in "${!pids[@]}"; do kill "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
  pids=()
  if [ "$other" -ne 0 ] || [ "$match" != yes ] || [ "$spread" -gt 1 ]; then failed=1; fi
  rows+=("$name|$rps|$p50|$p99|${#ports[@]}|$ok|$other|$spread|$match")
}

IFS=';' read -r -a variants <<<"$VARIANTS"
read -r -a counts <<<"$PROCESSES"
for v in "${variants[@]}"; do
  [ -z "$v" ] && continue
  for n in "${counts[@]}"; do
    name=${v%%=*}; [ "${#counts[@]}" -gt 1 ] && name="$name-${n}p"
    run_variant "$name" "$( [[ $v == *=* ]] && echo "${v#*=}" )" "$n"
  done
done

echo "== result ($(nproc) cores, ${DURATION}s, $CONNECTIONS connections${PG:+, PostgreSQL})"
limit_rps=$(field limit rps)
printf '%-14s %9s %9s %9s %7s  %s\n' configuration 'req/s' 'p50 ms' 'p99 ms' ratio 'checks'
printf '%-14s %9.1f %9.2f %9.2f %7s  %s\n' limit "$limit_rps" "$(field limit latency_p50_ms)" "$(field limit latency_p99_ms)" 1 ''
for r in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 procs ok other spread match <<<"$r"
  printf '%-14s %9.1f %9.2f %9.2f %7.3f  %d process(es); 201: %d, other: %d; max spread %s; view = database: %s\n' \
    "$name" "$rps" "$p50" "$p99" "$(echo "$rps / $limit_rps" | bc -l)" "$procs" "$ok" "$other" "$spread" "$match"
done
for r in "${rows[@]}"; do cat "$work/${r%%|*}/cpu.txt"; done
exit "$failed"
