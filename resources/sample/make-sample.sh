#!/bin/sh
# Builds the bundled sample project with glossator-cli: the annotated articles (with both
# annotators' spans) from annotations.jsonl, then the remaining plain-text articles.
# Usage: make-sample.sh GLOSSATOR_CLI OUTPUT ANNOTATIONS.jsonl ARTICLE.txt...
set -eu
cli=$1; out=$2; annotations=$3; shift 3
rm -f "$out" "$out-wal" "$out-shm"
# Built under its final name (the project's title comes from it) in a scratch folder.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" new "$tmp/Sample.glossator"
"$cli" import --quiet "$tmp/Sample.glossator" "$annotations"
"$cli" import --quiet "$tmp/Sample.glossator" "$@"
mv "$tmp/Sample.glossator" "$out"
