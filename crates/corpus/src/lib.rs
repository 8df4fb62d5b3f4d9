//! A deterministic generator of realistic synthetic records in the archive
//! export format, for tests and benchmarks.
//!
//! ```
//! use fonds_corpus::Generator;
//!
//! let g = Generator::new(42);
//! let rec = g.record(123);
//! assert_eq!(rec.file_name, "rec-0000123.txt");
//! // The same seed and index always give the same bytes.
//! assert_eq!(rec.text, g.record(123).text);
//! let doc = fonds_core::record::read_record(&rec.text, Some(&rec.file_name));
//! assert_eq!(doc.id, rec.truth.id);
//! ```
//!
//! # API
//!
//! - [`Generator::new`]`(seed)` makes a generator; it holds nothing but the seed.
//! - [`Generator::record`]`(i)` gives the i-th record of the corpus as a
//!   [`Generated`]: a file name (`rec-0000123.txt`), the record's text, and its
//!   [`Truth`], what a correct reader must find in it. Records are independent
//!   of each other: no state is kept between calls, so any record can be made
//!   directly (record 999,999 costs what record 0 costs) and a million records
//!   stream with constant memory.
//!
//! Output depends only on the seed, the index and this crate's version: the
//! pseudo-random numbers come from SplitMix64 with integer arithmetic and
//! exactly rounded floating-point operations only, so they are the same on
//! every platform.
//!
//! # What the records hold
//!
//! Records follow the export format of the team's fixtures and of the real
//! record in `../shared/seed`: a Markdown-like header (date, title, citation
//! with the archival reference, translators and URL, summary, sometimes the
//! associated people, original language, contents), then the original
//! transcription and its translations with nothing between them.
//!
//! - Kinds: records of conversation (most), telegrams, letters, minutes,
//!   reports and memoranda (US memoranda of conversation among them).
//! - Originals in Russian (most), Chinese, German, Korean and English; every
//!   non-English original has an English translation and sometimes a second
//!   one (Russian, German, Chinese or Korean); US records have none.
//! - Dates from 1945 to 1991, with a cast of about eighty historical figures
//!   (Soviet, Chinese, Korean, German, Polish, American) who appear only in the
//!   years they were active, named in each script (Микоян / Mikoyan / 米高扬 /
//!   미꼬얀, 毛泽东 / Мао Цзэдун / 모택동, 김일성 / Ким Ир Сен).
//! - Archives: AVP RF, RGANI, RGASPI, GARF, APRF and TsKhSD with fond, opis,
//!   delo and folios (`f. 0100, op. 45, p. 362, d. 9, ll. 13-16` or `Fond ...,
//!   Listy ...`) whose range matches the number of pages of the original;
//!   SAPMO-BArch, PA AA, PRC FMA, AAN, NARA and the Department of State.
//! - Speaker turns in each language's convention (`Тов. Микоян - `,
//!   `Cde. Mikoyan - `, `Comrade Ulbricht: `, `MAO ZEDONG: `, `Genosse
//!   Honecker: `, `毛泽东：`, `김일성 동지: `, `Mr. Dulles: `), participants
//!   lists by side, "Recorded by" lines, classification markings, datelines.
//!   The original's turns and each translation's correspond one to one; in
//!   a conversation every speaker speaks at least twice, so that labels
//!   without a form of address recur as a reader requires.
//! - Sentences are built from parallel phrase tables in the five languages
//!   (statements, questions, replies, narrative, decisions) with slots for
//!   topics, goods, cities, people and numbers, so text is varied and
//!   searchable ("терпение", "пленум", "делегация", "patience", "plenum").
//! - The original is an OCR'd typescript: hard-wrapped lines with hyphenated
//!   breaks, page markers (`- 2 -`, `-3-`), folio stamps with stray digits
//!   (`52<sup>6</sup>`, `51 7`, `508`), misread letters, garbled names in some
//!   speaker labels, `<sup>...</sup>` insertions, `~~...~~` deletions and a
//!   misread date now and then. The English translation carries the editor's
//!   marks: `[Inserted: ...]`, `[illegible]`, `[?]`, `[sic]`, supplied words
//!   (`[it]`) and stage notes (`(clarifies)`).
//! - Sizes run from about 2 KB to about 40 KB, log-normal around 6 KB.
//!
//! The header, the citation and the translations are never garbled, so the
//! facts in [`Truth`] are unambiguous.

mod build;
mod cast;
pub mod facts;
mod header;
pub mod hostile;
mod lang;
mod layout;
mod noise;
mod phrases;
mod rng;
mod sentence;

use lang::L;
use rng::Rng;

