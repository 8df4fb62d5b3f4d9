//! The OpenAPI 3.1 description of the API, written by hand beside the
//! handlers; a test checks that every route it lists answers as described.

use crate::error::ErrorCode;
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn json_response(description: &str, schema: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

pub fn document() -> Value {
    let codes: Vec<Value> = ErrorCode::ALL
        .iter()
        .map(|c| json!({"code": c.code(), "type": c.kind(), "status": c.status().as_u16()}))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "fonds",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "An archive of translated historical documents. Errors answer {message, code, type, link}; the codes are listed under x-error-codes. Any address may also answer 413 payload_too_large, 414 uri_too_long, 431 headers_too_large, and 503 overloaded or timeout with Retry-After. Every answer is what the one asking may read: anonymously the public documents; with a user's API token (Authorization: Bearer) also what is restricted to them or their role. A document one may not read is answered as one there is not (404), and counted nowhere. A token that is not the archive's answers 401 unauthorized.",
        },
        "x-error-codes": codes,
        "paths": {
            "/api/search": {"get": {
                "summary": "Search documents with the fonds query language",
                "parameters": [
                    {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 2000}, "description": "The query (see the README: words, \"phrases\", AND/OR/NOT, field:value, date ranges, fuzzy~)."},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": crate::MAX_LIMIT, "default": 10}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": crate::MAX_OFFSET, "default": 0}},
                    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", "-date"], "default": "relevance"}},
                    {"name": "facets", "in": "query", "schema": {"type": "boolean", "default": false}},
                ],
                "responses": {
                    "200": {"description": "A page of hits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                    "400": error_response("invalid_query or invalid_parameter"),
                },
            }},
            "/api/documents/{id}": {"get": {
                "summary": "A document in the fonds document JSON (docs/document-json.md), with its version",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    "200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                    "400": error_response("invalid_parameter"),
                    "404": error_response("document_not_found or version_not_found"),
                },
            }},
            "/api/documents/{id}/versions": {"get": {
                "summary": "Every version of a document, oldest first",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The versions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Versions"}}}},
                    "404": error_response("document_not_found"),
                },
            }},
            "/api/documents/{id}/source": {"get": {
                "summary": "The source file a version was read from, byte for byte",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    "200": {"description": "The source", "content": {"text/plain": {"schema": {"type": "string"}}}},
                    "400": error_response("invalid_parameter"),
                    "404": error_response("document_not_found or version_not_found"),
                },
            }},
            "/api/documents/{id}/texts": {"get": {
                "summary": "The texts of a document: role, language, pages, turns",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_response("The texts", "TextList"), "304": {"description": "Not modified"}, "404": error_response("document_not_found")},
            }},
            "/api/documents/{id}/texts/{n}": {"get": {
                "summary": "One text (0 is the first) in the document JSON's form",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "n", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}}],
                "responses": {"200": json_response("The text", "Object"), "304": {"description": "Not modified"}, "404": error_response("document_not_found or text_not_found")},
            }},
            "/api/documents/{id}/texts/{n}/pages/{p}": {"get": {
                "summary": "One page (1 is the first) of a text",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "n", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}}, {"name": "p", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                "responses": {"200": json_response("The page", "Object"), "304": {"description": "Not modified"}, "404": error_response("document_not_found, text_not_found or page_not_found")},
            },
            "put": {
                "summary": "An editor corrects a page: {\"text\": the page in the record format (a block a paragraph, a turn opened by its speaker and a colon, marks such as [Inserted: ...] and ~~struck~~), \"comment\": what changed}. Saved as a new version with its author, time and comment. If-Match must carry the document's ETag as read (GET /api/documents/{id}); a document changed since answers 409 edit_conflict with the current ETag",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "n", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
                    {"name": "p", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}},
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "comment": {"type": "string"}}}}}},
                "responses": {"200": json_response("The page as saved, with the new version and its ETag", "Object"), "400": error_response("invalid_body"), "401": error_response("unauthorized"), "403": error_response("editing_disabled or forbidden"), "404": error_response("document_not_found, text_not_found or page_not_found"), "409": error_response("edit_conflict"), "428": error_response("precondition_required")},
            }},
            "/api/documents/{id}/turns": {"get": {
                "summary": "Every speaker turn of every text, numbered, with page, speaker and words",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_response("The turns", "Object"), "304": {"description": "Not modified"}, "404": error_response("document_not_found")},
            }},
            "/api/documents/{id}/alignment": {"get": {
                "summary": "The alignment of the original's turns with the translation's: links (0-based turns, null for a turn without counterpart) with confidence and reasons, and each original turn's speaker from the translation",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_response("The alignment, with the editors' decisions on pairs of turns", "Object"), "304": {"description": "Not modified"}, "404": error_response("document_not_found")},
            },
            "post": {
                "summary": "An editor links two turns, keeps them apart, or forgets an editor's decision on them: {\"translation\": the translation's text index, \"original_turn\" and \"translation_turn\" (0-based, as the alignment numbers them), \"choice\": \"link\", \"unlink\" or \"forget\", \"comment\"}. Saved as a new version; every later alignment, after a page is corrected too, keeps the decision. If-Match must carry the document's ETag as read; a link that would cross an editor's link answers 400",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}},
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["translation", "original_turn", "translation_turn", "choice"], "properties": {"translation": {"type": "integer", "minimum": 0}, "original_turn": {"type": "integer", "minimum": 0}, "translation_turn": {"type": "integer", "minimum": 0}, "choice": {"type": "string", "enum": ["link", "unlink", "forget"]}, "comment": {"type": "string"}}}}}},
                "responses": {"200": json_response("The alignment as saved, with its ETag", "Object"), "400": error_response("invalid_body"), "401": error_response("unauthorized"), "403": error_response("editing_disabled or forbidden"), "404": error_response("document_not_found"), "409": error_response("edit_conflict"), "428": error_response("precondition_required")},
            }},
            "/api/documents/{id}/speakers": {"get": {
                "summary": "Turns, words and share of the spoken words per speaker in each text; an original's speakers named as its translation names them",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_response("The speakers", "Object"), "304": {"description": "Not modified"}, "404": error_response("document_not_found")},
            }},
            "/api/documents/{id}/scans": {
                "get": {
                    "summary": "The document's scans: each one's size, checksums, the file it was attached as (and its page), whether OCR has read it, its IIIF image service and the file's download",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": json_response("The scans", "Object"), "404": error_response("document_not_found")},
                },
                "post": {
                    "summary": "An editor uploads a scan (an image, a PDF or a multi-page TIFF, at most 256 MB; a longer file with `fonds attach`), attached after the document's last scan. Needs an editor's or an admin's API token (`fonds user token NAME`) as Authorization: Bearer",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "name", "in": "query", "required": true, "schema": {"type": "string"}, "description": "The file's name, such as f12.tif"},
                    ],
                    "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "responses": {"201": json_response("The scans added", "Object"), "400": error_response("invalid_body (a file that is no scan, named with its reason) or invalid_parameter"), "401": error_response("unauthorized"), "403": error_response("editing_disabled, or forbidden (a reader's token)"), "404": error_response("document_not_found"), "413": error_response("payload_too_large")},
                },
            },
            "/api/persons": {"get": {
                "summary": "The persons linked from the archive's names, the most documented first, with documents, turns and words",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                ],
                "responses": {"200": json_response("Persons", "Object"), "400": error_response("invalid_parameter")},
            }},
            "/api/persons/{name}": {
                "get": {
                    "summary": "A person by id or by any of their names: every name with its roles and why it was linked, what the documents say they were (roles, with the documents that say it), notes on ambiguous names, figures, documents by year, the persons met, and a page of their documents by date (documents_count in all, from documents_offset)",
                    "parameters": [
                        {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": crate::MAX_LIMIT, "default": crate::MAX_LIMIT}, "description": "How many of the person's documents"},
                        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": crate::MAX_OFFSET, "default": 0}},
                    ],
                    "responses": {"200": json_response("The person", "Object"), "308": {"description": "The id was a person's whom a rename or a merge gave another id; Location names it"}, "400": error_response("invalid_parameter"), "404": error_response("person_not_found")},
                },
                "post": {
                    "summary": "An editor's decision, kept across re-imports: {\"merge\": \"other person\"}, {\"split\": [\"name\", ...]} or {\"name\": \"Preferred name\"}. Needs an editor's or an admin's API token (`fonds user token NAME`) as Authorization: Bearer",
                    "security": [{"bearer": []}],
                    "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"200": json_response("The person after the decision", "Object"), "400": error_response("invalid_body (also a merge into the same person, or more than one of merge, split and name)"), "401": error_response("unauthorized"), "403": error_response("editing_disabled, or forbidden (a reader's token)"), "404": error_response("person_not_found")},
                },
            },
            "/api/network": {"get": {
                "summary": "The co-occurrence network of the most documented persons: nodes and edges weighted by shared documents",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
                "responses": {"200": json_response("The network", "Object"), "400": error_response("invalid_parameter")},
            }},
            "/api/archives": {"get": {"summary": "The archives holding the documents, with counts", "responses": {"200": json_response("Archives", "NamedList")}}},
            "/api/archives/{name}": {"get": {
                "summary": "The documents an archive holds, oldest first",
                "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_response("Documents", "DocumentList"), "404": error_response("archive_not_found")},
            }},
            "/api/openapi.json": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/health": {"get": {"summary": "Whether the service runs, and what it holds", "responses": {"200": {"description": "Status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A user's API token, made with `fonds user token NAME`"}},
            "schemas": {
            "Error": {"type": "object", "required": ["message", "code", "type", "link"], "properties": {
                "message": {"type": "string"},
                "code": {"type": "string", "enum": ErrorCode::ALL.iter().map(|c| c.code()).collect::<Vec<_>>()},
                "type": {"type": "string", "enum": ["invalid_request", "not_found", "internal"]},
                "link": {"type": "string"},
            }},
            "Snippet": {"type": "object", "required": ["part", "language", "fragment", "highlights", "html"], "properties": {
                "part": {"type": "string", "enum": ["title", "summary", "original", "translation"]},
                "language": {"type": "string"},
                "fragment": {"type": "string"},
                "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
                "html": {"type": "string", "description": "The fragment escaped, matched words in <mark>."},
            }},
            "DocumentSummary": {"type": "object", "required": ["id", "title", "doc_type", "languages", "link"], "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "date": {"type": ["object", "null"], "properties": {"stated": {"type": "string"}, "edtf": {"type": ["string", "null"]}}},
                "doc_type": {"type": "string"},
                "repository": {"type": ["string", "null"]},
                "reference": {"type": ["string", "null"]},
                "languages": {"type": "array", "items": {"type": "string"}},
                "number": {"type": ["string", "null"], "description": "The document's number in the printed volume it appears in."},
                "link": {"type": "string"},
            }},
            "Hit": {"allOf": [{"$ref": "#/components/schemas/DocumentSummary"}, {"type": "object", "required": ["score", "snippets"], "properties": {
                "score": {"type": "number"},
                "snippets": {"type": "array", "items": {"$ref": "#/components/schemas/Snippet"}},
            }}]},
            "FacetValue": {"type": "object", "required": ["value", "count"], "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}},
            "SearchResults": {"type": "object", "required": ["query", "total", "offset", "limit", "hits"], "properties": {
                "query": {"type": "string"},
                "total": {"type": "integer"},
                "offset": {"type": "integer"},
                "limit": {"type": "integer"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": ["object", "null"], "properties": {
                    "lang": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "repo": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "doc_type": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "year": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "person": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "collection": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    "original_lang": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}, "description": "the languages the documents were written in"},
                    "translation_lang": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}, "description": "the languages they are translated into"},
                }},
            }},
            "Document": {"type": "object", "description": "The fonds document JSON, version 1 (docs/document-json.md), with a `fonds` object giving the stored version and `manifest`, the URL of its IIIF Presentation 3.0 manifest.", "required": ["format", "version", "id", "title", "texts"], "properties": {
                "format": {"const": "fonds-document"},
                "version": {"const": 1},
                "id": {"type": "string"},
                "title": {"type": "string"},
                "texts": {"type": "array"},
                "fonds": {"type": "object", "properties": {"version": {"type": "integer"}, "sha256": {"type": "string"}, "imported_at": {"type": "string"}, "source": {"type": "string"}}},
                "manifest": {"type": "string", "format": "uri", "description": "The document's IIIF Presentation 3.0 manifest (scans, and each page's transcription and translation)."},
            }},
            "Versions": {"type": "object", "required": ["id", "versions"], "properties": {
                "id": {"type": "string"},
                "versions": {"type": "array", "items": {"type": "object", "properties": {
                    "version": {"type": "integer"}, "sha256": {"type": "string"}, "source_name": {"type": "string"},
                    "source_size": {"type": "integer"}, "imported_at": {"type": "string"},
                    "author": {"type": ["string", "null"], "description": "The editor who saved the version; null for an import"},
                    "comment": {"type": ["string", "null"], "description": "What the editor said of the change"},
                }}},
            }},
            "Object": {"type": "object"},
            "TextList": {"type": "object", "required": ["id", "texts"], "properties": {"id": {"type": "string"}, "texts": {"type": "array", "items": {"type": "object", "properties": {
                "index": {"type": "integer"}, "role": {"type": "string"}, "language": {"type": "string"}, "pages": {"type": "integer"}, "turns": {"type": "integer"}, "link": {"type": "string"},
            }}}}},
            "NamedList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "documents": {"type": "integer"}, "link": {"type": "string"}}}}}},
            "DocumentList": {"type": "object", "required": ["name", "total", "documents"], "properties": {"name": {"type": "string"}, "total": {"type": "integer"}, "documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentSummary"}}}},
            "Health": {"type": "object", "properties": {"status": {"type": "string"}, "documents": {"type": "integer"}, "indexed": {"type": "integer"}}},
        }},
    })
}
