#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need (as root) or says exactly what to install,
# builds once, runs every test project, and ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# --- Debian packages the tests use: a real PostgreSQL server, and Chromium for the browser tests. ---
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
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

echo "== build"
dotnet build WorkflowItsm.sln -nologo -v quiet || { echo "0 passed, 1 failed"; echo "Build failed."; exit 1; }

echo "== test"
dotnet test WorkflowItsm.sln --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m
status=$?

# --- One closing line, counted from the TRX result files. ---
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ "$files" = 0 ]; then
  failed=$((failed + 1))
  echo "No test results were written."
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  failed=1
  echo "dotnet test failed (exit code $status) without a failed test: see the output above."
fi

line="$passed passed, $failed failed"
[ "$skipped" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" = 0 ]
