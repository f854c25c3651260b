#!/usr/bin/env bash
# Runs the whole test suite: installs what it needs, starts a throwaway PostgreSQL as an unprivileged user,
# checks the generated protobuf code, runs the Swift tests and the Python interoperability tests, and prints
# each runner's summary followed by one combined line.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/bootstrap.sh test || exit 1
eval "$(scripts/postgres.sh start)" || { echo "test.sh: could not start PostgreSQL" >&2; exit 1; }
export MEDIFOR_TEST_POSTGRES_URL

failed=0
results=()

echo "== generated code"
if ! command -v protoc >/dev/null; then
    echo "test.sh: protoc is not installed; skipping the generated-code check"
    results+=("generated code: check skipped (protoc not installed)")
elif scripts/gen-protos.sh --check; then
    results+=("generated code: up to date")
else
    failed=1
    results+=("generated code: STALE (run scripts/gen-protos.sh)")
fi

echo "== swift build"
mkdir -p "$root/.build"
if ! swift build --build-tests >"$root/.build/swift-build.log" 2>&1; then
    grep -E "error" "$root/.build/swift-build.log" | sort -u | head -40
    echo "test.sh: build failed"
    echo "0 passed, 1 failed"
    exit 1
fi
tail -1 "$root/.build/swift-build.log"

echo "== swift test"
swift test --skip-build 2>&1 | tee "$root/.build/swift-test.log" | grep -E "✘|recorded an issue|Test run with|Executed [0-9]+ tests" 
swift_status=${PIPESTATUS[0]}
swift_summary=$(grep -E "^✔ Test run with|^✘ Test run with" "$root/.build/swift-test.log" | tail -1)
[ $swift_status -eq 0 ] || failed=1
results+=("swift: ${swift_summary:-no summary (exit $swift_status)}")

echo "== swift build (medifor binary for the Python tests)"
swift build --product medifor >/dev/null 2>&1 || failed=1
export MEDIFOR_BIN="$root/.build/debug/medifor"

echo "== pytest"
python3 -m pytest -q python/tests 2>&1 | tee "$root/.build/pytest.log" | tail -15
py_status=${PIPESTATUS[0]}
py_summary=$(grep -E "passed|failed|error" "$root/.build/pytest.log" | tail -1)
[ $py_status -eq 0 ] || failed=1
results+=("pytest: ${py_summary:-no summary (exit $py_status)}")

echo
echo "== summary"
printf '%s\n' "${results[@]}"

# One combined line: Swift test cases (swift-testing counts each argument as a case) plus pytest tests.
swift_passed=$(grep -cE "^✔ Test .* passed" "$root/.build/swift-test.log" || true)
swift_failed=$(grep -cE "^✘ Test .* failed" "$root/.build/swift-test.log" || true)
py_passed=$(grep -oE "[0-9]+ passed" "$root/.build/pytest.log" | tail -1 | grep -oE "[0-9]+" || echo 0)
py_failed=0
for n in $(grep -E "passed|failed|error" "$root/.build/pytest.log" | tail -1 | grep -oE "[0-9]+ (failed|errors?)" | grep -oE "[0-9]+"); do
    py_failed=$((py_failed + n))
done
total_failed=$((swift_failed + py_failed))
[ $failed -eq 0 ] || [ $total_failed -gt 0 ] || total_failed=1
echo "$((swift_passed + py_passed)) passed, $total_failed failed"
exit $failed
