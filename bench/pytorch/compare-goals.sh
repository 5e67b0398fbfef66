#!/usr/bin/env bash
# compare-goals.sh: the java device against tuned PyTorch on every goal of issue 16, each figure
# from interleaved runs (java, pytorch, java, pytorch, ...), as one table: the measured ratio (or
# share), the goal, and whether it was met.
#
#   bench/pytorch/compare-goals.sh [--rounds N] [--epochs N] [--only cnn64,cnn128,mlp,sgemm,softmax]
#   ./dendrite compare --goals --rounds 3        # the same, through the launcher
#
# The parts, each a script of its own that prints its rounds and the median ratio:
#   cnn64, cnn128   compare-epoch.sh --model cnn --batch 64|128 --devices java: s/epoch (mean of
#                   --epochs epochs, JIT warm-up included) and peak RSS of ./dendrite train
#   mlp             compare-epoch.sh --model mlp --batch 128 --devices java
#   sgemm           compare-sgemm.sh: GFLOP/s at n = 1024 and 2048, java over torch.mm
#   softmax         ./dendrite kernel softmax --device java --variant rows, once a round: GB/s
#                   over the copy peak measured in the same run, the median round
# Defaults: 3 rounds, 3 epochs (about 15 minutes on 2 cores). The logs stay in runs/compare/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=3 EPOCHS=3 ONLY=cnn64,cnn128,mlp,sgemm,softmax

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare --goals: unknown flag '$1' (flags: --rounds --epochs --only)" >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare --goals: --rounds must be a positive whole number, got '$ROUNDS'" >&2; exit 2; }
for part in ${ONLY//,/ }; do
  case "$part" in cnn64|cnn128|mlp|sgemm|softmax) ;; *)
    echo "compare --goals: --only takes cnn64, cnn128, mlp, sgemm and softmax, got '$part'" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

LOGS="$ROOT/runs/compare"
mkdir -p "$LOGS"
TABLE=()
# row WHAT MEASURED GOAL MET
row() { TABLE+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }
# met VALUE OP LIMIT: yes or no
met() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? v <= l : v >= l; print (v == "" ? "?" : ok ? "yes" : "no") }'; }
median_of() { sed -n "s/.*$1.*median \([0-9.]*\).*/\1/p" "$2" | head -1; }

epochs() {   # epochs NAME MODEL BATCH
  local log="$LOGS/goals-$1.log"
  bash "$ROOT/bench/pytorch/compare-epoch.sh" --model "$2" --batch "$3" --epochs "$EPOCHS" --rounds "$ROUNDS" \
      --devices java | tee "$log"
  local r; r=$(median_of "ratio dendrite java" "$log")
  row "$2 epoch, batch $3, java / PyTorch (mean of $EPOCHS epochs)" "${r:-?}" "<= $4" "$(met "$r" "<=" "$4")"
  if [[ "$2" == cnn ]]; then
    local rss; rss=$(awk '$1 == "dendrite" && $2 == "java" { print $6 }' "$log" | sort -n | tail -1)
    row "peak RSS of ./dendrite train, batch $3 (MB, largest round)" "${rss:-?}" "<= 400" "$(met "$rss" "<=" 400)"
  fi
}

wants cnn64 && epochs cnn64 cnn 64 0.8
wants cnn128 && epochs cnn128 cnn 128 0.8
wants mlp && epochs mlp mlp 128 1.0
if wants sgemm; then
  log="$LOGS/goals-sgemm.log"
  bash "$ROOT/bench/pytorch/compare-sgemm.sh" --rounds "$ROUNDS" | tee "$log"
  for n in 1024 2048; do
    r=$(median_of "n=$n ratio java" "$log")
    row "SGEMM n=$n, java / torch.mm GFLOP/s" "${r:-?}" ">= 0.9" "$(met "$r" ">=" 0.9)"
  done
fi
if wants softmax; then
  # One kernel run per round, each measuring the copy peak and then the softmax: the share moves
  # with the machine's load from one run to the next, so the table takes the median round.
  log="$LOGS/goals-softmax.log"
  : > "$log"
  shares=()
  for r in $(seq 1 "$ROUNDS"); do
    "$ROOT/dendrite" kernel softmax --device java --variant rows | tee -a "$log" | tee "$log.round"
    shares+=("$(awk '$1 == "rows" && $2 == "java" { v = $NF } END { sub("%", "", v); print v }' "$log.round")")
  done
  rm -f "$log.round"
  share=$(printf '%s\n' "${shares[@]}" | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  echo "softmax rounds (share of the copy peak, %): ${shares[*]}; median $share"
  row "softmax 4096 x 1024, share of the copy peak (%, median of $ROUNDS runs: ${shares[*]})" "${share:-?}" ">= 50" "$(met "$share" ">=" 50)"
fi

echo
echo "goals of issue 16, java device, $ROUNDS round(s), $(date -u '+%Y-%m-%d %H:%M UTC'), $(sed -n 's/^Model name: *//p' <(lscpu)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| figure | measured | goal | met |"
echo "| --- | ---: | --- | --- |"
for r in "${TABLE[@]}"; do echo "$r"; done
