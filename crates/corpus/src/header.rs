//! The record's header: title, citation with its archival reference,
//! summary, original language and contents.

use crate::build::{Built, Spec};
use crate::cast::{Person, Side, TRANSLATORS};
use crate::lang::{date_us, L};
use crate::phrases::TOPICS;
use crate::rng::Rng;
use fonds_core::DocType;

/// Where the physical document is held.
pub(crate) struct Archive {
    pub repository: &'static str,
    /// The fond, for the archives that file by fond, opis and delo.
    pub fond: Option<String>,
    /// The reference up to where the folios follow.
    location: String,
    /// The first stamped folio, for archives that stamp their leaves.
    pub folio: Option<u32>,
    /// "Listy 49-57" rather than "ll. 49-57".
    long_form: bool,
}

impl Archive {
    /// The whole reference, with folios matching the number of pages.
    pub(crate) fn reference(&self, pages: u32) -> String {
        let Some(from) = self.folio else {
            return format!("{}, {}", self.repository, self.location);
        };
        let to = from + pages.max(1) - 1;
        let folios = match (self.long_form, from == to) {
            (true, true) => format!("List {from}"),
            (true, false) => format!("Listy {from}-{to}"),
            (false, true) => format!("l. {from}"),
            (false, false) => format!("ll. {from}-{to}"),
        };
        format!("{}, {}, {folios}", self.repository, self.location)
    }
}

/// Chooses the archive that holds a record.
pub(crate) fn archive(rng: &mut Rng, spec: &Spec) -> Archive {
    let orig = spec.original();
    match orig {
        L::Ru => {
            let polish = spec.other == Side::Polish;
            let repos = ["AVP RF", "RGANI", "RGASPI", "GARF", "APRF", "TsKhSD", "AAN"];
            // Ministries and embassies file with the foreign ministry; the
            // Presidium's minutes and reports stay in the party's archives.
            let party = matches!(spec.kind, DocType::Minutes | DocType::Report);
            let weights = [
                if party { 3 } else { 30 },
                25,
                15,
                8,
                10,
                5,
                if polish { 25 } else { 0 },
            ];
            let repository = repos[rng.weighted(&weights)];
            if repository == "AAN" {
                let sygn = rng.range(1, 140);
                return Archive {
                    repository,
                    fond: None,
                    location: format!("KC PZPR, sygn. XI A/{sygn}"),
                    folio: None,
                    long_form: false,
                };
            }
            let fond: String = match repository {
                "AVP RF" => match spec.other {
                    Side::Chinese => "0100",
                    Side::Korean => "0102",
                    Side::German => "0742",
                    Side::Polish => "0122",
                    Side::American => "0129",
                    Side::Soviet => "06",
                }
                .to_string(),
                "RGANI" => rng.pick(&["2", "3", "5", "52", "89"]).to_string(),
                "RGASPI" => rng.pick(&["17", "82", "495", "558"]).to_string(),
                "GARF" => rng.pick(&["5446", "9401", "7523", "8131"]).to_string(),
                "APRF" => rng.pick(&["3", "45", "52"]).to_string(),
                _ => rng.pick(&["5", "89"]).to_string(),
            };
            let mut opis = rng.range(1, 99).to_string();
            if rng.chance(0.12) {
                opis.push('c');
            }
            let delo = rng.range(1, 999);
            let long_form = rng.chance(0.3);
            let papka = (repository == "AVP RF").then(|| rng.range(100, 520));
            let location = match (long_form, papka) {
                (true, Some(p)) => format!("Fond {fond}, Opis {opis}, Papka {p}, Delo {delo}"),
                (true, None) => format!("Fond {fond}, Opis {opis}, Delo {delo}"),
                (false, Some(p)) => format!("f. {fond}, op. {opis}, p. {p}, d. {delo}"),
                (false, None) => format!("f. {fond}, op. {opis}, d. {delo}"),
            };
            Archive {
                repository,
                fond: Some(fond),
                location,
                folio: Some(rng.range(1, 380) as u32),
                long_form,
            }
        }
        L::De => {
            if rng.chance(0.8) {
                let location = match rng.below(3) {
                    0 => format!("DY 30/J IV 2/2/{}", rng.range(1, 999)),
                    1 => format!("DY 30/IV 2/20/{}", rng.range(1, 460)),
                    _ => format!("NY 4182/{}", rng.range(1, 1300)),
                };
                plain("SAPMO-BArch", location)
            } else {
                plain("PA AA", format!("MfAA, A {}", rng.range(10000, 19999)))
            }
        }
        L::Zh => plain("PRC FMA", fma(rng)),
        L::Ko => {
            // The captured North Korean records in the US National Archives
            // date from before the armistice.
            if spec.year > 1953 || rng.chance(0.6) {
                plain("PRC FMA", fma(rng))
            } else {
                let location = format!(
                    "RG 242, SA {}, Box {}, Item {}.{}",
                    rng.range(2005, 2013),
                    rng.range(1, 20),
                    rng.range(1, 40),
                    rng.range(1, 60)
                );
                plain("NARA", location)
            }
        }
        L::En => {
            if rng.chance(0.75) {
                let file = rng.pick(&["611.61", "761.00", "611.93", "762.00", "795.00", "793.00"]);
                let yy = spec.year % 100;
                let location = format!("Central Files, {file}/{}-{}{yy:02}", spec.month, spec.day);
                plain("Department of State", location)
            } else {
                let location =
                    format!("RG 59, Central Decimal File, Box {}", rng.range(1000, 5000));
                plain("NARA", location)
            }
        }
    }
}

