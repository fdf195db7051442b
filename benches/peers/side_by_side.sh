#!/usr/bin/env bash
# Side-by-side solve-only medians: peermatch (max-weight and max-cardinality) vs LEMON 1.3
# MaxWeightedMatching vs integer-blossom, on the in-repository benchmark families, with a
# check that every tool found the same maximum weight. For benchmarking by hand, not for CI.
#
# usage: benches/peers/side_by_side.sh [--size small|large|all] [--only fam1,fam2]
#                                      [--reps R] [--timeout SECS] [--out DIR]
#
# Needs: g++ and Debian's liblemon-dev (apt-get install liblemon-dev); optionally the
# shared Rust peer runner (RUST_PEERS_DIR, default /work/shared/bench-peers/rust-peers),
# built here with cargo into target/rust-peers; without it the integer-blossom column is
# "-".
#
# Timing: each tool times only its solve call (solve_edges --repeat R: the library call;
# lemon_driver: MaxWeightedMatching::run(); rust-peers: the crate call). Every tool first
# runs once under the timeout (that run gives the weight); if R > 1 and R runs fit in half
# the timeout, the median of R further runs is reported, otherwise the single run, marked
# "(1)". A tool that exceeds the timeout is reported as "> T s". integer-blossom takes a
# dense n x n matrix of i32: it is skipped above IB_MAX_N vertices (default 5000) and when a
# weight does not fit in i32.
# Ratios are LEMON's median divided by peermatch's (above 1 = peermatch faster); LEMON has
# no max-cardinality mode, so that column compares with LEMON's max-weight time (the issue's
# target); the "LEMON mc" column gives LEMON the same maximum-cardinality problem (weights
# shifted by peermatch's shift, lemon_driver --max-cardinality), and its ratio compares
# like with like. "same weight" checks both modes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SIZE=small
ONLY=""
REPS=3
TIMEOUT=120
OUT="$ROOT/target/instances"
IB_MAX_N=${IB_MAX_N:-5000}
RUST_PEERS_DIR=${RUST_PEERS_DIR:-/work/shared/bench-peers/rust-peers}

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

BUILD="$ROOT/target/peers"
mkdir -p "$BUILD" "$OUT"
cd "$ROOT"

echo "building peermatch examples (release)..." >&2
cargo build --release --quiet --example gen_instances --example solve_edges
SOLVE="$ROOT/target/release/examples/solve_edges"
GEN="$ROOT/target/release/examples/gen_instances"

echo "building the LEMON driver..." >&2
g++ -O2 -std=c++17 -o "$BUILD/lemon_driver" benches/peers/lemon_driver.cpp -llemon
LEMON="$BUILD/lemon_driver"

PEERS=""
if [ -f "$RUST_PEERS_DIR/Cargo.toml" ]; then
  echo "building the Rust peer runner..." >&2
  if cargo build --release --quiet --manifest-path "$RUST_PEERS_DIR/Cargo.toml" \
      --target-dir "$ROOT/target/rust-peers"; then
    PEERS="$ROOT/target/rust-peers/release/rust-peers"
  fi
fi

gen_args=(--out "$OUT" --size "$SIZE")
[ -n "$ONLY" ] && gen_args+=(--only "$ONLY")
"$GEN" "${gen_args[@]}" >&2
mapfile -t NAMES < <("$GEN" "${gen_args[@]}" --list | awk '{print $1}')

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }

# peermatch FILE MODEFLAG -> "weight ms" (ms may be "> T s" or carry "(1)")
run_peermatch() {
  local file=$1 flag=$2 out w t
  if ! out=$(timeout "$TIMEOUT" "$SOLVE" "$file" $flag 2>/dev/null); then
    echo "? > ${TIMEOUT} s"; return
  fi
  w=$(awk -F': ' '/^total weight:/ {print $2}' <<<"$out")
  t=$(awk '/^solve time:/ {print $3}' <<<"$out")
  if awk -v t="$t" -v r="$REPS" -v T="$TIMEOUT" 'BEGIN {exit !(r > 1 && t * r / 1000 < T / 2)}'; then
    out=$(timeout "$TIMEOUT" "$SOLVE" "$file" $flag --repeat "$REPS" 2>/dev/null) || { echo "$w $t(1)"; return; }
    t=$(awk '/^solve time:/ {print $3}' <<<"$out")
    echo "$w $t"
  else
    echo "$w $t(1)"
  fi
}

