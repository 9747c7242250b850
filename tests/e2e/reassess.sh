#!/bin/sh
# A quarterly reassessment job, written the way a CI job runs it: no terminal, CI=true,
# standard input closed. docs/ci.md shows the same steps as a GitHub Actions workflow.
#
# Usage: reassess.sh DIR
#   DIR holds the quarters' answers files, named to sort by date (answers-2026q1.yaml, ...),
#   and cxcheck.yaml with the gates. Outputs are written into DIR.
#
# Each step states the exit code it must give; the script stops at the first surprise, so
# its own exit code is 0 only when every step behaved as documented.
set -u
exec 0<&- # standard input closed, as on a CI runner
cd "$1" || exit 2

step() {
    want=$1
    shift
    "$@"
    got=$?
    echo "[exit $got] $*"
    if [ "$got" -ne "$want" ]; then
        echo "reassess.sh: expected exit $want from: $*" >&2
        exit 1
    fi
}

latest=$(ls answers-*.yaml | tail -n 1)
previous=$(ls answers-*.yaml | tail -n 2 | head -n 1)

# The job itself: the gates in cxcheck.yaml, last quarter as the baseline.
step 0 cxcheck check "$latest" --format junit -o gates.xml
# A stricter threshold than the team has reached: the gate fails, and says so with exit 1.
step 1 cxcheck check "$latest" --fail-under 80 --format junit -o failing.xml
# Against last quarter, the best so far: the drop is caught.
step 1 cxcheck check "$latest" --baseline "$previous" --format json -o regression.json
# The year at a glance, whatever order the shell lists the files in.
step 0 cxcheck trend $(ls answers-*.yaml | sort -r) -o trend.html
step 0 cxcheck compare "$previous" "$latest" -f json -o compare.json
# Nothing ever waits for a person: without a terminal, a walk-through that needs answers
# fails at once and says how to give them instead; what was given is kept.
step 2 cxcheck assess
step 2 cxcheck assess -o answers-next.yaml --respondent "CI job" --organisation "Demo Ltd"
step 0 cxcheck assess --answers answers-next.yaml --set demo/often=Often
echo "reassess.sh: every step behaved as documented"
