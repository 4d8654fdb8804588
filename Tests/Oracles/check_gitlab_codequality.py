#!/usr/bin/env python3
"""Checks a GitLab Code Quality report against GitLab's documented format (jsonschema, not advisor's code).

    check_gitlab_codequality.py FILE      prints "valid" or the errors, exit 0 / 1

The shape is GitLab's "Code Quality report format" (docs.gitlab.com/ci/testing/code_quality/
#code-quality-report-format): a JSON array of objects with description (string), check_name
(string), fingerprint (string, unique: GitLab merges entries with the same fingerprint), severity
(info, minor, major, critical or blocker) and location.path (string) with location.lines.begin
(integer).
"""
import json
import sys

import jsonschema

SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}

document = json.load(open(sys.argv[1]))
errors = sorted(jsonschema.Draft7Validator(SCHEMA).iter_errors(document), key=lambda e: list(e.path))
for error in errors:
    print("/".join(map(str, error.path)), error.message)
fingerprints = [entry.get("fingerprint") for entry in document if isinstance(entry, dict)]
if len(set(fingerprints)) != len(fingerprints):
    errors.append("duplicate fingerprints")
    print("duplicate fingerprints: GitLab would merge those entries")
print("valid" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
