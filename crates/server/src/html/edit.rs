//! Editing in the reader: a page of a text corrected in the record format
//! with a preview of how it reads, a document's title and summary, the
//! history of its versions with the difference between any two (word by
//! word, in any script), and a revert. Every form carries the session's
//! CSRF token and the version it was made on; a save on a version that is
//! no longer the current one is refused (409) and shows what changed
//! meanwhile, with the editor's text kept.

use super::errors::{internal, not_found_page};
use super::frame::{layout, page};
use super::post::{checked, field, refused, see_other};
use super::render::{self, Asides, Highlighter};
use crate::auth::Who;
use crate::http;
use crate::AppState;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::edit::{self, EditError, PageAt};
use fonds_archive::StoredDocument;
use fonds_core::diff::{diff, Change, Piece};
use fonds_core::{Document, Text};
use maud::{html, Markup};

/// For anyone but an editor who may read the document: the log-in page or
/// a refusal.
pub(super) fn not_an_editor(who: &Who, here: &str) -> Option<Response> {
    if !who.viewer.logged_in() {
        return Some(see_other(&format!("/login?next={here}")));
    }
    if !who.viewer.may_edit() {
        return Some(refused(
            StatusCode::FORBIDDEN,
            "Editors only",
            "Correcting documents needs an editor's account.",
        ));
    }
    None
}

pub(super) fn text_label(t: &Text) -> String {
    let role = match t.role {
        fonds_core::TextRole::Original => "Original",
        fonds_core::TextRole::Translation => "Translation",
    };
    format!("{role} ({})", t.language.code())
}

fn page_label(t: &Text, i: usize) -> String {
    let p = &t.pages[i];
    let mut s = format!("page {}", p.number.unwrap_or(i as u32 + 1));
    if let Some(f) = &p.folio {
        s.push_str(&format!(", f. {}", f.label()));
    }
    s
}

/// The document page's box: the history for every reader; for an editor,
/// a link to correct each page of each text, and the title and summary.
pub fn editing_box(who: &Who, d: &Document) -> Markup {
    let id = http::path_segment(&d.id);
    html! {
        section.editing {
            h2 { "Versions" }
            p { a href={ "/doc/" (id) "/history" } { "History of this document" } }
            @if who.viewer.may_edit() {
                h3 { "Correct" }
                @for (ti, t) in d.texts.iter().enumerate() {
                    p.edit-pages {
                        (text_label(t)) ": "
                        @for pi in 0..t.pages.len() {
                            a href={ "/doc/" (id) "/edit?text=" (ti) "&page=" (pi + 1) } { (page_label(t, pi)) }
                            " "
                        }
                    }
                }
                p { a href={ "/doc/" (id) "/metadata" } { "Title and summary" } }
                @for a in &d.alignments {
                    p { a href={ "/doc/" (id) "/align?translation=" (a.translation) } { "Turns of the original and the " (text_label(&d.texts[a.translation]).to_lowercase()) } }
                }
            }
        }
    }
}

/// How much unchanged text is shown on each side of a change.
const CONTEXT_CHARS: usize = 200;

/// The unchanged text between changes (or before the first, after the
/// last) cut to its ends near them, with an ellipsis for what is left out.
fn context(text: &str, before: bool, after: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let head = if before { CONTEXT_CHARS } else { 0 };
    let tail = if after { CONTEXT_CHARS } else { 0 };
    if n <= head + tail + 1 {
        return text.to_string();
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(" \u{2026} ");
    out.extend(&chars[n - tail..]);
    out
}

/// How many changes a difference holds: a deletion and the insertion
/// that replaces it are one.
fn changes(pieces: &[Piece]) -> usize {
    let mut n = 0;
    let mut last = Change::Same;
    for p in pieces {
        if p.change != Change::Same && last == Change::Same {
            n += 1;
        }
        last = p.change;
    }
    n
}

/// The difference as HTML: deleted words struck through, inserted ones
/// underlined, each said for screen readers too; the unchanged text only
/// around the changes.
fn difference(pieces: &[Piece]) -> Markup {
    let last = pieces.len().saturating_sub(1);
    html! {
        // Scrolled when long: a region the keyboard reaches.
        div.diff tabindex="0" role="region" aria-label="What changed" {
            @if changes(pieces) == 0 {
                "No change."
            } @else {
                @for (i, p) in pieces.iter().enumerate() {
                    @match p.change {
                        Change::Same => { (context(&p.text, i > 0, i < last)) }
                        Change::Deleted => { del { span.visually-hidden { "[deleted: " } (p.text) span.visually-hidden { "]" } } }
                        Change::Inserted => { ins { span.visually-hidden { "[inserted: " } (p.text) span.visually-hidden { "]" } } }
                    }
                }
            }
        }
    }
}

/// The words that differ between two versions of a document.
fn versions_diff(a: &Document, b: &Document) -> Vec<Piece> {
    diff(
        &fonds_core::plain::document(a),
        &fonds_core::plain::document(b),
    )
}

/// A page as the reader shows it.
fn preview(doc: &Document, at: PageAt) -> Markup {
    let Some(t) = doc.texts.get(at.text) else {
        return html! {};
    };
    let Some(page) = t.pages.get(at.page) else {
        return html! {};
    };
    let one = Text {
        role: t.role,
        language: t.language.clone(),
        pages: vec![page.clone()],
    };
    let asides = Asides::new("preview".into());
    let hl = Highlighter::none();
    html! {
        div.text.preview lang=(t.language.code()) {
            @for c in render::chunks(&one) {
                (render::chunk(&c, &one, false, &hl, &asides))
            }
        }
    }
}

struct Form<'a> {
    id: &'a str,
    csrf: &'a str,
    on: i64,
    at: PageAt,
    body: &'a str,
    comment: &'a str,
}

