#!/usr/bin/env bash
# compare-epoch.sh: seconds per epoch of the Fashion-MNIST CNN (the model of `./dendrite train`)
# on Dendrite's java and opencl devices and on PyTorch, one after the other on this machine.
#
#   bench/pytorch/compare-epoch.sh [--epochs N] [--batch N] [--lr X] [--seed N] [--data DIR]
#                                  [--devices "java opencl"] [--threads N]
#   ./dendrite compare --epochs 1          # the same, through the launcher
#
# Each run is timed with /usr/bin/time -v (wall time and peak resident memory of the whole
# process, JVM or Python included). "s/epoch" is the mean time of the training passes only (no
# evaluation), as each program measures it. PyTorch is Debian's python3-torch, run with two
# threads: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3, torch.set_num_threads(2).
# Logs go to runs/compare/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EPOCHS=1 BATCH=64 LR=0.001 SEED=42 DATA=/usr/share/datasets/fashion-mnist DEVICES="java opencl" THREADS=2

while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) EPOCHS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --lr) LR=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --devices) DEVICES=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare: unknown flag '$1' (flags: --epochs --batch --lr --seed --data --devices --threads)" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "compare: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }

LOGS="$ROOT/runs/compare"
mkdir -p "$LOGS"
ROWS=()

# field FILE PATTERN: the first number after PATTERN in FILE
field() { sed -n "s/.*$2 *\([0-9.]*\).*/\1/p" "$1" | head -1; }

# record NAME LOG TIMELOG: adds a table row from a run's output and /usr/bin/time's report
record() {
  local name=$1 log=$2 timelog=$3
  local spe acc rss wall
  spe=$(field "$log" 'seconds_per_epoch=')
  [[ -n "$spe" ]] || spe=$(field "$log" 'time per epoch:')
  acc=$(field "$log" 'test_accuracy=')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$timelog")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$timelog")
  ROWS+=("$(printf '%-30s %10s %10s %12s %10s' "$name" "${spe:-?}" "${acc:-?}" "$(( ${rss:-0} / 1024 ))" "${wall:-?}")")
}

# Build first (if sources changed), so that no timed run includes Maven.
"$ROOT/dendrite" train --help >/dev/null || exit 1

common=(--epochs "$EPOCHS" --batch "$BATCH" --lr "$LR" --seed "$SEED")
for dev in $DEVICES; do
  echo "== dendrite, device $dev: ./dendrite train --device $dev ${common[*]} --data $DATA"
  /usr/bin/time -v -o "$LOGS/$dev.time" "$ROOT/dendrite" train --device "$dev" "${common[@]}" \
      --data "$DATA" --out "$LOGS/$dev" 2>&1 | tee "$LOGS/$dev.log" | grep --line-buffered -E '^(epoch|time per|test_acc|dendrite)'
  record "dendrite $dev" "$LOGS/$dev.log" "$LOGS/$dev.time"
done

PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3)
if "${PY[@]}" -c 'import torch' 2>/dev/null; then
  version=$("${PY[@]}" -c 'import torch; print(torch.__version__)')
  echo "== pytorch $version, $THREADS threads: ${PY[*]} bench/pytorch/fashion_cnn.py --threads $THREADS ${common[*]}"
  /usr/bin/time -v -o "$LOGS/pytorch.time" "${PY[@]}" "$ROOT/bench/pytorch/fashion_cnn.py" --threads "$THREADS" \
      "${common[@]}" --data "$DATA" 2>&1 | tee "$LOGS/pytorch.log" | grep --line-buffered -E '^(epoch|seconds|test_acc)'
  record "pytorch $version ($THREADS threads)" "$LOGS/pytorch.log" "$LOGS/pytorch.time"
else
  echo "== pytorch: skipped, /usr/bin/python3 has no torch (apt-get install python3-torch)"
fi

echo
echo "Fashion-MNIST CNN, batch $BATCH, Adam lr $LR, $EPOCHS epoch(s), $(nproc) cores"
printf '%-30s %10s %10s %12s %10s\n' "engine" "s/epoch" "test acc" "peak RSS MB" "wall"
for row in "${ROWS[@]}"; do echo "$row"; done
