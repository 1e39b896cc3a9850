#!/usr/bin/env bash
# Runs each cargo-fuzz target in turn, one job at a time, for N minutes each (default 10).
# Not part of CI: it needs the nightly toolchain and `cargo install cargo-fuzz`.
#
#   scripts/fuzz.sh            # every target, 10 minutes each
#   scripts/fuzz.sh 30         # every target, 30 minutes each
#   scripts/fuzz.sh 5 dates    # one target, 5 minutes
#
# Corpora grow in fuzz/corpus/<target>/ (git-ignored) starting from the checked-in seeds in
# fuzz/seeds/<target>/ (drawn from the real plan in plan/). A crash leaves its input in
# fuzz/artifacts/<target>/; reproduce it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# then pin it with a regression test under tests/ before fixing it.
# The last lines of each run (execs, coverage) are kept in fuzz/logs/<target>.log.
set -euo pipefail

minutes="${1:-10}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(dates plan_file plan_folder)
fi

cd "$(dirname "$0")/../fuzz"
mkdir -p logs
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: ${minutes} min"
    # -detect_leaks=0: commands keep the loaded plan until exit on purpose (loading::Kept),
    # which LeakSanitizer would report on every input.
    # One fuzzing process (libFuzzer's default, the same as -jobs=1 but logging here rather
    # than to fuzz-0.log): these machines are shared.
    ASAN_OPTIONS=detect_leaks=0 cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time=$((minutes * 60)) -max_len=65536 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -detect_leaks=0 2>&1 |
        tee "logs/$target.log" | grep -E "^#[0-9]+.*DONE|stat::|ERROR|SUMMARY|panicked" || true
    if ls "artifacts/$target"/crash-* "artifacts/$target"/timeout-* "artifacts/$target"/oom-* >/dev/null 2>&1; then
        echo "!! $target left inputs in fuzz/artifacts/$target/"
        failed=1
    fi
done
exit "${failed:-0}"

