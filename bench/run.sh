#!/usr/bin/env bash
# Reproduces the table in docs/performance.md: builds release, generates synthetic plans of
# N actions, and times `plan` against the parse floor and Taskwarrior with hyperfine.
#
#   bench/run.sh                 # N = 1000 10000 100000
#   SIZES="1000 10000" bench/run.sh
#
# Needs hyperfine and GNU time (installed with apt-get if absent and we are root);
# Taskwarrior (`task`) is installed the same way and timed when present.
# Everything it writes goes under $CARGO_TARGET_DIR/bench (default target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
# The day "overdue" is measured from; about a quarter of generated actions are overdue then.
TODAY=2005-06-01
# The role `plan owner` is timed for: a director, answering directly and via two groups.
OWNER="Corporate Director, Housing"
THREADS=$(nproc)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$CARGO_TARGET_DIR/bench
REL=$CARGO_TARGET_DIR/release
mkdir -p "$OUT"

need() { # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing $2 ..." >&2
        (apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }) >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null
}
need hyperfine hyperfine || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || need /usr/bin/time time || { echo "GNU time is required (apt-get install time)" >&2; exit 2; }
need python3 python3-minimal || { echo "python3 is required to print the table" >&2; exit 2; }
if need task taskwarrior; then HAVE_TASK=1; else HAVE_TASK=0; echo "no Taskwarrior: its rows are skipped" >&2; fi

echo "building release ..." >&2
cargo build --release --quiet --bin plan --example gen-plan --example parse-floor
PLAN=$REL/plan
GEN=$REL/examples/gen-plan
FLOOR=$REL/examples/parse-floor

# Taskwarrior has no --today: move the tasks' due dates so that its "now" plays TODAY.
SHIFT_DAYS=$(( ( $(date -u +%s) - $(date -u -d "$TODAY" +%s) ) / 86400 ))

# Peak resident set size in KiB of one run of "$@".
peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

RESULTS=$OUT/results.tsv
: > "$RESULTS"
record() { # record N NAME COMMAND... : hyperfine (runs from $RUNS) + peak RSS
    local n=$1 name=$2; shift 2
    local json=$OUT/hf-$n-${name// /_}.json
    hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
        -n "$name" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 \
        || hyperfine -N --style none -i --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
            -n "$name" -- "$(printf '%q ' "$@")" >/dev/null
    printf '%s\t%s\t%s\t%s\n' "$n" "$name" "$json" "$(peak_kib "$@")" >> "$RESULTS"
    echo "  $name done" >&2
}

# The seed plan shipped in plan/.
WARMUP=3 RUNS=30
record seed "plan list --overdue" "$PLAN" --plan plan --today "$TODAY" list --overdue --format json
record seed "plan check" "$PLAN" --plan plan --today "$TODAY" check --format json

for n in $SIZES; do
    dir=$OUT/plan-$n
    echo "N=$n: generating ..." >&2
    rm -rf "$dir"
    "$GEN" "$n" "$dir" --tasks "$OUT/tasks-$n.json" --shift-days "$SHIFT_DAYS" 2>/dev/null
    if [ "$n" -ge 100000 ]; then WARMUP=1 RUNS=5; else WARMUP=2 RUNS=10; fi
    common=(--plan "$dir" --today "$TODAY")
    record "$n" "plan list --overdue" "$PLAN" "${common[@]}" list --overdue --format json
    record "$n" "plan list --overdue (1 thread)" env RAYON_NUM_THREADS=1 "$PLAN" "${common[@]}" list --overdue --format json
    record "$n" "plan owner" "$PLAN" "${common[@]}" owner "$OWNER" --format json
    record "$n" "plan check" "$PLAN" "${common[@]}" check --format json
    record "$n" "floor (1 thread)" "$FLOOR" "$dir" --threads 1
    record "$n" "floor ($THREADS threads)" "$FLOOR" "$dir" --threads "$THREADS"
    if [ "$HAVE_TASK" = 1 ]; then
        tw=$OUT/task-$n
        rm -rf "$tw" && mkdir -p "$tw"
        printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ncolor=off\n' "$tw" > "$tw/taskrc"
        echo "N=$n: importing into Taskwarrior ..." >&2
        TASKRC=$tw/taskrc TASKDATA=$tw task import "$OUT/tasks-$n.json" >/dev/null 2>&1
        TASKRC=$tw/taskrc TASKDATA=$tw task gc >/dev/null 2>&1 || true # file completed tasks once
        [ "$n" -ge 100000 ] && RUNS=3
        record "$n" "task overdue" env TASKRC="$tw/taskrc" TASKDATA="$tw" task rc.gc=off rc.detection=off rc.defaultwidth=200 overdue
    fi
done

python3 - "$RESULTS" "$THREADS" <<'EOF'
import json, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
threads = sys.argv[2]
res = {}
for n, name, path, kib in rows:
    r = json.load(open(path))["results"][0]
    res[(n, name)] = (r["mean"] * 1000, r["stddev"] * 1000 if r["stddev"] else 0.0, int(kib) / 1024)
print("| N | command | mean ± σ (ms) | peak RSS (MiB) | plan / floor | Taskwarrior / plan |")
print("|---:|---|---:|---:|---:|---:|")
for (n, name), (mean, sd, mib) in res.items():
    vs_floor = vs_task = ""
    if name.startswith("plan"):
        floor = res.get((n, "floor (1 thread)" if "1 thread" in name else f"floor ({threads} threads)"))
        if floor:
            vs_floor = f"{mean / floor[0]:.2f}×"
        task = res.get((n, "task overdue"))
        if task and name.startswith("plan list --overdue") and "1 thread" not in name:
            vs_task = f"{task[0] / mean:.1f}×"
    print(f"| {n} | `{name}` | {mean:.1f} ± {sd:.1f} | {mib:.1f} | {vs_floor} | {vs_task} |")
def growth(name):
    a, b = res.get(("10000", name)), res.get(("100000", name))
    return f"{b[0] / a[0]:.1f}×" if a and b else "n/a"
print()
print("10k → 100k growth: " + ", ".join(f"`{k}` {growth(k)}" for k in
      ["plan list --overdue", "plan check", "plan owner", f"floor ({threads} threads)"]))
EOF
echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(hyperfine --version); $(task --version 2>/dev/null | sed 's/^/Taskwarrior /' || true)"
