#!/usr/bin/env bash
# Runs `form_groups --instance` on every MDGPLIB instance of a folder and prints, per
# instance, the value found, the best known value, the gap, the wall time the
# program reports and its user CPU time (from /usr/bin/time). Set
# ONLY=PATTERN to run only the instances whose file name matches the shell glob.
#
#   scripts/mdgplib.sh DIR [T120 T240 T480] [SEED]
#
# DIR holds the NAME.txt instance files and best_known.tsv (columns: instance, n, groups,
# best_known, ...). T120/T240/T480 are the CPU-time limits in seconds (the solving
# thread's CPU time, so a loaded machine does not shrink them) for n = 120, 240, 480
# (default: the literature's 3, 20, 120; other n get T480). The instance files stay outside
# the repository. Output: a tab-separated table, then the mean and worst gap per n.
# BIN=PATH runs an already built `form_groups` instead of building it (e.g. a copy, so
# that rebuilding the worktree during a long run does not change the binary).
set -euo pipefail
dir=${1:?usage: scripts/mdgplib.sh DIR [T120 T240 T480] [SEED]}
t120=${2:-3}
t240=${3:-20}
t480=${4:-120}
seed=${5:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --example form_groups --manifest-path "$root/Cargo.toml"
fi
bin=${BIN:-"$root/target/release/examples/form_groups"}
best="$dir/best_known.tsv"
rows=$(mktemp)
cpu=$(mktemp)
trap 'rm -f "$rows" "$cpu"' EXIT
printf 'instance\tn\tvalue\tbest_known\tgap_percent\tseconds\tcpu_seconds\n'
for f in "$dir"/${ONLY:-*}.txt; do
  name=$(basename "$f" .txt)
  n=$(head -1 "$f" | awk '{print $1}')
  case $n in 120) t=$t120 ;; 240) t=$t240 ;; *) t=$t480 ;; esac
  out=$(/usr/bin/time -f %U -o "$cpu" "$bin" --instance "$f" --cpu-time-limit "$t" --seed "$seed")
  value=$(awk '$1=="objective"{print $2}' <<<"$out")
  secs=$(awk '$1=="seconds"{print $2}' <<<"$out")
  bk=$(awk -F'\t' -v k="$name" '$1==k{print $4}' "$best")
  awk -v name="$name" -v n="$n" -v v="$value" -v b="$bk" -v s="$secs" -v c="$(tail -1 "$cpu")" 'BEGIN{
    gap = (b == "") ? "" : sprintf("%.3f", 100 * (b - v) / b);
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, n, v, b, gap, s, c }'
done | tee "$rows"
awk -F'\t' '$5!=""{
    key = $2 (index($1, "_ds_") ? " ds" : " ss");
    sum[key] += $5; cnt[key]++; if (!(key in worst) || $5 > worst[key]) worst[key] = $5 }
  END { for (k in sum) printf "# n=%s: %d instances, mean gap %.3f%%, worst %.3f%%\n", k, cnt[k], sum[k]/cnt[k], worst[k] }' "$rows" | sort
