# Sourced by run.sh and warmup-curve.sh: what both do to a running API before loading it.
# login BASE USER PASSWORD: prints an access token.
login() { curl -s "$1/api/token" -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}" | jq -r .accessToken; }
# prepare_service BASE CAPACITY: raises every agent's capacity (stops the script if the API refuses), then exports the
# portal's TOKEN and TICKET_PATH for the shared wrk script.
prepare_service() {
  local base=$1 capacity=$2 sup id code answer
  sup=$(login "$base" supervisor supervisor-dev-only-2026)
  answer=$(mktemp)
  for id in $(curl -s "$base/api/agent" -H "Authorization: Bearer $sup" | jq '.[].id'); do
    code=$(curl -s -o "$answer" -w '%{http_code}' -X PATCH "$base/api/agent/$id" -H "Authorization: Bearer $sup" \
      -H 'Content-Type: application/json' -d "{\"capacity\":$capacity}")
    [ "$code" = 200 ] || { echo "raising agent $id's capacity to $capacity answered $code: $(cat "$answer")" >&2; rm -f "$answer"; exit 1; }
  done
  rm -f "$answer"
  TOKEN=$(login "$base" portal portal-dev-only-2026); export TOKEN TICKET_PATH=/api/ticket
}