fn plain(repository: &'static str, location: String) -> Archive {
    Archive {
        repository,
        fond: None,
        location,
        folio: None,
        long_form: false,
    }
}

/// A reference of the Chinese Foreign Ministry Archive ("109-00123-04").
fn fma(rng: &mut Rng) -> String {
    let series = rng.pick(&[105, 106, 109, 117, 118, 204]);
    format!("{series}-{:05}-{:02}", rng.range(1, 3000), rng.range(1, 12))
}

fn recipient(side: Side) -> &'static str {
    match side {
        Side::Soviet => "the CC CPSU",
        Side::Chinese => "the CCP Central Committee",
        Side::Korean => "the KWP Central Committee",
        Side::German => "the SED Politburo",
        Side::Polish => "the PUWP Central Committee",
        Side::American => "the Secretary of State",
    }
}

/// The record's title, in English.
pub(crate) fn title(rng: &mut Rng, spec: &Spec, built: &Built) -> String {
    let a = spec.author;
    let b = spec.addressee;
    let topic = TOPICS[spec.topics[0]].en;
    match spec.kind {
        DocType::Conversation => {
            let base = match rng.weighted(&[50, 20, 15, 15]) {
                0 => format!("Record of Conversation between {} and {}", a.full, b.full),
                1 => format!("Conversation between {} and {}", a.full, b.full),
                2 => format!("Record of a Conversation with {}", b.full),
                _ => format!(
                    "Record of Conversation between {} and {}",
                    a.full,
                    spec.other.delegation()[0]
                ),
            };
            if rng.chance(0.1) {
                format!("{base}, {} {}", month_name(spec.month), spec.year)
            } else {
                base
            }
        }
        DocType::Telegram => {
            let head = if spec.home == Side::Soviet && rng.chance(0.5) {
                "Ciphered Telegram"
            } else {
                "Telegram"
            };
            format!("{head} from {} to {}", a.full, recipient(spec.home))
        }
        DocType::Letter => format!("Letter from {} to {}", a.full, b.full),
        DocType::Minutes => built
            .minutes_title
            .clone()
            .unwrap_or_else(|| "Minutes".into()),
        DocType::Report => match rng.below(2) {
            0 => format!("Report by {} on {topic}", a.full),
            _ => format!("Report on {topic}"),
        },
        _ if spec.original() == L::En => {
            format!(
                "Memorandum of Conversation between {} and {}",
                a.full, b.full
            )
        }
        _ => match rng.below(2) {
            0 => format!("Memorandum by {} on {topic}", a.full),
            _ => format!("Memorandum on {topic}"),
        },
    }
}

fn month_name(m: u8) -> &'static str {
    fonds_core::date::ENGLISH_MONTHS[m as usize - 1]
}