fn page_form(f: &Form) -> Markup {
    let id = http::path_segment(f.id);
    html! {
        form.edit method="post" action={ "/doc/" (id) "/edit" } {
            input type="hidden" name="csrf" value=(f.csrf);
            input type="hidden" name="on" value=(f.on);
            input type="hidden" name="text" value=(f.at.text);
            input type="hidden" name="page" value=(f.at.page + 1);
            p {
                label for="edit-body" { "The page in the record format" }
                textarea #edit-body name="body" rows="24" spellcheck="false" { (f.body) }
            }
            p.hint {
                "A block a paragraph, blank lines between; a turn opens with its speaker and a colon. Marks: "
                code { "[Inserted: …]" } ", " code { "~~struck out~~" } ", " code { "[illegible]" } ", "
                code { "[sic]" } ", " code { "[word?]" } ", " code { "[supplied]" } ", " code { "[Note: …]" } "."
            }
            p {
                label for="edit-comment" { "What you changed" }
                input #edit-comment name="comment" type="text" value=(f.comment) maxlength="500";
            }
            p {
                button type="submit" name="action" value="preview" { "Preview" }
                " "
                button type="submit" name="action" value="save" { "Save" }
            }
        }
    }
}

fn at_of(pairs: &[(String, String)]) -> Option<PageAt> {
    let text = field(pairs, "text").parse().ok()?;
    let page: usize = field(pairs, "page").parse().ok()?;
    Some(PageAt {
        text,
        page: page.checked_sub(1)?,
    })
}

fn edit_page_answer(
    status: StatusCode,
    stored: &StoredDocument,
    at: PageAt,
    form: &Form,
    above: Markup,
) -> Response {
    let d = &stored.document;
    let t = &d.texts[at.text];
    let title = format!("Correct {}, {}", text_label(t), page_label(t, at.page));
    let main = html! {
        p.back { a href={ "/doc/" (http::path_segment(&d.id)) } { "← " (d.title) } }
        h1 { (title) }
        p.lead { "Version " (stored.version) " of " (d.title) }
        (above)
        (page_form(form))
    };
    page(status, layout(&title, html! {}, "", main))
}

pub async fn edit_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let here = format!(
        "/doc/{}/edit?{}",
        http::path_segment(&id),
        raw.as_deref().unwrap_or("")
    );
    if let Some(r) = not_an_editor(&who, &here) {
        return r;
    }
    let pairs = http::form_pairs(raw.as_deref());
    let Some(at) = at_of(&pairs) else {
        return not_found_page("Say which text and page to correct (text=0&page=1).");
    };
    match archive.page_for_editing(&who.viewer, &id, at).await {
        Ok((stored, body)) => {
            let form = Form {
                id: &id,
                csrf: who.csrf(),
                on: stored.version,
                at,
                body: &body,
                comment: "",
            };
            edit_page_answer(StatusCode::OK, &stored, at, &form, html! {})
        }
        Err(e) => edit_error(e),
    }
}

pub(super) fn edit_error(e: EditError) -> Response {
    match e {
        EditError::NoDocument(id) => not_found_page(&format!(
            "There is no document with the id \u{201c}{id}\u{201d}."
        )),
        EditError::NoPage(why) => not_found_page(&why),
        EditError::Archive(fonds_archive::ArchiveError::Forbidden(why)) => {
            refused(StatusCode::FORBIDDEN, "Not allowed", &why)
        }
        EditError::Archive(
            fonds_archive::ArchiveError::Limit(why) | fonds_archive::ArchiveError::Invalid(why),
        ) => refused(StatusCode::BAD_REQUEST, "Not saved", &why),
        other => internal(other),
    }
}

