#!/usr/bin/env bash
# Whole-process figures for `propose batch`: wall time and peak memory (RSS) for 1,000,
# 10,000 and 100,000 scenarios to CSV, and 10,000 with `--render md`.
#
#   scripts/bench-batch.sh            # every figure, best of 3 runs each
#   RUNS=1 SIZES="1000 10000" scripts/bench-batch.sh
#   OUT=/some/disk/dir scripts/bench-batch.sh   # where rendered files go (default: target/)
#
# Needs a release build (made here) and GNU time (`/usr/bin/time`) for peak RSS. Not run by
# CI: figures depend on the machine. Two matrices are measured:
#   managed   examples/acme-managed.toml × servers × months (values replaced in place)
#   examples  every file in examples/ × proposal.valid_days × proposal.tax (keys most
#             examples lack, so they are added first, then replaced in place)
# Every scenario of both prices (status ok): the figures are for real work, not error rows.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SIZES=${SIZES:-1000 10000 100000}
OUT=${OUT:-target/bench-batch-out}
JOBS=${JOBS:-}
BIN=target/release/propose

cargo build --release --quiet
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

examples=$(find examples -maxdepth 1 -name '*.toml' | wc -l)
list() { seq -s, 1 "$1"; }

# Prints the best wall time, that run's CPU time (user + system: what the work costs,
# whatever else the machine is doing) and the highest peak RSS over $RUNS runs.
measure() {
    local best="" cpu="" rss=0 i wall user sys kb
    for ((i = 0; i < RUNS; i++)); do
        [ -n "${CLEAN:-}" ] && rm -rf "$CLEAN"
        /usr/bin/time -f '%e %U %S %M' -o target/bench-batch.time "$@" >/dev/null 2>target/bench-batch.err || true
        read -r wall user sys kb < <(tail -n 1 target/bench-batch.time)
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
            best=$wall
            cpu=$(awk "BEGIN{print $user + $sys}")
        fi
        if ((kb > rss)); then rss=$kb; fi
    done
    printf '%6.2f s wall  %6.2f s cpu  %6.1f MB\n' "$best" "$cpu" "$(awk "BEGIN{print $rss/1024}")"
}

jobs_arg=()
[ -n "$JOBS" ] && jobs_arg=(--jobs "$JOBS")

echo "propose batch, $(nproc) cores, load $(cut -d" " -f1 /proc/loadavg), best of $RUNS (wall, its cpu, peak RSS)"
for n in $SIZES; do
    servers=$((n / 100))
    printf 'managed   %7d scenarios -> csv       ' "$n"
    measure "$BIN" batch examples/acme-managed.toml "${jobs_arg[@]}" \
        --vary "engagement[0].inventory.servers=$(list "$servers")" --vary "engagement[0].months=$(list 100)"
    printf 'examples  %7d scenarios -> csv       ' "$n"
    measure "$BIN" batch examples "${jobs_arg[@]}" --vary "proposal.valid_days=$(list 100)" \
        --vary "proposal.tax=$(seq -s, 0 $(((n + examples * 100 - 1) / (examples * 100) - 1)))"
done
printf 'managed   %7d scenarios -> csv + md  ' 10000
CLEAN=$OUT measure "$BIN" batch examples/acme-managed.toml "${jobs_arg[@]}" --render md --out "$OUT" \
    --vary "engagement[0].inventory.servers=$(list 100)" --vary "engagement[0].months=$(list 100)"
rows=$(find "$OUT" -name '*.md' | wc -l)
echo "($rows Markdown files in $OUT)"
rm -rf "$OUT" target/bench-batch.time target/bench-batch.err
