#!/usr/bin/env bash
# Lint and format check, run by npm test: ESLint (type-aware, tools/lint/eslint.config.mjs) and Prettier.
# The tools live in tools/lint with their own lock file: typescript-eslint needs TypeScript 5's compiler API.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d tools/lint/node_modules ] || npm ci --prefix tools/lint --no-audit --no-fund
tools/lint/node_modules/.bin/eslint -c tools/lint/eslint.config.mjs --max-warnings 0 .
tools/lint/node_modules/.bin/prettier --check --log-level warn .
