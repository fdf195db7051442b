#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 60), one after another, each
# starting from its seed corpus in fuzz/corpus/<target>/ (new inputs go to a scratch copy,
# so the repository's corpus stays small). Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: scripts/fuzz_all.sh [SECONDS] [TARGET...]
# Prints the executions and peak RSS of each target. A crash leaves its input in
# fuzz/artifacts/<target>/ and stops the script with status 1.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build
for t in "${targets[@]}"; do
    work="$(mktemp -d)"
    log="$(mktemp)"
    cp -r "corpus/$t/." "$work/" 2>/dev/null || true
    echo "== fuzz $t for ${secs}s"
    status=0
    cargo +nightly fuzz run "$t" "$work" -- -max_total_time="$secs" -max_len=4096 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)|ERROR|SUMMARY|Test unit written" "$log" || true
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log"
        rm -f "$log"
        echo "fuzz target $t failed (status $status); see fuzz/artifacts/$t/"
        exit 1
    fi
    rm -f "$log"
done
echo "== all fuzz targets ran ${secs}s each"
