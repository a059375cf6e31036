#!/usr/bin/env bash
# run.sh: schemathesis against a running server with its own OpenAPI document
# (BASE_URL, e.g. http://127.0.0.1:3100), over every /api/v1 endpoint, once
# anonymous and once signed in as the demo moderator. Fails on any 5xx, any
# status the document does not list, and any body or content type that does
# not match it; prints the number of cases. Bounded: a fixed number of cases per
# operation, and a time budget per run.
set -euo pipefail
: "${BASE_URL:?BASE_URL is the server under test}"
ST=${ST:-st}
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-25}
BUDGET=${SCHEMATHESIS_SECONDS:-90}
REPORTS=$(mktemp -d)
trap 'rm -rf "$REPORTS"' EXIT

# The demo moderator (server/src/seed); the session is the `token` cookie.
token=$(curl -fsS -o /dev/null -c - -H 'Content-Type: application/json' \
  -d '{"identifier":"alice","password":"codincod-demo-password"}' "$BASE_URL/api/v1/login" |
  awk '$6 == "token" { print $7 }')
[ -n "$token" ] || { echo "could not sign in as the demo user alice" >&2; exit 1; }

run() { # run NAME [st options...]
  local name=$1; shift
  echo "--- schemathesis: $name"
  "$ST" run "$BASE_URL/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --max-time "$BUDGET" \
    --seed 15 --workers 2 --request-timeout 30 --no-color --generation-database none \
    --report json --report-json-path "$REPORTS/$name.json" "$@"
}

status=0
run anonymous || status=1
# Signing out would end the session the rest of the run relies on; the anonymous
# run covers it.
run signed-in -H "Cookie: token=$token" --exclude-path /logout || status=1

python3 - "$REPORTS" <<'PY'
import json, pathlib, sys
total = 0
for report in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    data = json.loads(report.read_text())
    cases = data.get("summary", data)["test_cases"]
    total += cases["generated"]
    print(f"schemathesis {report.stem}: {cases['generated']} cases, {cases['unique_failures']} failures")
print(f"schemathesis: {total} cases in all")
PY
exit $status
