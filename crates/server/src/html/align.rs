//! Correcting the alignment of turns: every pair the alignment made, with
//! its confidence and evidence, a button to unlink a wrong pair and a form
//! to link two turns. What an editor decides is kept in the document, and
//! every later alignment (after a page is corrected too) keeps it.

use super::edit::{edit_error, not_an_editor, text_label};
use super::errors::{internal, not_found_page};
use super::frame::{layout, page};
use super::post::{checked, field, refused, see_other};
use crate::auth::Who;
use crate::http;
use crate::AppState;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::edit::EditError;
use fonds_core::align::{decisions_found, Choice};
use fonds_core::{Document, TurnAlignment};
use maud::{html, Markup};

/// The most letters of a turn shown beside its pair.
const EXCERPT_CHARS: usize = 240;

/// A turn as listed: its speaker and the start of its text.
struct Turn {
    speaker: String,
    excerpt: String,
}

fn turns_of(doc: &Document, text: usize) -> Vec<Turn> {
    doc.texts[text]
        .turns()
        .map(|b| {
            let text = b.reading_text();
            let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
            if text.chars().count() > EXCERPT_CHARS {
                excerpt.push('\u{2026}');
            }
            Turn {
                speaker: b.speaker.as_ref().map_or(String::new(), |s| s.name.clone()),
                excerpt,
            }
        })
        .collect()
}

/// One side of a pair: the turn, or that there is none.
fn side(turns: &[Turn], n: Option<usize>, lang: &str) -> Markup {
    match n.and_then(|n| turns.get(n).map(|t| (n, t))) {
        Some((n, t)) => html! {
            div.turn lang=(lang) {
                span.number { "Turn " (n + 1) }
                @if !t.speaker.is_empty() { " " strong { (t.speaker) } }
                " " (t.excerpt)
            }
        },
        None => html! { div.turn.none { "No counterpart" } },
    }
}

/// The hidden fields and the button of a decision on a pair.
struct Decision<'a> {
    seg: &'a str,
    csrf: &'a str,
    on: i64,
    translation: usize,
    o: usize,
    t: usize,
}

impl Decision<'_> {
    fn button(&self, choice: Choice, label: &str) -> Markup {
        html! {
            form.decide method="post" action={ "/doc/" (self.seg) "/align" } {
                input type="hidden" name="csrf" value=(self.csrf);
                input type="hidden" name="on" value=(self.on);
                input type="hidden" name="translation" value=(self.translation);
                input type="hidden" name="original" value=(self.o);
                input type="hidden" name="turn" value=(self.t);
                input type="hidden" name="choice" value=(choice.as_str());
                button type="submit" aria-label={ (label) ": original turn " (self.o + 1) " and translation turn " (self.t + 1) } { (label) }
            }
        }
    }
}

fn option_label(n: usize, t: &Turn) -> String {
    let short: String = t.excerpt.chars().take(60).collect();
    if t.speaker.is_empty() {
        format!("{} · {short}", n + 1)
    } else {
        format!("{} · {}: {short}", n + 1, t.speaker)
    }
}

pub async fn align_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let seg = http::path_segment(&id);
    let here = format!("/doc/{seg}/align?{}", raw.as_deref().unwrap_or(""));
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
    let pairs = http::form_pairs(raw.as_deref());
    let asked: Option<usize> = field(&pairs, "translation").parse().ok();
    let Some(a) = d
        .alignments
        .iter()
        .find(|a| asked.is_none_or(|t| a.translation == t))
    else {
        return not_found_page(
            "This document has no turns of an original and a translation to align.",
        );
    };
    page(StatusCode::OK, align_markup(&who, d, a, stored.version))
}

