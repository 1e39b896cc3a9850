#!/usr/bin/env bash
# Reproduces the tables in docs/performance.md: builds release, generates synthetic plans of
# N actions, and measures `plan` against the parse floor and Taskwarrior on the same data.
#
#   bench/run.sh                         # seed plan, N = 10000 and 100000
#   SIZES="1000 10000" bench/run.sh      # other sizes (growth is reported for 10k → 100k)
#   COUNT=0 bench/run.sh                 # skip the callgrind instruction counts
#   TIME=0 bench/run.sh                  # instruction counts and RSS only (a busy machine)
#   SIZES=10000 RUNS=3 WARMUP=1 COUNT=0 bench/run.sh   # a quick end-to-end check of the script
#   SIZES= COUNT=0 bench/run.sh          # only the history case (issue #23)
#   HISTORY="" bench/run.sh              # skip the history case
#
# The history case (issue #23): bench/gen-history.sh builds a repository of 2,000 actions
# with the tool's own commands, at each of HISTORY's commit counts (default 200 and 800), and
# alternating rounds per repository time `plan history ID`, `report --since FIRST`, `report
# --format html` and `git log -p -- plan` on it, so the ratios are of one run.
#
# Three measurements per command, all on the same generated data:
# - wall time: ONE hyperfine run per plan size holding every command (plan, the floor and
#   Taskwarrior), `--warmup`, several runs each; the table shows medians. Without hyperfine,
#   the script's own alternating rounds (one warm-up round) give the same medians. Wall time
#   is only meaningful when nothing else runs on the machine.
# - instructions: `valgrind --tool=callgrind`, total over all threads (git children of
#   `--rev` not counted). Repeatable on a loaded machine, so the ratios still compare.
# - peak RSS: GNU time's maximum resident set size of one run (also load-independent).
#
# Needs GNU time, python3, bc, valgrind (for COUNT=1) and git; hyperfine is used when
# installed, and Taskwarrior (`task`) compared when installed. Everything it writes goes under $CARGO_TARGET_DIR/bench.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES-"10000 100000"}
HISTORY=${HISTORY-"200 800"}
COUNT=${COUNT:-1}
TIME=${TIME:-1}
# Hyperfine runs per command; empty: 30 for the seed plan, 10 below 100k, 7 from 100k.
RUNS=${RUNS:-}
WARMUP=${WARMUP:-}
# The targets (issue #18) are for two threads; plan's rayon pool reads RAYON_NUM_THREADS.
THREADS=${THREADS:-2}
export RAYON_NUM_THREADS=$THREADS
# The day "overdue" is measured from; about a quarter of generated actions are overdue then.
TODAY=2005-06-01
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$CARGO_TARGET_DIR/bench
REL=$CARGO_TARGET_DIR/release
mkdir -p "$OUT"

