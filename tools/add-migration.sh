#!/usr/bin/env bash
# Adds one EF Core migration, generated from the same model, to every database provider's project.
# Usage: tools/add-migration.sh <MigrationName>
set -euo pipefail
name=${1:?usage: tools/add-migration.sh <MigrationName>}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  project="src/WorkflowItsm.Persistence.$provider"
  echo "== $provider"
  dotnet ef migrations add "$name" \
    --project "$project" --startup-project "$project" \
    --context ItsmDbContext --output-dir Migrations
done
