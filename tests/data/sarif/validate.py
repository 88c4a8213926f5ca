#!/usr/bin/env python3
"""Validates a SARIF log against the SARIF 2.1.0 JSON schema beside this file.

usage: validate.py LOG.sarif   -> exit 0 valid, 1 invalid (first errors printed), 3 no jsonschema
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit(3)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[1], encoding="utf-8") as f:
    log = json.load(f)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors[:10]:
    print("/".join(str(p) for p in e.path), e.message[:300])
sys.exit(1 if errors else 0)
