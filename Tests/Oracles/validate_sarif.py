#!/usr/bin/env python3
"""Validates a SARIF file against the SARIF 2.1.0 JSON schema (jsonschema, not advisor's code).

    validate_sarif.py SCHEMA FILE      prints "valid" or the errors, exit 0 / 1
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
document = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
for error in errors:
    print("/".join(map(str, error.path)), error.message)
print("valid" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
