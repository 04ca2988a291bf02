#!/usr/bin/env bash
# How fast a fresh API process reaches its full intake rate: starts the Release build on a fresh SQLite file (or with
# the given environment, e.g. DOTNET_TieredPGO=0), raises every agent's capacity to 1000, then runs wrk (the shared
# script, 16 connections) for STEPS back-to-back steps of STEP seconds and prints each step's req/s.
#   tests/load/warmup-curve.sh                                  # the build's own runtime settings
#   tests/load/warmup-curve.sh DOTNET_TC_QuickJit=1             # e.g. the default tiered JIT, for comparison
# Needs wrk, jq and curl. BENCH points at ../shared/bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/load/service.sh
STEPS=${STEPS:-12}; STEP=${STEP:-4}; PORT=${PORT:-5095}; BENCH=${BENCH:-$(pwd)/../shared/bench}
dir=$(mktemp -d /tmp/ticketrouting-warmup.XXXXXX)
dotnet build src/TicketRouting.Api -c Release -nologo -v q >/dev/null
start=$(date +%s.%N)
env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Auth__TokenRequestsPerMinute=1000 \
  DataDirectory="$dir" ASPNETCORE_URLS="http://127.0.0.1:$PORT" "$@" \
  dotnet src/TicketRouting.Api/bin/Release/net10.0/TicketRouting.Api.dll > "$dir/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 240); do curl -sf -o /dev/null "$base/health/ready" && break; sleep 0.25; done
echo "ready after $(echo "$(date +%s.%N) - $start" | bc) s"
prepare_service "$base" 1000
line="req/s per ${STEP} s step:"
for _ in $(seq "$STEPS"); do
  line="$line $(timeout $((STEP + 30)) wrk -t1 -c16 -d"${STEP}s" -s "$BENCH/post_ticket.lua" "$base" | sed -n 's/.*rps=\([0-9.]*\).*/\1/p' | head -1)"
done
echo "$line"