fn align_markup(
    who: &Who,
    d: &Document,
    a: &TurnAlignment,
    version: i64,
) -> maud::PreEscaped<String> {
    let seg = http::path_segment(&d.id);
    let original = turns_of(d, a.original);
    let translation = turns_of(d, a.translation);
    let (ol, tl) = (
        d.texts[a.original].language.code(),
        d.texts[a.translation].language.code(),
    );
    let found = decisions_found(d);
    let decided = |o: usize, t: usize| {
        found
            .iter()
            .find(|(x, f)| x.translation == a.translation && *f == Some((o, t)))
            .map(|(x, _)| x.linked)
    };
    let decision = |o: usize, t: usize| Decision {
        seg: &seg,
        csrf: who.csrf(),
        on: version,
        translation: a.translation,
        o,
        t,
    };
    let title = format!(
        "Turns of the {} and the {}",
        text_label(&d.texts[a.original]).to_lowercase(),
        text_label(&d.texts[a.translation]).to_lowercase()
    );
    let apart: Vec<_> = found
        .iter()
        .filter(|(x, _)| x.translation == a.translation && !x.linked)
        .collect();
    let lost: Vec<_> = found
        .iter()
        .filter(|(x, f)| x.translation == a.translation && f.is_none())
        .collect();
    let main = html! {
        p.back { a href={ "/doc/" (seg) } { "← " (d.title) } }
        h1 { (title) }
        p.lead {
            "Version " (version) ". Each pair the alignment made, in order, with how sure it is and why. "
            "Unlink a wrong pair, or link two turns that belong together: every later alignment keeps what you decide, also after a page is corrected."
        }
        @if d.alignments.len() > 1 {
            p {
                "Other translations: "
                @for other in d.alignments.iter().filter(|x| x.translation != a.translation) {
                    a href={ "/doc/" (seg) "/align?translation=" (other.translation) } { (text_label(&d.texts[other.translation])) }
                    " "
                }
            }
        }
        form.edit.link method="post" action={ "/doc/" (seg) "/align" } {
            h2 { "Link two turns" }
            input type="hidden" name="csrf" value=(who.csrf());
            input type="hidden" name="on" value=(version);
            input type="hidden" name="translation" value=(a.translation);
            input type="hidden" name="choice" value="link";
            p {
                label for="link-original" { "Turn of the original" }
                select #link-original name="original" {
                    @for (n, t) in original.iter().enumerate() { option value=(n) { (option_label(n, t)) } }
                }
            }
            p {
                label for="link-turn" { "Turn of the translation" }
                select #link-turn name="turn" {
                    @for (n, t) in translation.iter().enumerate() { option value=(n) { (option_label(n, t)) } }
                }
            }
            p {
                label for="link-comment" { "Why" }
                input #link-comment name="comment" type="text" maxlength="500";
            }
            p { button type="submit" { "Link" } }
        }
        h2 { "Pairs" }
        ol.pairs {
            @for l in &a.links {
                li.pair id=(l.original.map_or_else(|| format!("t{}", l.translation.unwrap_or(0)), |o| format!("o{o}"))) {
                    (side(&original, l.original, ol))
                    (side(&translation, l.translation, tl))
                    p.why {
                        @if l.why.starts_with("editor") {
                            "Linked by an editor"
                        } @else {
                            (format!("{:.0}", l.confidence * 100.0)) "% sure: " (l.why)
                        }
                    }
                    @if let (Some(o), Some(t)) = (l.original, l.translation) {
                        div.choices {
                            (decision(o, t).button(Choice::Unlink, "Unlink"))
                            @if decided(o, t).is_some() {
                                (decision(o, t).button(Choice::Forget, "Forget the decision"))
                            }
                        }
                    }
                }
            }
        }
        @if !apart.is_empty() {
            h2 { "Kept apart by an editor" }
            ul.pairs {
                @for (x, f) in &apart {
                    @if let Some((o, t)) = f {
                        li.pair {
                            (side(&original, Some(*o), ol))
                            (side(&translation, Some(*t), tl))
                            div.choices { (decision(*o, *t).button(Choice::Forget, "Forget the decision")) }
                        }
                    } @else {
                        li.pair { p { "Original turn " (x.original_turn.turn + 1) " and translation turn " (x.translation_turn.turn + 1) ": their turns have changed since." } }
                    }
                }
            }
        }
        @if !lost.is_empty() {
            h2 { "Decisions set aside" }
            p { "These decisions no longer find their turns: the text changed since. Link the turns again if they still belong together." }
            ul {
                @for (x, _) in &lost {
                    li {
                        @if x.linked { "Linked: " } @else { "Kept apart: " }
                        "original turn " (x.original_turn.turn + 1) " (\u{201c}" (x.original_turn.words) "\u{201d}) and translation turn "
                        (x.translation_turn.turn + 1) " (\u{201c}" (x.translation_turn.words) "\u{201d})"
                    }
                }
            }
        }
    };
    layout(&title, html! {}, "", main)
}

pub async fn decide(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    body: String,
) -> Response {
    let seg = http::path_segment(&id);
    let here = format!("/doc/{seg}/align");
    let pairs = match checked(&who, &body, not_an_editor(&who, &here)) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let number = |name: &str| field(&pairs, name).parse::<usize>().ok();
    let (Ok(on), Some(translation), Some(o), Some(t), Some(choice)) = (
        field(&pairs, "on").parse::<i64>(),
        number("translation"),
        number("original"),
        number("turn"),
        Choice::parse(field(&pairs, "choice")),
    ) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Not saved",
            "The form lacks its version, its turns or what to do with them.",
        );
    };
    let back = format!("{here}?translation={translation}#o{o}");
    match archive
        .edit_alignment(
            &who.viewer,
            &id,
            on,
            translation,
            (o, t),
            choice,
            field(&pairs, "comment"),
        )
        .await
    {
        Ok(_) | Err(EditError::Unchanged) => see_other(&back),
        Err(EditError::Conflict(now)) => refused(
            StatusCode::CONFLICT,
            "Someone saved this document meanwhile",
            &format!(
                "Your decision was made on version {on}; the document is now at version {}. Open its turns again.",
                now.version
            ),
        ),
        Err(e) => edit_error(e),
    }
}
