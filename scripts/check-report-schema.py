#!/usr/bin/env python3
"""Validate AudioWave reports against docs/report.schema.json with the reference `jsonschema`.

Usage: scripts/check-report-schema.py FILE...   (FILE is a .jsonl stream or a per-file .json record)

Exit status 0 when every record validates, 1 when one does not, 2 when jsonschema is missing.
A cross-check of the small validator the Swift tests use (Tests/AudioWaveTests/support).
"""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(SCHEMA)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def records(path):
    text = pathlib.Path(path).read_text()
    if path.endswith(".jsonl"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield f"{path}:{number}", json.loads(line)
    else:
        yield path, json.loads(text)


def main(paths):
    failures = 0
    count = 0
    for path in paths:
        for where, record in records(path):
            count += 1
            for error in VALIDATOR.iter_errors(record):
                failures += 1
                location = "/".join(str(part) for part in error.absolute_path)
                print(f"{where}: {location}: {error.message}", file=sys.stderr)
    print(f"{count} records, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
