#!/usr/bin/env bash
# compare-epoch.sh: seconds per epoch of an example's model on Dendrite's devices and on
# PyTorch, interleaved (dendrite, pytorch, dendrite, pytorch, ...), with the ratio of each round
# and their median.
#
#   bench/pytorch/compare-epoch.sh [--model cnn|mlp|gpt] [--epochs N] [--batch N] [--lr X] [--seed N]
#                                  [--data DIR] [--devices "java opencl"] [--threads N] [--rounds N]
#   ./dendrite compare --epochs 1          # the same, through the launcher
#
# cnn is the model of `./dendrite train`, mlp that of `./dendrite mlp` (bench/pytorch/fashion_cnn.py
# has both in PyTorch), gpt that of `./dendrite gpt` (bench/pytorch/gpt_char.py). Flags left out take
# each program's own defaults, which agree. Each run is timed with /usr/bin/time -v (wall time and peak resident memory
# of the whole process, JVM or Python included). "s/epoch" is the mean time of the training passes
# only (no evaluation), as each program measures it. The cores here are shared with other work, so
# one figure moves 20-40% within minutes: each round runs every engine back to back, and the ratio
# that counts is the median over rounds of (dendrite s/epoch) / (pytorch s/epoch).
#
# PyTorch is Debian's python3-torch with two threads, tuned as a user who tunes it runs it:
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE
#       MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 /usr/bin/python3
# (about 1.4x faster than plain), torch.set_num_threads(2). Logs go to runs/compare/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODEL=cnn EPOCHS=1 BATCH="" LR="" SEED=42 DATA=/usr/share/datasets/fashion-mnist DEVICES="java opencl" THREADS=2 ROUNDS=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --lr) LR=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --devices) DEVICES=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare: unknown flag '$1' (flags: --model --epochs --batch --lr --seed --data --devices --threads --rounds)" >&2; exit 2 ;;
  esac
done
case "$MODEL" in
  cnn) EXAMPLE=train PEER=(fashion_cnn.py --model cnn --data "$DATA") DATA_FLAG=(--data "$DATA") ;;
  mlp) EXAMPLE=mlp PEER=(fashion_cnn.py --model mlp --data "$DATA") DATA_FLAG=(--data "$DATA") ;;
  gpt) EXAMPLE=gpt PEER=(gpt_char.py) DATA_FLAG=() ;;
  *) echo "compare: --model must be cnn, mlp or gpt, got '$MODEL'" >&2; exit 2 ;;
esac
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare: --rounds must be a positive whole number, got '$ROUNDS'" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }

LOGS="$ROOT/runs/compare"
mkdir -p "$LOGS"
ROWS=()
declare -A SPE   # SPE[engine,round] = s/epoch

# field FILE PATTERN: the first number after PATTERN in FILE
field() { sed -n "s/.*$2 *\([0-9.]*\).*/\1/p" "$1" | head -1; }

# record ENGINE ROUND LOG TIMELOG: keeps the round's s/epoch and adds a table row
record() {
  local name=$1 round=$2 log=$3 timelog=$4
  local spe acc rss wall
  spe=$(field "$log" 'seconds_per_epoch=')
  [[ -n "$spe" ]] || spe=$(field "$log" 'time per epoch:')
  acc=$(field "$log" 'test_accuracy=')
  [[ -n "$acc" ]] || acc=$(field "$log" 'val_loss=')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$timelog")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$timelog")
  SPE["$name,$round"]=$spe
  ROWS+=("$(printf '%-34s %5s %10s %10s %12s %10s' "$name" "$round" "${spe:-?}" "${acc:-?}" "$(( ${rss:-0} / 1024 ))" "${wall:-?}")")
}

# Build first (if sources changed), so that no timed run includes Maven.
"$ROOT/dendrite" "$EXAMPLE" --help >/dev/null || exit 1

PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE
    MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 /usr/bin/python3)
TORCH=""
if "${PY[@]}" -c 'import torch' 2>/dev/null; then
  TORCH="pytorch $("${PY[@]}" -c 'import torch; print(torch.__version__)') tuned"
else
  echo "== pytorch: skipped, /usr/bin/python3 has no torch (apt-get install python3-torch)"
fi

common=(--epochs "$EPOCHS" --seed "$SEED")
[[ -n "$BATCH" ]] && common+=(--batch "$BATCH")
[[ -n "$LR" ]] && common+=(--lr "$LR")
for round in $(seq 1 "$ROUNDS"); do
  for dev in $DEVICES; do
    echo "== round $round, dendrite $dev: ./dendrite $EXAMPLE --device $dev ${common[*]} ${DATA_FLAG[*]}"
    /usr/bin/time -v -o "$LOGS/$dev.time" "$ROOT/dendrite" "$EXAMPLE" --device "$dev" "${common[@]}" \
        "${DATA_FLAG[@]}" --out "$LOGS/$dev" 2>&1 | tee "$LOGS/$dev.log" | grep --line-buffered -E '^(epoch|time per|test_acc|dendrite)'
    record "dendrite $dev" "$round" "$LOGS/$dev.log" "$LOGS/$dev.time"
  done
  if [[ -n "$TORCH" ]]; then
    echo "== round $round, $TORCH, $THREADS threads: bench/pytorch/${PEER[*]} --threads $THREADS ${common[*]}"
    /usr/bin/time -v -o "$LOGS/pytorch.time" "${PY[@]}" "$ROOT/bench/pytorch/${PEER[0]}" "${PEER[@]:1}" \
        --threads "$THREADS" "${common[@]}" 2>&1 | tee "$LOGS/pytorch.log" | grep --line-buffered -E '^(epoch|seconds|test_acc)'
    record "$TORCH ($THREADS threads)" "$round" "$LOGS/pytorch.log" "$LOGS/pytorch.time"
  fi
done

echo
echo "model $MODEL (./dendrite $EXAMPLE), batch ${BATCH:-default}, lr ${LR:-default}, $EPOCHS epoch(s), $(nproc) cores, $ROUNDS round(s), $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-34s %5s %10s %10s %12s %10s\n' "engine" "round" "s/epoch" "$([[ $MODEL == gpt ]] && echo val_loss || echo 'test acc')" "peak RSS MB" "wall"
for row in "${ROWS[@]}"; do echo "$row"; done
if [[ -n "$TORCH" ]]; then
  echo
  for dev in $DEVICES; do
    ratios=()
    for round in $(seq 1 "$ROUNDS"); do
      a=${SPE["dendrite $dev,$round"]:-} b=${SPE["$TORCH ($THREADS threads),$round"]:-}
      [[ -n "$a" && -n "$b" ]] && ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')")
    done
    if [[ ${#ratios[@]} -gt 0 ]]; then
      median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
      echo "ratio dendrite $dev / $TORCH: median $median (rounds: ${ratios[*]})"
    fi
  done
fi
