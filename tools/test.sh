#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need (as root) or says exactly what to install,
# builds once, runs every test project, and ends with one line "N passed, N failed[, N skipped]".
# --quick leaves out the slowest tests (traits Category=Browser: Chromium; Category=Resilience: crashed and racing
# host processes) for a developer's quick round; CI (.ci/run) always runs everything.
set -uo pipefail
filter=()
case "${1:-}" in
  --quick) filter=(--filter "Category!=Browser&Category!=Resilience") ;;
  "") ;;
  *) echo "Usage: tools/test.sh [--quick]"; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# --- Debian packages the tests use: a real PostgreSQL server, Chromium for the browser tests, python3 for the worker sample. ---
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
# The Python external-task worker sample runs in a test (Integrations/PythonWorkerTests).
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages the tests need: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed"; exit 2; }
  else
    echo "The tests need Debian packages that are not installed. Run:"
    echo "  sudo apt-get install -y ${missing[*]}"
    exit 2
  fi
fi

dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; exit 2; }

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
# Browser tests save a screenshot of each failure under TestResults/screenshots.
export WORKFLOWITSM_TEST_ARTIFACTS="$results"

echo "== build"
dotnet build WorkflowItsm.sln -nologo -v quiet || { echo "0 passed, 1 failed"; echo "Build failed."; exit 1; }

status=0
projects=0
# The hang timeout counts from the last test that finished: the page crawl is one test that walks some 800 pages as six
# roles (over 10 minutes on a slow CI machine, where a 10-minute timeout aborted it mid-walk), so it waits 30.
run_tests() { # project → runs its tests; one TRX file per project, named after it, so no two results overwrite each other
  local name
  name=$(basename "$1" .csproj)
  dotnet test "$1" --no-build -nologo "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 30m
}

# The smaller projects run side by side (each is over in seconds, much of it starting up), their output shown after;
# then the Web tests, whose hosts, browser and crash tests want the machine to themselves.
pids=()
for project in tests/*.Tests/*.Tests.csproj; do
  projects=$((projects + 1))
  [ "$(basename "$project" .csproj)" = WorkflowItsm.Web.Tests ] && continue
  run_tests "$project" > "$results/$(basename "$project" .csproj).log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=$?
done
for log in "$results"/*.log; do
  echo "== $(basename "$log" .log)"
  cat "$log"
done
echo "== WorkflowItsm.Web.Tests"
run_tests tests/WorkflowItsm.Web.Tests/WorkflowItsm.Web.Tests.csproj || status=$?

# The page crawl's count of pages per role (a passing test's output is not shown).
[ -f "$results/page-crawl.txt" ] && cat "$results/page-crawl.txt"

# Each failed test by name with its message, last, where a log cut to its tail still shows it.
if compgen -G "$results/*.trx" > /dev/null; then
  if command -v python3 > /dev/null; then
    python3 tools/failed-tests.py "$results"/*.trx
  else
    grep -ho '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$results"/*.trx | grep -o 'testName="[^"]*"' || true
  fi
fi

# --- One closing line, counted from the TRX result files. ---
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # Skipped tests are counted in total but not in executed (the notExecuted counter stays 0).
  skipped=$((skipped + $(value total) - $(value executed)))
done
if [ "$files" -lt "$projects" ]; then
  failed=$((failed + projects - files))
  echo "$((projects - files)) test project(s) wrote no results (crashed or hung): see the output above."
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  failed=1
  echo "dotnet test failed (exit code $status) without a failed test: see the output above."
fi

line="$passed passed, $failed failed"
[ "$skipped" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" = 0 ]
