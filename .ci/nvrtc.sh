#!/usr/bin/env bash
# CI: put NVRTC 12.6 (libnvrtc.so.12, libnvrtc-builtins.so.12.6) where NvrtcRuntimeCompileTest looks,
# ~/.cache/dendrite/nvrtc-12.6 (or $DENDRITE_NVRTC_DIR). No Debian package has CUDA 12's NVRTC; Maven
# Central has it inside a 2 GB jar of the bytedeco CUDA presets. So the jar is fetched once, into a
# throwaway local repository (the shared ~/.m2 never holds it), the two files are kept, the rest deleted.
# Idempotent: once the two files are there, it only says so. Prints one line.
set -euo pipefail
dir="${DENDRITE_NVRTC_DIR:-$HOME/.cache/dendrite/nvrtc-12.6}"
libs=(libnvrtc.so.12 libnvrtc-builtins.so.12.6)
if [ -f "$dir/${libs[0]}" ] && [ -f "$dir/${libs[1]}" ]; then
  echo "nvrtc: cached in $dir"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && mvn -B -q -Dmaven.repo.local="$tmp/repo" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact=org.bytedeco:cuda:12.6-9.5-1.5.11:jar:linux-x86_64-redist -DoutputDirectory="$tmp/out" >"$tmp/mvn.log" 2>&1) \
  || { cat "$tmp/mvn.log" >&2; echo "nvrtc: download failed" >&2; exit 1; }
# jar (from the JDK, which Maven needs anyway) rather than unzip, which a fresh machine may lack.
inside=org/bytedeco/cuda/linux-x86_64
(cd "$tmp" && jar xf out/*.jar "${libs[@]/#/$inside/}")
mkdir -p "$dir"
mv "${libs[@]/#/$tmp/$inside/}" "$dir/"
echo "nvrtc: NVRTC 12.6 extracted to $dir"