pub async fn save_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    body: String,
) -> Response {
    let here = format!("/doc/{}", http::path_segment(&id));
    let pairs = match checked(&who, &body, not_an_editor(&who, &here)) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let (Some(at), Ok(on)) = (at_of(&pairs), field(&pairs, "on").parse::<i64>()) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Not saved",
            "The form lacks its page or its version.",
        );
    };
    // Text areas send line ends as CR LF.
    let text = field(&pairs, "body").replace("\r\n", "\n");
    let comment = field(&pairs, "comment");
    let (stored, _) = match archive.page_for_editing(&who.viewer, &id, at).await {
        Ok(s) => s,
        Err(e) => return edit_error(e),
    };
    let form = |on: i64| Form {
        id: &id,
        csrf: who.csrf(),
        on,
        at,
        body: &text,
        comment,
    };
    if field(&pairs, "action") == "preview" {
        let base = match archive.document_version(&who.viewer, &id, on).await {
            Ok(Some(b)) => b,
            Ok(None) => stored.clone(),
            Err(e) => return internal(e),
        };
        return match edit::with_page(&base.document, at, &text) {
            Ok(read) => {
                let shown = html! {
                    section.preview {
                        h2 { "Preview" }
                        (preview(&read, at))
                        h3 { "What changes" }
                        (difference(&versions_diff(&base.document, &read)))
                    }
                };
                edit_page_answer(StatusCode::OK, &base, at, &form(on), shown)
            }
            Err(e) => edit_error(e),
        };
    }
    match archive
        .edit_page(&who.viewer, &id, on, at, &text, comment)
        .await
    {
        Ok(version) => see_other(&format!("{here}/history#v{version}")),
        Err(EditError::Unchanged) => see_other(&here),
        Err(EditError::Conflict(now)) => {
            // Another editor saved first: what they changed since this
            // form's version, and the form again on theirs.
            let base = archive
                .document_version(&who.viewer, &id, on)
                .await
                .ok()
                .flatten();
            let changed = base
                .map(|b| versions_diff(&b.document, &now.document))
                .unwrap_or_default();
            let shown = html! {
                section.conflict role="alert" {
                    h2 { "Someone saved this document meanwhile" }
                    p {
                        "Your changes were made on version " (on) "; the document is now at version "
                        (now.version) ". What changed since your version:"
                    }
                    (difference(&changed))
                    p { "Your text is kept below. Look at their changes, then save it again on version " (now.version) "." }
                }
            };
            edit_page_answer(StatusCode::CONFLICT, &now, at, &form(now.version), shown)
        }
        Err(e) => edit_error(e),
    }
}

pub async fn metadata_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let here = format!("/doc/{}/metadata", http::path_segment(&id));
    if let Some(r) = not_an_editor(&who, &here) {
        return r;
    }
    let stored = match archive.document(&who.viewer, &id).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return not_found_page(&format!(
                "There is no document with the id \u{201c}{id}\u{201d}."
            ))
        }
        Err(e) => return internal(e),
    };
    let d = &stored.document;
    let main = html! {
        p.back { a href={ "/doc/" (http::path_segment(&d.id)) } { "← " (d.title) } }
        h1 { "Title and summary" }
        form.edit method="post" action=(here) {
            input type="hidden" name="csrf" value=(who.csrf());
            input type="hidden" name="on" value=(stored.version);
            p { label for="meta-title" { "Title" } input #meta-title name="title" type="text" value=(d.title) required; }
            p { label for="meta-summary" { "Summary" } textarea #meta-summary name="summary" rows="6" { (d.summary.as_deref().unwrap_or("")) } }
            p { label for="meta-comment" { "What you changed" } input #meta-comment name="comment" type="text" maxlength="500"; }
            p { button type="submit" { "Save" } }
        }
    };
    page(
        StatusCode::OK,
        layout("Title and summary", html! {}, "", main),
    )
}

pub async fn save_metadata(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    body: String,
) -> Response {
    let here = format!("/doc/{}", http::path_segment(&id));
    let pairs = match checked(&who, &body, not_an_editor(&who, &here)) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let Ok(on) = field(&pairs, "on").parse::<i64>() else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Not saved",
            "The form lacks its version.",
        );
    };
    match archive
        .edit_metadata(
            &who.viewer,
            &id,
            on,
            field(&pairs, "title"),
            &field(&pairs, "summary").replace("\r\n", "\n"),
            field(&pairs, "comment"),
        )
        .await
    {
        Ok(version) => see_other(&format!("{here}/history#v{version}")),
        Err(EditError::Unchanged) => see_other(&here),
        Err(EditError::Conflict(now)) => refused(
            StatusCode::CONFLICT,
            "Someone saved this document meanwhile",
            &format!(
                "Your change was made on version {on}; the document is now at version {}. Open its title and summary again.",
                now.version
            ),
        ),
        Err(e) => edit_error(e),
    }
}