run_lemon() { # FILE [--max-cardinality]
  local file=$1 flag=${2:-} out
  if ! out=$(timeout "$TIMEOUT" "$LEMON" "$file" 1 $flag 2>/dev/null); then
    echo "? > ${TIMEOUT} s"; return
  fi
  local w t
  w=$(awk '{print $5}' <<<"$out"); t=$(awk '{printf "%.3f", $7 * 1000}' <<<"$out")
  if awk -v t="$t" -v r="$REPS" -v T="$TIMEOUT" 'BEGIN {exit !(r > 1 && t * r / 1000 < T / 2)}'; then
    out=$(timeout "$TIMEOUT" "$LEMON" "$file" "$REPS" $flag 2>/dev/null) || { echo "$w $t(1)"; return; }
    t=$(awk '{printf "%.3f", $7 * 1000}' <<<"$out")
    echo "$w $t"
  else
    echo "$w $t(1)"
  fi
}

run_ib() {
  local file=$1 n=$2 maxw=$3
  if [ -z "$PEERS" ]; then echo "- -"; return; fi
  if [ "$n" -gt "$IB_MAX_N" ]; then echo "- skipped(n²)"; return; fi
  if [ "$maxw" -gt 2147483647 ]; then echo "- skipped(i32)"; return; fi
  local out w times=() t
  if ! out=$(timeout "$TIMEOUT" "$PEERS" integer-blossom maxweight "$file" 2>/dev/null); then
    echo "? > ${TIMEOUT} s"; return
  fi
  w=$(awk '{print $5}' <<<"$out"); t=$(awk '{printf "%.3f", $7 * 1000}' <<<"$out")
  if awk -v t="$t" -v r="$REPS" -v T="$TIMEOUT" 'BEGIN {exit !(r > 1 && t * r / 1000 < T / 2)}'; then
    times=("$t")
    for ((i = 1; i < REPS; i++)); do
      out=$(timeout "$TIMEOUT" "$PEERS" integer-blossom maxweight "$file" 2>/dev/null) || break
      times+=("$(awk '{printf "%.3f", $7 * 1000}' <<<"$out")")
    done
    t=$(printf '%s\n' "${times[@]}" | median)
    echo "$w $t"
  else
    echo "$w $t(1)"
  fi
}

ratio() { # LEMON ms, peermatch ms
  local a=${1%(1)} b=${2%(1)}
  if [[ "$a" =~ ^[0-9.]+$ && "$b" =~ ^[0-9.]+$ ]]; then
    awk -v a="$a" -v b="$b" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'
  else
    echo "-"
  fi
}

echo
echo "Solve-only medians in ms (median of $REPS runs unless marked (1) = a single run; timeout ${TIMEOUT} s per run)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)"
echo
echo "| instance | n | m | peermatch max-weight | peermatch max-card | LEMON | LEMON mc | integer-blossom | LEMON ÷ pm (mw) | LEMON ÷ pm (mc) | LEMON mc ÷ pm mc | same weight |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for name in "${NAMES[@]}"; do
  file="$OUT/$name.txt"
  read -r n m < "$file"
  maxw=$(awk 'NR > 1 {w = $3 < 0 ? -$3 : $3; if (w > mx) mx = w} END {printf "%d", mx}' "$file")
  read -r pw pt <<<"$(run_peermatch "$file" "")"
  read -r pcw pct <<<"$(run_peermatch "$file" --max-cardinality)"
  read -r lw lt <<<"$(run_lemon "$file")"
  read -r lcw lct <<<"$(run_lemon "$file" --max-cardinality)"
  read -r iw it <<<"$(run_ib "$file" "$n" "$maxw")"
  same="yes"
  if [ "$pw" = "?" ] || [ "$lw" = "?" ]; then
    same="unchecked"
  elif [ "$pw" != "$lw" ]; then
    same="NO (peermatch $pw, LEMON $lw)"
  fi
  if [ "$pcw" != "?" ] && [ "$lcw" != "?" ] && [ "$pcw" != "$lcw" ]; then
    same="NO (max-card: peermatch $pcw, LEMON $lcw)"
  fi
  if [ "$iw" != "-" ] && [ "$iw" != "?" ] && [ "$iw" != "$pw" ]; then
    same="NO (peermatch $pw, integer-blossom $iw)"
  fi
  echo "| $name | $n | $m | $pt | $pct | $lt | $lct | $it | $(ratio "$lt" "$pt") | $(ratio "$lt" "$pct") | $(ratio "$lct" "$pct") | $same |"
done