for tool in python3 git bc; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "GNU time is required (apt-get install time)" >&2; exit 2; }
if [ "$COUNT" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "valgrind is required for instruction counts (or COUNT=0)" >&2; exit 2
fi
if command -v hyperfine >/dev/null; then HAVE_HYPERFINE=1; else HAVE_HYPERFINE=0; echo "no hyperfine: wall times from alternating rounds of the script's own" >&2; fi
if command -v task >/dev/null; then HAVE_TASK=1; else HAVE_TASK=0; echo "no Taskwarrior: its rows are skipped" >&2; fi

echo "building release ..." >&2
cargo build --release --quiet --bin plan --example gen-plan --example parse-floor
PLAN=$REL/plan
GEN=$REL/examples/gen-plan
FLOOR=$REL/examples/parse-floor

# Taskwarrior has no --today: move the tasks' due dates so that its "now" plays TODAY.
SHIFT_DAYS=$(( ( $(date -u +%s) - $(date -u -d "$TODAY" +%s) ) / 86400 ))

RESULTS=$OUT/results.tsv
: > "$RESULTS"

# alternate_times N RUNS NAME=COMMAND... : one warm-up round, then RUNS rounds each running
# every command in turn (twice: timed alone, then under GNU time); wall times go to a hyperfine-style JSON (median, mean, σ, and
# the median CPU time, user + system, children waited for included: git's own work too), and
# each command's peak RSS, last round, to OUT/times-N.tsv.
alternate_times() {
    local n=$1 runs=$2; shift 2
    local json=$OUT/hf-$n.json times=$OUT/times-$n.tsv spec name cmd round start end kib
    : > "$times"
    echo "$n: $runs alternating rounds of ${#@} commands ..." >&2
    for ((round = 0; round <= runs; round++)); do
        for spec in "$@"; do
            name=${spec%%=*} cmd=${spec#*=}
            # Only the command between the two clock readings; its CPU time and peak RSS
            # from a second run under GNU time, whose own start would blur a 3 ms command.
            start=$EPOCHREALTIME
            # shellcheck disable=SC2086 # COMMAND is a string of words on purpose
            $cmd >/dev/null 2>&1 || true
            end=$EPOCHREALTIME
            # shellcheck disable=SC2086
            /usr/bin/time -o "$OUT/time.out" -f '%M %U %S' $cmd >/dev/null 2>&1 || true
            read -r kib cpu < <(tail -1 "$OUT/time.out" | awk '{print $1, $2 + $3}')
            # Round 0 warms the page cache and is not counted.
            [ "$round" = 0 ] || printf '%s\t%s\t%s\t%s\n' "$name" "$(echo "$end - $start" | bc)" "$kib" "$cpu" >> "$times"
        done
    done
    python3 - "$times" "$json" <<'PY'
import json, statistics, sys
runs, cpus = {}, {}
for line in open(sys.argv[1]):
    name, secs, kib, cpu = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append(float(secs))
    cpus.setdefault(name, []).append(float(cpu))
results = [dict(command=k, median=statistics.median(v), mean=statistics.mean(v),
                stddev=statistics.stdev(v) if len(v) > 1 else 0, times=v,
                cpu=statistics.median(cpus[k])) for k, v in runs.items()]
json.dump({"results": results}, open(sys.argv[2], "w"))
PY
}

# alternate N RUNS NAME=COMMAND... : alternate_times, then each command's peak RSS (its last
# round) to the results, as `measure` writes them.
alternate() {
    local n=$1 runs=$2; shift 2
    local times=$OUT/times-$n.tsv spec name kib
    alternate_times "$n" "$runs" "$@"
    for spec in "$@"; do
        name=${spec%%=*}
        kib=$(awk -F'\t' -v n="$name" '$1 == n {k = $3} END {print k}' "$times")
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$OUT/hf-$n.json" "$kib" 0 >> "$RESULTS"
    done
}

# measure N NAME=COMMAND... : one hyperfine run over all the commands, then per command the
# peak RSS and (COUNT=1) the instruction count. Each COMMAND is a string of words.
measure() {
    local n=$1 warmup=$2 runs=$3; shift 3
    local args=() spec name cmd json=$OUT/hf-$n.json
    for spec in "$@"; do args+=(-n "${spec%%=*}" "${spec#*=}"); done
    if [ "$TIME" = 1 ] && [ "$HAVE_HYPERFINE" = 1 ]; then
        echo "N=$n: hyperfine, $runs runs of ${#@} commands ..." >&2
        hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$json" \
            "${args[@]}" >&2
    elif [ "$TIME" = 1 ]; then
        # The same medians from rounds of its own (one warm-up round, not `warmup`).
        alternate_times "$n" "$runs" "$@"
    fi
    for spec in "$@"; do
        name=${spec%%=*} cmd=${spec#*=}
        local kib instr=0
        # shellcheck disable=SC2086 # COMMAND is a string of words on purpose
        kib=$(/usr/bin/time -f %M $cmd 2>&1 >/dev/null | tail -1)
        if [ "$COUNT" = 1 ]; then
            echo "  callgrind: $name" >&2
            # shellcheck disable=SC2086
            # Children are followed so that `env VAR=… task` is counted (env execs task);
            # the git processes behind `--rev` are skipped (they are git's cost, not plan's).
            instr=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --trace-children=yes \
                --trace-children-skip='*/git,git' $cmd 2>&1 >/dev/null \
                | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | awk '{s += $1} END {printf "%.0f\n", s}')
        fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$json" "$kib" "${instr:-0}" >> "$RESULTS"
    done
}

# The seed plan shipped in plan/.
seed=(--plan plan --today "$TODAY")
[ -z "$SIZES" ] || measure seed "${WARMUP:-5}" "${RUNS:-30}" \
    "plan list --overdue=$PLAN ${seed[*]} list --overdue --format json" \
    "plan check=$PLAN ${seed[*]} check --format json"

for n in $SIZES; do
    dir=$OUT/plan-$n
    echo "N=$n: generating ..." >&2
    rm -rf "$dir"
    "$GEN" "$n" "$dir" --tasks "$OUT/tasks-$n.json" --shift-days "$SHIFT_DAYS" 2>/dev/null
    # A repository of its own, so that `--rev HEAD` reads the same plan from git.
    git -C "$dir" init -q && git -C "$dir" add -A \
        && git -C "$dir" -c user.name=bench -c user.email=bench@localhost commit -qm plan
    common="$PLAN --plan $dir --today $TODAY"
    cmds=(
        "plan list --overdue=$common list --overdue --format json"
        "plan check=$common check --format json"
        "plan --rev HEAD list --overdue=$common --rev HEAD list --overdue --format json"
        "plan report html=$common report --format html"
        "floor=$FLOOR $dir --threads $THREADS"
    )
    if [ "$HAVE_TASK" = 1 ]; then
        tw=$OUT/task-$n
        rm -rf "$tw" && mkdir -p "$tw"
        printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ncolor=off\n' "$tw" > "$tw/taskrc"
        echo "N=$n: importing into Taskwarrior ..." >&2
        TASKRC=$tw/taskrc TASKDATA=$tw task import "$OUT/tasks-$n.json" >/dev/null 2>&1
        TASKRC=$tw/taskrc TASKDATA=$tw task gc >/dev/null 2>&1 || true # file completed tasks once
        cmds+=("task overdue=env TASKRC=$tw/taskrc TASKDATA=$tw task rc.gc=off rc.detection=off rc.defaultwidth=200 overdue")
    fi
    if [ "$n" -ge 100000 ]; then
        measure "$n" "${WARMUP:-1}" "${RUNS:-7}" "${cmds[@]}"
    else
        measure "$n" "${WARMUP:-2}" "${RUNS:-10}" "${cmds[@]}"
    fi
done

# The history case: the same repository for every commit count's prefix would not be the
# same plan (each generated week adds updates), so each count gets its own repository, kept
# between runs (generating 800 commits takes minutes) unless the generator changed.
for commits in $HISTORY; do
    repo=$OUT/history-$commits
    if [ ! -f "$repo/.generated" ] || [ "$repo/.generated" -ot bench/gen-history.sh ]; then
        echo "history: generating $commits commits ..." >&2
        id=$(bench/gen-history.sh "$PLAN" "$GEN" "$repo" "$commits" 2000 | tail -1)
        echo "$id" > "$repo/.generated"
    fi
    id=$(cat "$repo/.generated")
    first=$(git -C "$repo" rev-list --max-parents=0 HEAD)
    common="$PLAN --plan $repo/plan --today 2030-01-01"
    # Wall time only (instructions would leave out git's own work, half of what is
    # compared), the commands taking turns run after run, so a load that comes and goes on a
    # shared machine falls on all of them alike.
    alternate "h$commits" "${RUNS:-5}" \
        "git log -p=git -C $repo log -p -- plan" \
        "plan history=$common history $id" \
        "plan report --since=$common report --since $first" \
        "plan report html=$common report --format html"
done

python3 - "$RESULTS" "$THREADS" <<'EOF'
import json, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
threads = sys.argv[2]
res, order, hf = {}, [], {}
for n, name, path, kib, instr in rows:
    if path not in hf:
        try:
            hf[path] = {r["command"]: r for r in json.load(open(path))["results"]}
        except OSError:
            hf[path] = {}
    r = hf[path].get(name)
    wall = (r["median"] * 1000, r["mean"] * 1000, (r["stddev"] or 0) * 1000) if r else None
    res[(n, name)] = dict(wall=wall, mib=int(kib) / 1024, instr=int(instr),
                          cpu=r.get("cpu") if r else None)
    order.append((n, name))

print(f"| N | command ({threads} threads) | median (ms) | mean ± σ (ms) | instructions (M) | peak RSS (MiB) |")
print("|---:|---|---:|---:|---:|---:|")
for key in order:
    n, name = key
    r = res[key]
    med = f"{r['wall'][0]:.1f}" if r["wall"] else "–"
    mean = f"{r['wall'][1]:.1f} ± {r['wall'][2]:.1f}" if r["wall"] else "–"
    ins = f"{r['instr'] / 1e6:,.0f}" if r["instr"] else "–"
    print(f"| {n} | `{name}` | {med} | {mean} | {ins} | {r['mib']:.1f} |")

def ratio(a, b, what):
    """a / b for `what` ('wall' median or 'instr'), or None."""
    ra, rb = res.get(a), res.get(b)
    if not ra or not rb:
        return None
    va = ra["wall"][0] if what == "wall" and ra["wall"] else ra["instr"] if what == "instr" else None
    vb = rb["wall"][0] if what == "wall" and rb["wall"] else rb["instr"] if what == "instr" else None
    return va / vb if va and vb else None

big = max((n for n, _ in order if n.isdigit()), key=int, default=None)
def row(target, limit, a, b, higher_is_better=False):
    cells = []
    verdicts = []
    for what in ("wall", "instr"):
        v = ratio(a, b, what)
        if v is None:
            cells.append("–")
            continue
        ok = v >= limit if higher_is_better else v <= limit
        verdicts.append(ok)
        cells.append(f"{v:.2f}×")
    verdict = "–" if not verdicts else ("met" if all(verdicts) else "**missed**")
    print(f"| {target} | {cells[0]} | {cells[1]} | {verdict} |")

if big:
    print()
    print(f"### Against the targets (N = {big}, {threads} threads)")
    print()
    print("| target | wall (median) | instructions | |")
    print("|---|---:|---:|---|")
    B = lambda name: (big, name)
    row("`list --overdue` ≤ 1.3× the floor", 1.3, B("plan list --overdue"), B("floor"))
    row("`check` ≤ 1.3× the floor", 1.3, B("plan check"), B("floor"))
    row("`task overdue` / `list --overdue` ≥ 15×", 15, B("task overdue"), B("plan list --overdue"), True)
    row("`--rev HEAD list --overdue` ≤ 1.5× the working tree", 1.5, B("plan --rev HEAD list --overdue"), B("plan list --overdue"))
    row("`report --format html` ≤ 3× the floor", 3, B("plan report html"), B("floor"))
    for name in ("plan list --overdue", "plan check"):
        row(f"`{name[5:]}` 10k → 100k growth ≤ 11×", 11, ("100000", name), ("10000", name))
    for name in ("plan list --overdue", "plan check"):
        r = res.get(B(name))
        if r:
            print(f"| `{name[5:]}` peak RSS ≤ 64 MiB | {r['mib']:.1f} MiB | | {'met' if r['mib'] <= 64 else '**missed**'} |")
hist = sorted({n for n, _ in order if n.startswith("h")}, key=lambda n: int(n[1:]))
def hrow(target, limit, a, b):
    """Wall-time and CPU-time ratios a / b; the verdict is the wall time's."""
    ra, rb = res.get(a), res.get(b)
    if not ra or not rb or not ra["wall"] or not rb["wall"]:
        return
    wall = ra["wall"][0] / rb["wall"][0]
    cpu = f"{ra['cpu'] / rb['cpu']:.2f}×" if ra.get("cpu") and rb.get("cpu") else "–"
    verdict = "–" if limit is None else "met" if wall <= limit else "**missed**"
    print(f"| {target} | {wall:.2f}× | {cpu} | {verdict} |")
if hist:
    small, large = hist[0], hist[-1]
    print()
    print(f"### History (2,000 actions; {', '.join(h[1:] for h in hist)} commits)")
    print()
    print("| target | wall (median) | CPU, user + system (median) | |")
    print("|---|---:|---:|---|")
    for name in ("plan history", "plan report --since", "plan report html"):
        hrow(f"{small[1:]} commits: `{name[5:]}` ≤ 1.0× `git log -p -- plan`", 1.0,
             (small, name), (small, "git log -p"))
    if large != small:
        for name in ("plan history", "plan report --since", "plan report html"):
            hrow(f"`{name[5:]}` {small[1:]} → {large[1:]} commits ≤ 4.5×", 4.5,
                 (large, name), (small, name))
        hrow(f"(`git log -p -- plan` itself, {small[1:]} → {large[1:]} commits)", None,
             (large, "git log -p"), (small, "git log -p"))
for name in ("plan list --overdue", "plan check"):
    r = res.get(("seed", name))
    if r and r["wall"]:
        ok = r["wall"][0] < 5 and r["mib"] < 8
        print(f"| seed `{name[5:]}` < 5 ms, < 8 MiB | {r['wall'][0]:.1f} ms, {r['mib']:.1f} MiB | | {'met' if ok else '**missed**'} |")
    elif r:
        print(f"| seed `{name[5:]}` < 8 MiB | {r['mib']:.1f} MiB | | {'met' if r['mib'] < 8 else '**missed**'} |")
EOF
echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -sr)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (wall times are only meaningful near 0)"
echo "tools: $(rustc --version); $(hyperfine --version 2>/dev/null || echo 'no hyperfine'); $(task --version 2>/dev/null | sed 's/^/Taskwarrior /' || echo 'no Taskwarrior'); $(valgrind --version 2>/dev/null || echo 'no valgrind')"
echo "commit: $(git rev-parse HEAD)$(git diff --quiet HEAD -- src examples bench Cargo.toml Cargo.lock || echo ' (with uncommitted changes)')"
echo "command: SIZES=\"$SIZES\" THREADS=$THREADS COUNT=$COUNT TIME=$TIME RUNS=${RUNS:-default} WARMUP=${WARMUP:-default} bench/run.sh"