/// A generator of records: a seed, nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generator {
    seed: u64,
}

/// One generated record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// A file name for the record, e.g. "rec-0000123.txt".
    pub file_name: String,
    /// The record in the export format.
    pub text: String,
    pub truth: Truth,
}

/// What a correct reader must find in a record: the ground truth for facet tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    /// The id fonds derives from the URL
    /// (`fonds_core::record::document_id(Some(url), None, "")`).
    pub id: String,
    pub url: String,
    pub title: String,
    /// The date of the header (year, month, day).
    pub date: (i32, u8, u8),
    /// One of the values of `fonds_core::DocType::as_str()`.
    pub doc_type: &'static str,
    /// ISO 639-1: "ru", "en", "de", "zh" or "ko".
    pub original_language: &'static str,
    /// The translations in the order of the record; empty for US records.
    pub translation_languages: Vec<&'static str>,
    /// The repository of the archival reference ("AVP RF", "SAPMO-BArch").
    pub repository: String,
    /// The fond, for references by fond, opis and delo.
    pub fond: Option<String>,
    /// The canonical (English) name of each speaker and their number of turns
    /// in the first translation, in order of first appearance. For records
    /// without a translation (US records), the turns of the original.
    pub speakers: Vec<(String, usize)>,
    /// The canonical names of the participants lists, in order.
    pub participants: Vec<String>,
    /// The size of the record in bytes.
    pub bytes: usize,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Generator { seed }
    }

    /// Writes records `start..start + count` into `dir` (created if need
    /// be), each under its `file_name`, calling `each` with every record
    /// once it is written; returns the bytes written. Tests make their
    /// corpora with it; the developer tool's `generate` writes the ground
    /// truth beside them through `each`.
    pub fn write(
        &self,
        dir: &std::path::Path,
        start: u64,
        count: u64,
        mut each: impl FnMut(&Generated) -> std::io::Result<()>,
    ) -> std::io::Result<u64> {
        std::fs::create_dir_all(dir)?;
        let mut bytes = 0u64;
        for i in start..start + count {
            let g = self.record(i);
            std::fs::write(dir.join(&g.file_name), &g.text)?;
            bytes += g.text.len() as u64;
            each(&g)?;
        }
        Ok(bytes)
    }

    /// The i-th record; the same (seed, i) always gives the same record. No
    /// state is kept between calls, so 1,000,000 records stream with constant
    /// memory.
    pub fn record(&self, i: u64) -> Generated {
        let mut rng = Rng::for_record(self.seed, i);
        let spec = build::choose(&mut rng);
        let built = build::write(&mut rng, &spec);
        let archive = header::archive(&mut rng, &spec);
        let laid = layout::original(&mut rng, &spec, &built.blocks, archive.folio);
        let reference = archive.reference(laid.pages);
        // Document numbers differ between seeds and never repeat within one
        // for the first hundred million records.
        let doc_number = (self.seed % 900 + 100) * 100_000_000 + i % 100_000_000;
        let head = header::header(&mut rng, &spec, &built, &reference, doc_number);

        let mut text = head.text;
        text.push_str(&laid.text);
        for k in 1..spec.texts.len() {
            text.push_str("\n\n\n");
            text.push_str(&layout::translation(&built.blocks, k));
        }
        text.push('\n');

        // The speakers of the first translation, or of the original when
        // there is none.
        let mut speakers: Vec<(String, usize)> = Vec::new();
        for b in &built.blocks {
            if let Some(p) = b.speaker {
                match speakers.iter_mut().find(|(n, _)| n == p.en) {
                    Some(entry) => entry.1 += 1,
                    None => speakers.push((p.en.to_string(), 1)),
                }
            }
        }
        let participants = if built
            .blocks
            .iter()
            .any(|b| b.kind == build::BlockKind::Participants)
        {
            spec.present_home
                .iter()
                .chain(&spec.present_other)
                .map(|p| p.en.to_string())
                .collect()
        } else {
            Vec::new()
        };
        let truth = Truth {
            id: fonds_core::record::document_id(Some(&head.url), None, ""),
            url: head.url,
            title: head.title,
            date: (spec.year, spec.month, spec.day),
            doc_type: spec.kind.as_str(),
            original_language: spec.original().code(),
            translation_languages: spec.texts[1..].iter().map(|t| t.lang.code()).collect(),
            repository: archive.repository.to_string(),
            fond: archive.fond.clone(),
            speakers,
            participants,
            bytes: text.len(),
        };
        debug_assert!(spec.texts[0].lang != L::En || spec.texts.len() == 1);
        Generated {
            file_name: format!("rec-{i:07}.txt"),
            text,
            truth,
        }
    }
}
