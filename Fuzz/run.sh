#!/usr/bin/env bash
# `make fuzz` and `make fuzz-smoke` (Fuzz/README.md): builds the libFuzzer targets into their own
# scratch path, runs each once over its saved crashes (Fuzz/regressions/<target>/), then fuzzes
# each for FUZZ_SECONDS on a copy of its seed corpus, and prints executions and coverage per
# target. Exits non-zero when a build, a regression or a fuzzing run fails; a new crash, timeout
# or out-of-memory input is copied to Fuzz/regressions/<target>/ to be committed with its fix.
#
# Environment: SWIFT (swift), FUZZ_SCRATCH (.build-fuzz), FUZZ_SECONDS (600), FUZZ_TARGETS (all),
# FUZZ_ARGS (more libFuzzer options, e.g. "-fork=2" for both cores, or "-seed=1").
set -uo pipefail
cd "$(dirname "$0")/.."

swift=${SWIFT:-swift}
scratch=${FUZZ_SCRATCH:-.build-fuzz}
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-config numbers csv negotiation retry-after template}
read -r -a extra <<<"${FUZZ_ARGS:-}"
# The Swift runtime's own crash reporter would hold a crashing input's process for up to 30 s and
# keep libFuzzer from reporting it; libFuzzer and AddressSanitizer print the stack instead.
export SWIFT_BACKTRACE=enable=no
options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)

mkdir -p "$scratch/logs"
log_build="$scratch/logs/build.log"
: >"$log_build"
started=$(date +%s)
for target in $targets; do
    echo "fuzz: building fuzz-$target"
    if ! NAKER_FUZZ=1 "$swift" build --scratch-path "$scratch" --product "fuzz-$target" >>"$log_build" 2>&1; then
        grep -E 'error:' -A4 "$log_build" | head -60 || tail -60 "$log_build"
        echo "fuzz: building fuzz-$target failed (whole log: $log_build)"
        exit 1
    fi
done
echo "fuzz: built $(wc -w <<<"$targets") targets in $(($(date +%s) - started)) s"

# Prints the end of a failed run's log: the invariant or sanitizer message, the stack (demangled),
# and the input.
report() {
    local log=$1
    grep -E 'Fatal error|ERROR: |SUMMARY: |^    #[0-9]+ |^MS: |^0x|^Base64: |Test unit written' "$log" \
        | "$swift" demangle --simplified | head -60
}

# Copies new crash, timeout, out-of-memory and leak inputs into Fuzz/regressions/<target>/.
keep_artifacts() {
    local target=$1 artifact
    mkdir -p "Fuzz/regressions/$target"
    for artifact in "$scratch/artifacts/$target"/{crash,timeout,oom,leak}-*; do
        [ -f "$artifact" ] || continue
        cp -n "$artifact" "Fuzz/regressions/$target/"
        echo "fuzz: saved Fuzz/regressions/$target/$(basename "$artifact") ($(wc -c <"$artifact") bytes):"
        od -An -tx1 -v "$artifact" | tr -d ' \n' | cut -c1-400
        echo
        rm -f "$artifact"
    done
}

failed=()
rows=()
for target in $targets; do
    binary="$scratch/debug/fuzz-$target"
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    dictionary=()
    [ -f "Fuzz/dict/$target.dict" ] && dictionary=(-dict="Fuzz/dict/$target.dict")

    # Every saved crash once: each must now pass.
    regressions=()
    if [ -d "Fuzz/regressions/$target" ]; then
        while IFS= read -r -d '' file; do regressions+=("$file"); done \
            < <(find "Fuzz/regressions/$target" -type f ! -name '*.md' -print0 | sort -z)
    fi
    regression_result="none"
    if [ ${#regressions[@]} -gt 0 ]; then
        log="$scratch/logs/$target-regressions.log"
        mkdir -p "$artifacts-regressions"
        if "$binary" "${options[@]}" -artifact_prefix="$artifacts-regressions/" "${regressions[@]}" >"$log" 2>&1; then
            regression_result="${#regressions[@]} pass"
        else
            regression_result="FAIL"
            echo "fuzz: fuzz-$target fails on a saved regression (log: $log):"
            report "$log"
        fi
    fi

    # Fuzzing on a copy of the seeds, so that what libFuzzer adds stays out of the repository.
    [ -d "Fuzz/corpus/$target" ] && cp -n "Fuzz/corpus/$target"/* "$corpus/" 2>/dev/null
    log="$scratch/logs/$target.log"
    echo "fuzz: fuzz-$target for $seconds s (log: $log)"
    "$binary" "${options[@]}" -max_total_time="$seconds" -artifact_prefix="$artifacts/" "${dictionary[@]}" \
        "${extra[@]}" "$corpus" >"$log" 2>&1
    status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    units=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    # -fork mode prints no final stats; its last status line counts the executions.
    [ -n "$executions" ] || executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
    result="clean"
    if [ $status -ne 0 ]; then
        result="FAIL (exit $status)"
        echo "fuzz: fuzz-$target failed:"
        report "$log"
        keep_artifacts "$target"
    fi
    [ "$regression_result" = "FAIL" ] && result="$result, regressions FAIL"
    [ "$result" = "clean" ] || failed+=("$target")
    rows+=("$(printf '| %-11s | %10s | %8s | %6s | %6s | %6s | %-11s | %s |' "$target" "${executions:-?}" \
        "${speed:-?}" "${cov:-?}" "${ft:-?}" "${units:-?}" "$regression_result" "$result")")
done

echo
echo "fuzz: $seconds s per target"
echo "| target      | executions |  exec/s |   cov: |    ft: | corpus | regressions | result |"
echo "|-------------|-----------:|--------:|-------:|-------:|-------:|-------------|--------|"
printf '%s\n' "${rows[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]} (logs in $scratch/logs; inputs in Fuzz/regressions/<target>/)"
    exit 1
fi
