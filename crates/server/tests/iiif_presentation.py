"""Validates IIIF Presentation 3 manifests and collections: against the
JSON Schema, then by loading each into iiif-prezi3's models. Usage: SCHEMA
FILE..."""
import json
import sys

import jsonschema
from iiif_prezi3 import Collection, Manifest

schema = json.load(open(sys.argv[1]))
failed = 0
for path in sys.argv[2:]:
    data = json.load(open(path))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=str)
    for e in errors[:5]:
        print(f"{path}: schema: {e.message} at {list(e.absolute_path)}")
    failed += bool(errors)
    try:
        (Collection if data.get("type") == "Collection" else Manifest)(**data)
    except Exception as e:  # the model's own complaint, whatever its type
        print(f"{path}: iiif-prezi3: {e}")
        failed += 1
print(f"{len(sys.argv) - 2} documents, {failed} failed")
sys.exit(1 if failed else 0)