pub async fn history(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let versions = match archive.versions(&who.viewer, &id).await {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => {
            return not_found_page(&format!(
                "There is no document with the id \u{201c}{id}\u{201d}."
            ))
        }
        Err(e) => return internal(e),
    };
    let current = versions.last().map_or(0, |v| v.version);
    let title = match archive.document(&who.viewer, &id).await {
        Ok(Some(s)) => s.document.title,
        Ok(None) => id.clone(),
        Err(e) => return internal(e),
    };
    let seg = http::path_segment(&id);
    let main = html! {
        p.back { a href={ "/doc/" (seg) } { "← " (title) } }
        h1 { "History" }
        p.lead { (versions.len()) " version" @if versions.len() != 1 { "s" } "; the current one is " (current) "." }
        form.compare method="get" action={ "/doc/" (seg) "/diff" } {
            table.history {
                thead { tr { th { "Version" } th { "When" } th { "Who" } th { "What" } th { "From" } th { "To" } @if who.viewer.may_edit() { th { "" } } } }
                tbody {
                    @for v in versions.iter().rev() {
                        tr id={ "v" (v.version) } {
                            td { a href={ "/api/documents/" (seg) "?version=" (v.version) } { (v.version) } }
                            td { (v.imported_at) }
                            td { (v.author.as_deref().unwrap_or("imported")) }
                            td { (v.comment.as_deref().filter(|c| !c.is_empty()).unwrap_or(&v.source_name)) }
                            td data-label="From" { input type="radio" name="a" value=(v.version) checked[v.version + 1 == current] aria-label={ "from version " (v.version) }; }
                            td data-label="To" { input type="radio" name="b" value=(v.version) checked[v.version == current] aria-label={ "to version " (v.version) }; }
                            @if who.viewer.may_edit() {
                                td {
                                    @if v.version != current {
                                        button type="submit" form={ "revert-" (v.version) } { "Revert to this" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { button #compare type="submit" { "Show the difference" } }
        }
        @if who.viewer.may_edit() {
            @for v in &versions {
                @if v.version != current {
                    form id={ "revert-" (v.version) } method="post" action={ "/doc/" (seg) "/revert" } {
                        input type="hidden" name="csrf" value=(who.csrf());
                        input type="hidden" name="on" value=(current);
                        input type="hidden" name="to" value=(v.version);
                    }
                }
            }
        }
    };
    page(
        StatusCode::OK,
        layout(&format!("History of {title}"), html! {}, "", main),
    )
}

pub async fn difference_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = http::form_pairs(raw.as_deref());
    let (Ok(a), Ok(b)) = (
        field(&pairs, "a").parse::<i64>(),
        field(&pairs, "b").parse::<i64>(),
    ) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Which versions?",
            "Choose two versions (a and b) in the history.",
        );
    };
    let load = |v: i64| archive.document_version(&who.viewer, &id, v);
    let (old, new) = match (load(a).await, load(b).await) {
        (Ok(Some(x)), Ok(Some(y))) => (x, y),
        (Err(e), _) | (_, Err(e)) => return internal(e),
        _ => {
            return not_found_page(&format!(
                "Document \u{201c}{id}\u{201d} has no such version."
            ))
        }
    };
    let pieces = versions_diff(&old.document, &new.document);
    let changed = changes(&pieces);
    let seg = http::path_segment(&id);
    let main = html! {
        p.back { a href={ "/doc/" (seg) "/history" } { "← History" } }
        h1 { "Version " (a) " to version " (b) }
        p.lead { (changed) " change" @if changed != 1 { "s" } ": struck through what version " (a) " had, underlined what version " (b) " has." }
        (difference(&pieces))
    };
    page(StatusCode::OK, layout("Difference", html! {}, "", main))
}

pub async fn revert(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    body: String,
) -> Response {
    let here = format!("/doc/{}", http::path_segment(&id));
    let pairs = match checked(&who, &body, not_an_editor(&who, &here)) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let (Ok(on), Ok(to)) = (
        field(&pairs, "on").parse::<i64>(),
        field(&pairs, "to").parse::<i64>(),
    ) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Not reverted",
            "The form lacks its versions.",
        );
    };
    match archive
        .revert(&who.viewer, &id, on, to, field(&pairs, "comment"))
        .await
    {
        Ok(version) => see_other(&format!("{here}/history#v{version}")),
        Err(EditError::Unchanged) => see_other(&format!("{here}/history")),
        Err(EditError::Conflict(now)) => refused(
            StatusCode::CONFLICT,
            "Someone saved this document meanwhile",
            &format!(
                "The document is now at version {}; look at its history again before reverting.",
                now.version
            ),
        ),
        Err(e) => edit_error(e),
    }
}
