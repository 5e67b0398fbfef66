#!/usr/bin/env bash
# compare-sgemm.sh: square SGEMM GFLOP/s of the java device and of PyTorch's torch.mm (OpenBLAS),
# interleaved (java, pytorch, java, pytorch, ...), with the ratio java / pytorch of each round and
# their median, per size.
#
#   bench/pytorch/compare-sgemm.sh [--rounds N] [--sizes 1024,2048] [--threads N] [--reps N] [--rep-seconds S]
#
# Both sides time the same way (dev.dendrite.bench.compare.SgemmRate and bench/pytorch/sgemm.py):
# per size, one second of warm-up calls, then --reps repetitions (default 7) that each run calls
# back to back for at least --rep-seconds (default 0.3); a run's figure is its median repetition.
# The cores here are shared with other work, so one figure moves 20-40% within minutes (and by
# half when the host's other tenants are busy): compare only figures of the same round, and read
# the median over rounds of the ratio.
#
# PyTorch is Debian's python3-torch with --threads threads (default 2), tuned as a user who tunes
# it runs it:
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE
#       MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 /usr/bin/python3
# The java device gets as many threads. It needs the bench module built:
#   mvn -B -q -o -pl bench -am package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=5 SIZES=1024,2048 THREADS=2 REPS=7 REP_SECONDS=0.3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --rep-seconds) REP_SECONDS=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-sgemm: unknown flag '$1' (flags: --rounds --sizes --threads --reps --rep-seconds)" >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare-sgemm: --rounds must be a positive whole number, got '$ROUNDS'" >&2; exit 2; }
CLASSPATH_FILE="$ROOT/bench/target/classpath.txt"
[[ -f "$CLASSPATH_FILE" ]] || { echo "compare-sgemm: build the bench module first: mvn -B -q -o -pl bench -am package -DskipTests" >&2; exit 1; }

PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE
    MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 /usr/bin/python3)
"${PY[@]}" -c 'import torch' 2>/dev/null || { echo "compare-sgemm: /usr/bin/python3 has no torch (apt-get install python3-torch)" >&2; exit 1; }
JAVA=(java -Xmx2g -XX:+UseParallelGC --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=100000 -cp "$(cat "$CLASSPATH_FILE")"
      dev.dendrite.bench.compare.SgemmRate)
ARGS=(--sizes "$SIZES" --threads "$THREADS" --reps "$REPS" --rep-seconds "$REP_SECONDS")

echo "sgemm, $THREADS threads, sizes $SIZES, $ROUNDS rounds, $(date -u '+%Y-%m-%d %H:%M UTC'), $(sed -n 's/^Model name: *//p' <(lscpu)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RATE   # RATE[engine,round,n] = GFLOP/s
for round in $(seq 1 "$ROUNDS"); do
  for engine in java pytorch; do
    if [[ $engine == java ]]; then
      out=$("${JAVA[@]}" "${ARGS[@]}" 2>&1 | grep -v '^WARNING: Using incubator modules')
    else
      out=$("${PY[@]}" "$ROOT/bench/pytorch/sgemm.py" "${ARGS[@]}" 2>&1)
    fi
    while read -r line; do
      echo "round $round $(printf '%-8s' "$engine") $line"
      n=$(sed -n 's/^sgemm n=\([0-9]*\) .*/\1/p' <<< "$line")
      g=$(sed -n 's/.* gflops=\([0-9.]*\).*/\1/p' <<< "$line")
      [[ -n "$n" && -n "$g" ]] && RATE["$engine,$round,$n"]=$g
    done <<< "$out"
  done
done

echo
for n in ${SIZES//,/ }; do
  ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    a=${RATE["java,$round,$n"]:-} b=${RATE["pytorch,$round,$n"]:-}
    [[ -n "$a" && -n "$b" ]] && ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
  done
  if [[ ${#ratios[@]} -gt 0 ]]; then
    median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    echo "n=$n ratio java / pytorch: median $median (rounds: ${ratios[*]})"
  fi
done
