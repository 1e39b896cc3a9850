#!/usr/bin/env bash
# Builds a git repository holding a plan with years of history, made with the tool's own edit
# commands, for the history benchmark in docs/performance.md:
#
#   bench/gen-history.sh PLAN_BIN GEN_BIN DIR [COMMITS] [ACTIONS]
#
# DIR/plan starts as gen-plan's ACTIONS actions (default 2000: 20 files of 100), committed;
# then COMMITS (default 200) weekly commits follow, each of 10 `plan update`s spread over the
# plan, and every tenth week one `plan set --due` (a slip). Deterministic: the same arguments
# give the same plan and the same commit contents (dates are fixed, authors too).
set -euo pipefail
PLAN=$1 GEN=$2 DIR=$3 COMMITS=${4:-200} ACTIONS=${5:-2000}
rm -rf "$DIR" && mkdir -p "$DIR"
"$GEN" "$ACTIONS" "$DIR/plan" >/dev/null
cd "$DIR"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export PLAN_DIR=plan
git init -q . && git add plan
day() { date -u -d "2004-01-05 + $(( $1 * 7 )) days" +%F; }
GIT_AUTHOR_DATE="$(day 0)T12:00:00Z" GIT_COMMITTER_DATE="$(day 0)T12:00:00Z" git commit -qm "Plan as agreed"
mapfile -t IDS < <("$PLAN" list --today 2004-01-01 --format csv | tail -n +2 | cut -d, -f1)
N=${#IDS[@]}
for ((week = 1; week <= COMMITS; week++)); do
    on=$(day "$week")
    export PLAN_TODAY=$on
    for ((k = 0; k < 10; k++)); do
        id=${IDS[$(( (week * 10 + k) * 7919 % N ))]}
        rag=(green amber red); "$PLAN" update "$id" "Week $week: progress reported ($k)" --rag "${rag[$(( (week + k) % 3 ))]}" >/dev/null
    done
    if (( week % 10 == 0 )); then
        id=${IDS[$(( week * 104729 % N ))]}
        "$PLAN" set "$id" --due "$(date -u -d "$on + 180 days" +%F)" >/dev/null
    fi
    GIT_AUTHOR_DATE="${on}T12:00:00Z" GIT_COMMITTER_DATE="${on}T12:00:00Z" git commit -qam "Week $week returns"
done
echo "${IDS[$(( 10 * 7919 % N ))]}"
