"""Grading a submission: the student's code runs in a worker process, the verdict is reached here."""
import sys

# jsonschema (which nbformat imports) builds about 35 Earley parsers when it is imported, for the "iri"
# format checks of rfc3987_syntax: 2 s of CPU in every grading process, for a format no notebook schema
# uses (python-jsonschema/jsonschema#1428). Without the module, jsonschema leaves that format unchecked.
sys.modules.setdefault("rfc3987_syntax", None)