/// The editors' summary, in English.
fn summary(rng: &mut Rng, spec: &Spec) -> String {
    let a = spec.author.en;
    let b = spec.addressee.en;
    let t = |k: usize| TOPICS[spec.topics[k % spec.topics.len()]].en;
    let mut s = match spec.kind {
        DocType::Conversation => format!("{a} and {b} discuss {} and {}.", t(0), t(1)),
        DocType::Telegram => format!("{a} reports on {} and on {}.", t(0), t(1)),
        DocType::Letter => format!(
            "{a} writes to {b} about {} and proposes to discuss {}.",
            t(0),
            t(1)
        ),
        DocType::Minutes => format!("The meeting discusses {} and {}.", t(0), t(1)),
        DocType::Report => format!("A report on {}, with information on {}.", t(0), t(1)),
        _ if spec.original() == L::En => format!("{a} and {b} discuss {}.", t(0)),
        _ => format!("A memorandum on {} and {}.", t(0), t(1)),
    };
    if rng.chance(0.5) {
        let extra = match rng.below(3) {
            0 => format!(" {b} stresses the importance of {}.", t(2)),
            1 => format!(" The two sides also touch upon {}.", t(2)),
            _ => format!(" {a} asks for patience with respect to {}.", t(2)),
        };
        s.push_str(&extra);
    }
    s
}

/// Everything before the body, and the facts it states.
pub(crate) struct Header {
    pub text: String,
    pub title: String,
    pub url: String,
}

/// Writes the header.
pub(crate) fn header(
    rng: &mut Rng,
    spec: &Spec,
    built: &Built,
    reference: &str,
    doc_number: u64,
) -> Header {
    let title = title(rng, spec, built);
    let date = date_us(spec.year, spec.month, spec.day);
    let publisher = if rng.chance(0.85) {
        "Wilson Center Digital Archive"
    } else {
        "History and Public Policy Program Digital Archive"
    };
    let url = match rng.weighted(&[90, 5, 5]) {
        0 => format!("https://digitalarchive.example.org/document/{doc_number}"),
        1 => format!("https://www.digitalarchive.example.org/document/{doc_number}"),
        _ => format!("http://digitalarchive.example.org/document/{doc_number}"),
    };
    let translated = if spec.texts.len() > 1 {
        let first = *rng.pick(TRANSLATORS);
        let second = *rng.pick(TRANSLATORS);
        if second != first && rng.chance(0.25) {
            format!(" Translated by {first} and {second}.")
        } else if rng.chance(0.1) {
            format!(" Translated for CWIHP by {first}.")
        } else {
            format!(" Translated by {first}.")
        }
    } else {
        String::new()
    };
    let link = if rng.chance(0.9) {
        format!("<{url}>")
    } else {
        url.clone()
    };
    let citation = format!("\"{title}\", {date}, {publisher}, {reference}.{translated}  \n{link}");
    let summary = summary(rng, spec);

    let mut out = String::with_capacity(1500);
    out.push_str(&format!("\n\n## **{date}**\n\n### **{title}**\n\n"));
    out.push_str(&format!("#### **Citation:**\n\n{citation}\n\n"));
    out.push_str(&format!("#### **Summary:**\n\n{summary}\n\n"));
    if rng.chance(0.3) {
        let mut people: Vec<&Person> = vec![spec.author, spec.addressee];
        for p in &spec.speakers {
            if !people.iter().any(|q| std::ptr::eq(*q, *p)) {
                people.push(p);
            }
        }
        out.push_str("#### **Associated People & Organizations:**\n\n");
        for p in people {
            out.push_str(&format!("- {}\n", p.assoc));
        }
        out.push('\n');
    }
    let orig = spec.original();
    out.push_str(&format!(
        "#### **Original Language:**\n\n{}\n\n",
        orig.name()
    ));
    let mut items: Vec<String> = Vec::new();
    if rng.chance(0.9) {
        items.push("Original Scan".into());
    }
    if orig == L::En || rng.chance(0.5) {
        items.push(format!("Transcript - {}", orig.name()));
    }
    for t in &spec.texts[1..] {
        items.push(format!("Translation - {}", t.lang.name()));
    }
    out.push_str(&format!("#### **Contents:**\n\n{}\n\n", items.join("  \n")));
    Header {
        text: out,
        title,
        url,
    }
}
