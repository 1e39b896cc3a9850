#!/usr/bin/env bash
# CPU time (user + system, git's children included) of two or more builds of `plan` on the
# history repository bench/run.sh made, in alternating rounds, for the before/after tables in
# docs/performance.md:
#
#   bench/compare.sh ROUNDS BIN...        # e.g. bench/compare.sh 5 /tmp/plan-before target/release/plan
#   REPO=target/bench/history-800 bench/compare.sh 3 BIN...
#
# Prints, per command and build, the median `perf stat` task-clock (ms) over ROUNDS, and the
# same for `git log -p -- plan`. Needs perf and a repository made by `bench/run.sh` (or
# bench/gen-history.sh, with its action id in REPO/.generated).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?usage: bench/compare.sh ROUNDS BIN...}; shift
[ $# -ge 1 ] || { echo "usage: bench/compare.sh ROUNDS BIN..." >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is required" >&2; exit 2; }
REPO=${REPO:-${CARGO_TARGET_DIR:-target}/bench/history-200}
[ -f "$REPO/.generated" ] || { echo "no history repository at $REPO: run SIZES= bench/run.sh first" >&2; exit 2; }
ID=$(cat "$REPO/.generated")
FIRST=$(git -C "$REPO" rev-list --max-parents=0 HEAD)
export RAYON_NUM_THREADS=${THREADS:-2}
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

# cpu NAME COMMAND...: one task-clock reading of COMMAND, appended to OUT under NAME.
cpu() {
    local name=$1; shift
    local ms
    ms=$({ perf stat -x, -e task-clock "$@" >/dev/null; } 2>&1 | awk -F, '/task-clock/ {print $1}')
    echo "${name// /_} $ms" >> "$OUT"
}

for ((round = 0; round < ROUNDS; round++)); do
    cpu "git log -p -- plan" git -C "$REPO" log -p -- plan
    for bin in "$@"; do
        run=("$bin" --plan "$REPO/plan" --today 2030-01-01)
        cpu "history|$bin" "${run[@]}" history "$ID"
        cpu "report --since|$bin" "${run[@]}" report --since "$FIRST"
        cpu "report html|$bin" "${run[@]}" report --format html
    done
done
echo "median CPU (ms) over $ROUNDS alternating rounds, $REPO:"
cut -d' ' -f1 "$OUT" | sort -u | while read -r name; do
    median=$(awk -v n="$name" '$1 == n {print $2}' "$OUT" | sort -n |
        awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
    printf '%-60s %10s\n' "$name" "$median"
done
