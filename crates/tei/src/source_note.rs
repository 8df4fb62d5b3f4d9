//! The source notes of documentary editions of US foreign-policy records
//! (FRUS): where the document printed is filed.
//!
//! A note names the file the way the Department of State's records were
//! kept: a decimal file number ("File No. 861.51/142", or the bare
//! "711.90H/41" of later volumes), the files of a delegation ("Paris Peace
//! Conf. 184.611/1", the Commission to Negotiate Peace), or a person's
//! papers ("Edward M. House Papers"). The file number is a location, not a
//! repository: the repository is the body of records the number belongs to,
//! with its National Archives record group. Anything else is read as an
//! archival reference in general ([`parse_reference`]).

use fonds_core::citation::parse::parse_reference;
use fonds_core::ArchivalReference;

/// A body of records a note may name before its file numbers, with the
/// words that name it (compared forgiving one wrong letter per word, as
/// OCR reads "Conf." as "Cont.").
struct Records {
    words: &'static [&'static str],
    repository: &'static str,
    record_group: &'static str,
}

const NAMED: &[Records] = &[Records {
    words: &["paris", "peace", "conf"],
    repository: "American Commission to Negotiate Peace",
    record_group: "RG 256",
}];

/// The Department's central files, to which a bare decimal number belongs.
const CENTRAL_FILES: &str = "Department of State, Central Decimal File";
const CENTRAL_RECORD_GROUP: &str = "RG 59";

/// Reads a source note (its reference, without a kind such as ": Telegram").
pub(crate) fn source_reference(note: &str) -> ArchivalReference {
    let text = note
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    let words: Vec<&str> = text.split_whitespace().collect();
    // "File No. 861.51/142", "Files Nos. 861.00/1, 2".
    let after_file = match words.as_slice() {
        [f, n, rest @ ..] if is_word(f, &["file", "files"]) && is_word(n, &["no", "nos"]) => {
            Some(rest)
        }
        _ => None,
    };
    if let Some(rest) = after_file {
        if rest.first().is_some_and(|w| is_decimal_file(w)) {
            return located(text, CENTRAL_FILES, CENTRAL_RECORD_GROUP, &rest.join(" "));
        }
    }
    for r in NAMED {
        if words.len() > r.words.len()
            && words
                .iter()
                .zip(r.words)
                .all(|(w, want)| near(&bare(w), want))
        {
            return located(
                text,
                r.repository,
                r.record_group,
                &words[r.words.len()..].join(" "),
            );
        }
    }
    if words.first().is_some_and(|w| is_decimal_file(w)) {
        return located(text, CENTRAL_FILES, CENTRAL_RECORD_GROUP, text);
    }
    // "Edward M. House Papers", "Robert Lansing Papers, Library of Congress".
    if let Some(end) = text.find(" Papers").map(|i| i + " Papers".len()) {
        let name = &text[..end];
        if name.split_whitespace().count() >= 2
            && text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            let rest = text[end..].trim_start_matches([',', ';', ':', ' ']).trim();
            return ArchivalReference {
                text: text.to_string(),
                repository: Some(name.to_string()),
                location: (!rest.is_empty()).then(|| rest.to_string()),
                ..ArchivalReference::default()
            };
        }
    }
    parse_reference(text)
}

/// A reference to `location` in a body of records, with its record group.
fn located(text: &str, repository: &str, group: &str, location: &str) -> ArchivalReference {
    let location = location.trim();
    ArchivalReference {
        text: text.to_string(),
        repository: Some(repository.to_string()),
        location: Some(if location.is_empty() {
            group.to_string()
        } else {
            format!("{group}, {location}")
        }),
        ..ArchivalReference::default()
    }
}

/// A word without the punctuation around it, lowercased.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn is_word(word: &str, any_of: &[&str]) -> bool {
    any_of.contains(&bare(word).as_str())
}

/// Equal, or one letter substituted in a word of four letters or more.
fn near(word: &str, want: &str) -> bool {
    if word == want {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), want.chars().collect());
    a.len() == b.len() && a.len() >= 4 && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

/// A decimal file number: three digits, then a subdivision, and a slash
/// before the document's number ("861.51/142", "711.90H/41", "360d.1121
/// R25/18", "884.01 Selassie I/12"); or a class alone ("740.0011").
fn is_decimal_file(word: &str) -> bool {
    let w = word.trim_end_matches([',', ';', ':']);
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    digits == 3
        && (w.len() == 3
            || w[3..].starts_with(['.', '/'])
            || w[3..].starts_with(|c: char| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(note: &str) -> (Option<String>, Option<String>) {
        let r = source_reference(note);
        (r.repository, r.location)
    }

    #[test]
    fn decimal_files_belong_to_the_central_files() {
        let want = (
            Some(CENTRAL_FILES.to_string()),
            Some("RG 59, 861.51/142".to_string()),
        );
        assert_eq!(read("File No. 861.51/142"), want);
        assert_eq!(read("861.51/142"), want);
        assert_eq!(
            read("884.01 Selassie I/12").1.as_deref(),
            Some("RG 59, 884.01 Selassie I/12")
        );
        assert_eq!(read("711.90H/41").0.as_deref(), Some(CENTRAL_FILES));
    }

    #[test]
    fn a_delegations_files_are_one_repository_however_ocr_spells_them() {
        for note in ["Paris Peace Conf. 184.611/1", "Paris Peace Cont. 184.611/1"] {
            assert_eq!(
                read(note),
                (
                    Some("American Commission to Negotiate Peace".into()),
                    Some("RG 256, 184.611/1".into())
                ),
                "{note}"
            );
        }
    }

    #[test]
    fn papers_are_their_own_repository() {
        assert_eq!(
            read("Edward M. House Papers"),
            (Some("Edward M. House Papers".into()), None)
        );
        assert_eq!(
            read("Robert Lansing Papers, Library of Congress"),
            (
                Some("Robert Lansing Papers".into()),
                Some("Library of Congress".into())
            )
        );
    }

    #[test]
    fn other_notes_are_read_as_references() {
        let r = source_reference("National Archives, RG 59, Central Files, 611.61/1-2854");
        assert_eq!(r.repository.as_deref(), Some("National Archives"));
        // A word that only looks like a file is no file.
        assert_ne!(read("File No. unknown").0.as_deref(), Some(CENTRAL_FILES));
    }
}
