//! Building a record: choosing what it is (language, kind, date, people,
//! archive) and writing its blocks in all its texts at once, so that the
//! original and the translations correspond block for block and turn for turn.

use crate::cast::{recorders, Person, Side, CAST};
use crate::lang::{capitalize, date_in, ko_particle, Tr, L};
use crate::noise;
use crate::phrases::*;
use crate::rng::{exp, Rng};
use crate::sentence::{Mark, Role, Sentence, Slots};
use fonds_core::DocType;

/// One text of the record: its language and whether it is the original.
#[derive(Clone, Copy)]
pub(crate) struct TextSpec {
    pub lang: L,
    pub original: bool,
    /// The variant of the speaker labels this text uses.
    pub style: u8,
    pub role: Role,
}

/// What the record is, chosen before any of it is written.
pub(crate) struct Spec {
    pub kind: DocType,
    /// The original first, then the translations.
    pub texts: Vec<TextSpec>,
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub home: Side,
    pub other: Side,
    /// Who speaks, in a conversation, minutes or a memorandum of conversation.
    pub speakers: Vec<&'static Person>,
    /// Those present, on the home side and on the other side.
    pub present_home: Vec<&'static Person>,
    pub present_other: Vec<&'static Person>,
    /// Who wrote the record (a telegram's sender, a letter's writer).
    pub author: &'static Person,
    /// Who it is addressed to.
    pub addressee: &'static Person,
    /// People sentences mention.
    pub mentions: Vec<&'static Person>,
    pub topics: Vec<usize>,
    pub cities: Vec<usize>,
    pub recorder: Option<&'static Tr>,
    /// The security marking (0 top secret, 1 secret, 2 confidential).
    pub level: Option<usize>,
    /// The chance that a letter of the original is misread.
    pub noise: f64,
    /// The chance that a speaker label of the original is garbled.
    pub garble: f64,
    /// The size the whole record aims at, in bytes.
    pub target: usize,
}

impl Spec {
    pub(crate) fn original(&self) -> L {
        self.texts[0].lang
    }

    /// Whether labels without a form of address may be used: each speaker of a
    /// conversation speaks at least twice, so such a label always recurs.
    pub(crate) fn weak_ok(&self) -> bool {
        matches!(self.kind, DocType::Conversation | DocType::Memorandum)
    }
}

/// What a block is, as far as layout needs to know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BlockKind {
    Classification,
    Heading,
    Dateline,
    Participants,
    Turn,
    Text,
    Signature,
}

/// A block, written in every text (index 0 is the original).
pub(crate) struct Block {
    pub kind: BlockKind,
    /// The speaker label of a turn in each text, including its separator.
    pub label: Vec<String>,
    pub body: Vec<String>,
    /// For turns, the speaker.
    pub speaker: Option<&'static Person>,
}

/// The record's blocks and the facts the header needs.
pub(crate) struct Built {
    pub blocks: Vec<Block>,
    /// The English heading of minutes, which is their title.
    pub minutes_title: Option<String>,
}

/// Everyone of a side who appears in records of the year.
fn active(side: Side, year: i32) -> Vec<&'static Person> {
    CAST.iter()
        .filter(|p| p.side == side && p.active(year))
        .collect()
}

fn pick_year(rng: &mut Rng) -> i32 {
    let spans = [
        (1945, 1949),
        (1950, 1959),
        (1960, 1969),
        (1970, 1979),
        (1980, 1991),
    ];
    let (a, b) = spans[rng.weighted(&[8, 36, 30, 14, 12])];
    rng.range(a, b) as i32
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Picks `n` different people from `pool`, avoiding `taken`.
fn pick_people(
    rng: &mut Rng,
    pool: &[&'static Person],
    n: usize,
    taken: &[&'static Person],
) -> Vec<&'static Person> {
    let mut free: Vec<&'static Person> = pool
        .iter()
        .copied()
        .filter(|p| !taken.iter().any(|t| std::ptr::eq(*t, *p)))
        .collect();
    let mut out = Vec::new();
    while out.len() < n && !free.is_empty() {
        let i = rng.below(free.len());
        out.push(free.swap_remove(i));
    }
    out
}

/// Chooses what the record is.
pub(crate) fn choose(rng: &mut Rng) -> Spec {
    use DocType as D;
    let orig = [L::Ru, L::Zh, L::De, L::Ko, L::En][rng.weighted(&[55, 13, 12, 8, 12])];
    let kinds = [
        D::Conversation,
        D::Telegram,
        D::Letter,
        D::Minutes,
        D::Report,
        D::Memorandum,
    ];
    let kind_weights: [u32; 6] = match orig {
        L::Ru => [55, 15, 8, 7, 8, 7],
        L::De => [40, 5, 10, 25, 12, 8],
        L::Zh => [50, 25, 8, 7, 10, 0],
        L::Ko => [55, 10, 10, 10, 15, 0],
        L::En => [0, 25, 15, 0, 15, 45],
    };
    let kind = kinds[rng.weighted(&kind_weights)];
    let home = match orig {
        L::Ru => Side::Soviet,
        L::Zh => Side::Chinese,
        L::De => Side::German,
        L::Ko => Side::Korean,
        L::En => Side::American,
    };
    let others: (&[Side], &[u32]) = match orig {
        L::Ru => (
            &[
                Side::Chinese,
                Side::Korean,
                Side::German,
                Side::Polish,
                Side::American,
                Side::Soviet,
            ],
            &[30, 25, 15, 12, 10, 8],
        ),
        L::De => (
            &[Side::Soviet, Side::German, Side::Polish, Side::Chinese],
            &[50, 25, 10, 15],
        ),
        L::Zh => (
            &[Side::Soviet, Side::Korean, Side::American, Side::Chinese],
            &[45, 35, 10, 10],
        ),
        L::Ko => (&[Side::Chinese, Side::Soviet, Side::Korean], &[45, 45, 10]),
        L::En => (&[Side::Soviet, Side::Chinese], &[75, 25]),
    };

    // A year in which both sides have people to speak for them.
    let fits = |other: Side, year: i32| {
        let other = if kind == D::Minutes { home } else { other };
        let need_home = if kind == D::Minutes { 3 } else { 1 };
        let need_other = if other == home { need_home + 1 } else { 1 };
        // The United States and the PRC talked only from 1971.
        if home == Side::American && other == Side::Chinese && year < 1971 {
            return None;
        }
        let h = active(home, year);
        let o = active(other, year);
        (h.len() >= need_home && o.len() >= need_other).then_some((other, year, h, o))
    };
    let mut chosen = None;
    for _ in 0..200 {
        let other = others.0[rng.weighted(others.1)];
        let year = pick_year(rng);
        chosen = fits(other, year);
        if chosen.is_some() {
            break;
        }
    }
    // Practically never reached: the first combination that fits.
    let (other, year, home_pool, other_pool) = chosen
        .or_else(|| {
            others
                .0
                .iter()
                .flat_map(|&o| (1945..=1991).map(move |y| (o, y)))
                .find_map(|(o, y)| fits(o, y))
        })
        .expect("every kind of record has a year with people on both sides");
    let month = rng.range(1, 12) as u8;
    let day = rng.range(1, days_in(year, month) as i64) as u8;

    // The people.
    let (speakers, present_home, present_other, author, addressee);
    match kind {
        D::Conversation | D::Memorandum if kind == D::Conversation || orig == L::En => {
            let a = pick_people(rng, &home_pool, 1, &[]);
            let b = pick_people(rng, &other_pool, 1, &a);
            let mut s: Vec<&'static Person> = a.iter().chain(&b).copied().collect();
            if rng.chance(0.35) {
                let taken = s.clone();
                s.extend(pick_people(rng, &other_pool, 1, &taken));
            }
            if rng.chance(0.2) {
                let taken = s.clone();
                s.extend(pick_people(rng, &home_pool, 1, &taken));
            }
            let taken = s.clone();
            let n = rng.below(3);
            let extra_home = pick_people(rng, &home_pool, n, &taken);
            let taken: Vec<_> = s.iter().chain(&extra_home).copied().collect();
            let n = rng.below(3);
            let extra_other = if other == home {
                Vec::new()
            } else {
                pick_people(rng, &other_pool, n, &taken)
            };
            present_home = s
                .iter()
                .copied()
                .filter(|p| p.side == home)
                .chain(extra_home)
                .collect::<Vec<_>>();
            present_other = if other == home {
                Vec::new()
            } else {
                s.iter()
                    .copied()
                    .filter(|p| p.side == other)
                    .chain(extra_other)
                    .collect()
            };
            author = s[0];
            addressee = s[1];
            speakers = s;
        }
        D::Minutes => {
            let n = 3 + rng.below(4);
            let people = pick_people(rng, &home_pool, n.min(home_pool.len()), &[]);
            let talk = 2 + rng.below(people.len() - 1);
            speakers = people[..talk].to_vec();
            author = people[0];
            addressee = people[1];
            present_home = people;
            present_other = Vec::new();
        }
        _ => {
            let a = pick_people(rng, &home_pool, 1, &[]);
            let b = pick_people(rng, &other_pool, 1, &a);
            author = a[0];
            addressee = b[0];
            speakers = Vec::new();
            present_home = Vec::new();
            present_other = Vec::new();
        }
    }
    let mut mentions: Vec<&'static Person> = pick_people(
        rng,
        &other_pool,
        2,
        &[author, addressee]
            .into_iter()
            .chain(speakers.iter().copied())
            .collect::<Vec<_>>(),
    );
    if mentions.is_empty() {
        let taken: Vec<&'static Person> = [author, addressee]
            .into_iter()
            .chain(speakers.iter().copied())
            .collect();
        mentions = pick_people(rng, &home_pool, 2, &taken);
    }
    if mentions.is_empty() {
        mentions.push(addressee);
    }

    // The texts.
    let mut texts = vec![TextSpec {
        lang: orig,
        original: true,
        style: original_style(rng, orig),
        role: Role::Original,
    }];
    if orig != L::En {
        texts.push(TextSpec {
            lang: L::En,
            original: false,
            style: english_style(rng, orig),
            role: Role::English,
        });
        if rng.chance(0.15) {
            let second = match orig {
                L::Ru => match other {
                    Side::Chinese => L::Zh,
                    Side::Korean => L::Ko,
                    _ => L::De,
                },
                L::Ko if rng.chance(0.3) => L::Zh,
                _ => L::Ru,
            };
            texts.push(TextSpec {
                lang: second,
                original: false,
                style: rng.below(2) as u8,
                role: Role::Other,
            });
        }
    }

    let topics = {
        let fitting: Vec<usize> = (0..TOPICS.len())
            .filter(|&t| (TOPICS[t].from..=TOPICS[t].to).contains(&year))
            .collect();
        let n = 2 + rng.below(3);
        let mut out = Vec::new();
        while out.len() < n {
            let t = *rng.pick(&fitting);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    };
    let mut cities = vec![home.capital(), other.capital()];
    cities.push(rng.below(CITIES.len()));
    cities.dedup();

    let recorder = matches!(kind, D::Conversation | D::Minutes | D::Memorandum)
        .then(|| rng.pick(recorders(home)));
    let level = if rng.chance(0.82) {
        Some(rng.weighted(&[45, 40, 15]))
    } else {
        None
    };
    let (noise, garble) = match rng.weighted(&[30, 50, 20]) {
        0 => (0.0, 0.0),
        1 => (0.004, 0.1),
        _ => (0.012, 0.25),
    };
    // The labels of a US record are its only speaker labels: keep them readable.
    let garble = if orig == L::En { 0.0 } else { garble };
    // Sizes are log-normal around 6 KB, from about 2 KB to about 40 KB.
    let target = (6000.0 * exp(0.62 * rng.normal())).clamp(2400.0, 40000.0) as usize;
    Spec {
        kind,
        texts,
        year,
        month,
        day,
        home,
        other,
        speakers,
        present_home,
        present_other,
        author,
        addressee,
        mentions,
        topics,
        cities,
        recorder,
        level,
        noise,
        garble,
        target,
    }
}

fn original_style(rng: &mut Rng, lang: L) -> u8 {
    match lang {
        L::Ru => rng.weighted(&[55, 15, 15, 15]) as u8,
        L::En => rng.weighted(&[80, 20]) as u8,
        L::De => rng.weighted(&[80, 20]) as u8,
        L::Zh => rng.below(2) as u8,
        L::Ko => rng.weighted(&[40, 60]) as u8,
    }
}

/// The label variant of the English translation: 0 "Cde. X -", 1 "Comrade
/// X:", 2 "Cde. X:", 3 "X:", 4 "X:" in capitals.
fn english_style(rng: &mut Rng, orig: L) -> u8 {
    let weights: [u32; 5] = match orig {
        L::Ru => [60, 15, 10, 5, 10],
        L::De => [0, 70, 15, 0, 15],
        _ => [10, 30, 0, 40, 20],
    };
    rng.weighted(&weights) as u8
}

/// A speaker label in a text, with its separator and the space after it.
pub(crate) fn label(p: &Person, t: &TextSpec, weak_ok: bool, garble: Option<&mut Rng>) -> String {
    let mut name = p.name(t.lang).to_string();
    if let Some(rng) = garble {
        name = noise::garble_name(&name, rng);
    }
    let comrade = p.side.comrade();
    let n = name;
    match t.lang {
        L::Ru => match (comrade, t.style) {
            (true, 0) => format!("Тов. {n} - "),
            (true, 1) => format!("тов. {n} - "),
            (true, 2) => format!("Тов. {n}: "),
            (true, _) => format!("Т. {n} - "),
            (false, 2) => format!("Г-н {n}: "),
            (false, _) => format!("Г-н {n} - "),
        },
        L::En if t.original => match t.style {
            1 => format!("MR. {}: ", n.to_uppercase()),
            _ => format!("Mr. {n}: "),
        },
        L::En => {
            let caps_ok = !n.contains('-');
            match (comrade, t.style) {
                (_, 3) if weak_ok => format!("{n}: "),
                (_, 4) if caps_ok => format!("{}: ", n.to_uppercase()),
                (true, 0) => format!("Cde. {n} - "),
                (true, 2) => format!("Cde. {n}: "),
                (true, _) => format!("Comrade {n}: "),
                (false, 0) => format!("Mr. {n} - "),
                (false, _) => format!("Mr. {n}: "),
            }
        }
        L::De => match (comrade, t.style) {
            (true, 0) => format!("Genosse {n}: "),
            (true, _) => format!("Gen. {n}: "),
            (false, _) => format!("Herr {n}: "),
        },
        L::Zh => match (comrade, t.style == 0 && weak_ok) {
            (_, true) => format!("{n}："),
            (true, false) => format!("{n}同志："),
            (false, false) => format!("{n}先生："),
        },
        L::Ko => match (comrade, t.style == 0 && weak_ok) {
            (true, false) => format!("{n} 동지: "),
            _ => format!("{n}: "),
        },
    }
}

/// Writes the blocks of a record.
struct Writer<'a> {
    rng: &'a mut Rng,
    spec: &'a Spec,
    blocks: Vec<Block>,
    bytes: usize,
    /// The bytes of body the record aims at (the header is about 1.1 KB).
    budget: usize,
    minutes_title: Option<String>,
    /// The templates that opened paragraphs so far.
    openers: Vec<&'static Tr>,
}

impl Writer<'_> {
    fn n_texts(&self) -> usize {
        self.spec.texts.len()
    }

    fn push(&mut self, kind: BlockKind, body: Vec<String>) {
        self.bytes += body.iter().map(|s| s.len() + 2).sum::<usize>();
        self.blocks.push(Block {
            kind,
            label: Vec::new(),
            body,
            speaker: None,
        });
    }

    /// A block whose text is a phrase in each language.
    fn push_tr(&mut self, kind: BlockKind, tr: &Tr) {
        let body = self
            .spec
            .texts
            .iter()
            .map(|t| tr[t.lang.idx()].to_string())
            .collect();
        self.push(kind, body);
    }

    /// A section word alone on its line, with its colon ("Agenda:").
    fn section(&mut self, word: &Tr, kind: BlockKind) {
        let body = self
            .spec
            .texts
            .iter()
            .map(|t| {
                let colon = if t.lang == L::Zh { "：" } else { ":" };
                format!("{}{colon}", word[t.lang.idx()])
            })
            .collect();
        self.push(kind, body);
    }

    fn full(&self) -> bool {
        self.bytes >= self.budget
    }

    fn slots(&mut self) -> Slots {
        let spec = self.spec;
        let topic = if self.rng.chance(0.8) {
            *self.rng.pick(&spec.topics)
        } else {
            let t = self.rng.below(TOPICS.len());
            if (TOPICS[t].from..=TOPICS[t].to).contains(&spec.year) {
                t
            } else {
                spec.topics[0]
            }
        };
        let city = if self.rng.chance(0.7) {
            *self.rng.pick(&spec.cities)
        } else {
            self.rng.below(CITIES.len())
        };
        Slots {
            topic,
            goods: self.rng.below(GOODS.len()),
            city,
            n: 20 * self.rng.range(1, 45) as u32,
            q: self.rng.range(90, 115) as u32,
            r: self.rng.range(5, 15) as u32,
            w: self.rng.range(5, 12) as u32,
            year: spec.year + self.rng.below(2) as i32,
            person: spec.mentions[self.rng.below(spec.mentions.len())],
            formal: spec.original() == L::En,
        }
    }

    fn sentence(&mut self, table: &'static [Tr]) -> Sentence {
        let template = self.rng.pick(table);
        let slots = self.slots();
        let noisy = self.spec.noise > 0.0;
        let insertion = (noisy && self.rng.chance(0.05)).then(|| self.rng.below(INSERTIONS.len()));
        let deletion = (noisy && self.rng.chance(0.03)).then(|| self.rng.below(8));
        let mark = match self.rng.weighted(&[940, 25, 20, 15]) {
            1 => Mark::Uncertain,
            2 => Mark::Illegible,
            3 => Mark::Sic,
            _ => Mark::None,
        };
        Sentence {
            template,
            slots,
            insertion,
            lower_insert: self.rng.chance(0.3),
            deletion,
            mark,
            supplied: self.rng.chance(0.6),
        }
    }

    /// Writes sentences into each text's paragraph.
    fn render(&self, sentences: &[Sentence]) -> Vec<String> {
        self.spec
            .texts
            .iter()
            .map(|t| {
                let parts: Vec<String> =
                    sentences.iter().map(|s| s.render(t.lang, t.role)).collect();
                parts.join(t.lang.sentence_gap())
            })
            .collect()
    }

    fn paragraph(&mut self, tables: &[&'static [Tr]], n: usize) -> Vec<String> {
        let mut sentences: Vec<Sentence> = Vec::new();
        // A paragraph does not open as an earlier one did: a short sentence
        // opening several paragraphs reads like a recurring speaker label.
        for _ in 0..12 {
            let table = *self.rng.pick(tables);
            let s = self.sentence(table);
            if !self.openers.iter().any(|o| std::ptr::eq(*o, s.template)) {
                self.openers.push(s.template);
                sentences.push(s);
                break;
            }
        }
        // Every table has ten templates or more, so this ends quickly.
        for _ in 0..4 * n {
            if sentences.len() == n {
                break;
            }
            let table = *self.rng.pick(tables);
            let s = self.sentence(table);
            push_new(&mut sentences, s);
        }
        self.render(&sentences)
    }

    fn classification(&mut self) {
        if let Some(level) = self.spec.level {
            let choice = self.rng.below(3);
            let body = self
                .spec
                .texts
                .iter()
                .map(|t| {
                    let forms = MARKINGS[level][t.lang.idx()];
                    forms[choice % forms.len()].to_string()
                })
                .collect();
            self.push(BlockKind::Classification, body);
        }
    }

    /// The date line of each text; the original's may be misread.
    fn dateline(&mut self, place: Option<usize>) {
        let spec = self.spec;
        let style = self.rng.below(4);
        let misread = spec.noise > 0.0 && self.rng.chance(0.12);
        // The typist's or the OCR's error: a day off, or the year misread.
        let (oy, od) = if !misread {
            (spec.year, spec.day)
        } else if self.rng.chance(0.5) {
            (
                spec.year,
                if spec.day > 1 {
                    spec.day - 1
                } else {
                    spec.day + 1
                },
            )
        } else {
            (spec.year + 1, spec.day)
        };
        let body = spec
            .texts
            .iter()
            .map(|t| {
                let (y, d) = if t.original {
                    (oy, od)
                } else {
                    (spec.year, spec.day)
                };
                let date = date_in(t.lang, y, spec.month, d, style);
                match place {
                    Some(c) => {
                        let city = &CITIES[c];
                        match t.lang {
                            L::En => format!("{}, {date}", city.en),
                            L::Ru => format!("{}, {date}", city.nominative_ru()),
                            L::De => format!("{}, den {date}", city.de),
                            L::Zh => format!("{}，{date}", city.zh),
                            L::Ko => format!("{}, {date}", city.ko),
                        }
                    }
                    None => date,
                }
            })
            .collect();
        self.push(BlockKind::Dateline, body);
    }

    /// The participants list: those present on the home side, then the other
    /// side's delegation with their offices.
    fn participants(&mut self) {
        let spec = self.spec;
        let keyword = self.rng.below(2);
        let conj = self.rng.chance(0.5);
        let home = &spec.present_home;
        if !home.is_empty() {
            let body = spec
                .texts
                .iter()
                .map(|t| {
                    let lang = t.lang;
                    let words = PRESENT[lang.idx()];
                    let kw = words[keyword % words.len()];
                    let names: Vec<String> = home
                        .iter()
                        .map(|p| match (lang, p.side.comrade()) {
                            (L::En, false) => format!("Mr. {}", p.name(lang)),
                            (L::Ru, false) => format!("г-н {}", p.name(lang)),
                            (L::De, false) => format!("Herr {}", p.name(lang)),
                            _ => p.name(lang).to_string(),
                        })
                        .collect();
                    let comrades = home.iter().all(|p| p.side.comrade());
                    let list = join_names(&names, lang, conj);
                    match lang {
                        L::En if comrades && names.len() > 1 => format!("{kw}: Cdes. {list}."),
                        L::En if comrades => format!("{kw}: Cde. {list}."),
                        L::Ru if comrades && names.len() > 1 => format!("{kw}: т.т. {list}."),
                        L::Ru if comrades => format!("{kw}: тов. {list}."),
                        L::De if comrades && names.len() > 1 => format!("{kw}: Genossen {list}"),
                        L::De if comrades => format!("{kw}: Genosse {list}"),
                        L::Zh => format!("{kw}：{list}"),
                        _ => format!("{kw}: {list}."),
                    }
                })
                .collect();
            self.push(BlockKind::Participants, body);
        }
        let other = &spec.present_other;
        if !other.is_empty() {
            let side = spec.other.side_label();
            let body = spec
                .texts
                .iter()
                .map(|t| {
                    let lang = t.lang;
                    let names: Vec<String> = other
                        .iter()
                        .map(|p| {
                            let office = p.office.names()[lang.idx()];
                            match lang {
                                L::Zh => format!("{}（{office}）", p.name(lang)),
                                _ => format!("{} ({office})", p.name(lang)),
                            }
                        })
                        .collect();
                    let list = join_names(&names, lang, conj);
                    match lang {
                        L::Zh => format!("{}：{list}", side[lang.idx()]),
                        L::De => format!("{}: {list}", side[lang.idx()]),
                        _ => format!("{}: {list}.", side[lang.idx()]),
                    }
                })
                .collect();
            self.push(BlockKind::Participants, body);
        }
    }

    /// One speaker turn: its label in each text and what is said.
    fn turn(&mut self, who: &'static Person, asks: bool, answers: bool) -> bool {
        let spec = self.spec;
        let n = 1 + self.rng.weighted(&[35, 35, 20, 10]);
        let mut sentences = Vec::new();
        if answers {
            sentences.push(self.sentence(REPLIES));
        }
        for _ in 0..4 * n {
            if sentences.len() >= n {
                break;
            }
            // Americans speak in their own phrases in their own records.
            let own = if spec.original() == L::En && who.side == Side::American {
                US_LINES
            } else {
                STATEMENTS
            };
            let s = if self.rng.chance(0.12) {
                self.sentence(REPLIES)
            } else {
                self.sentence(own)
            };
            push_new(&mut sentences, s);
        }
        if asks {
            sentences.push(self.sentence(QUESTIONS));
        }
        let mut body = self.render(&sentences);
        if self.rng.chance(0.04) {
            let note = self.rng.pick(NOTES);
            for (b, t) in body.iter_mut().zip(&spec.texts) {
                let gap = if t.lang == L::Zh { "" } else { " " };
                *b = format!("{}{gap}{b}", note[t.lang.idx()]);
            }
        }
        let weak_ok = spec.weak_ok();
        let garble = self.rng.chance(spec.garble);
        let twice = self.rng.chance(0.02);
        let label: Vec<String> = spec
            .texts
            .iter()
            .map(|t| {
                let mut l = if t.original && garble && label_garblable(t, weak_ok) {
                    label(who, t, weak_ok, Some(self.rng))
                } else {
                    label(who, t, weak_ok, None)
                };
                // The typist's or the translator's doubled form of address.
                if twice && !t.original {
                    for h in ["Cde. ", "Тов. ", "Genosse "] {
                        if l.starts_with(h) {
                            l = format!("{h}{l}");
                        }
                    }
                }
                l
            })
            .collect();
        self.bytes += label.iter().map(String::len).sum::<usize>();
        self.bytes += body.iter().map(|s| s.len() + 2).sum::<usize>();
        self.blocks.push(Block {
            kind: BlockKind::Turn,
            label,
            body,
            speaker: Some(who),
        });
        // Sometimes a turn goes on in a second paragraph.
        if self.rng.chance(0.08) {
            let k = 2 + self.rng.below(3);
            let more = self.paragraph(&[STATEMENTS], k);
            self.push(BlockKind::Text, more);
        }
        asks
    }

    fn recorded_by(&mut self) {
        if let Some(r) = self.spec.recorder {
            let choice = self.rng.below(2);
            let body = self
                .spec
                .texts
                .iter()
                .map(|t| {
                    let words = RECORDED[t.lang.idx()];
                    let w = words[choice % words.len()];
                    let gap = if w.ends_with('：') { "" } else { " " };
                    format!("{w}{gap}{}", r[t.lang.idx()])
                })
                .collect();
            self.push(BlockKind::Signature, body);
        }
    }

    fn signature(&mut self, who: &'static Person, upper: bool) {
        let body = self
            .spec
            .texts
            .iter()
            .map(|t| {
                let s = who.signature(t.lang);
                if upper {
                    who.name(t.lang).to_uppercase()
                } else {
                    s.to_string()
                }
            })
            .collect();
        self.push(BlockKind::Signature, body);
    }

    fn conversation(&mut self) {
        let spec = self.spec;
        self.classification();
        let head = *self.rng.pick(CONVERSATION_HEADS);
        let with = if self.rng.chance(0.5) {
            spec.other.comrades()
        } else {
            spec.other.delegation()
        };
        // Russian records often put the heading on two lines.
        let split = self.rng.chance(0.7);
        let mut first = Vec::new();
        let mut second = Vec::new();
        for t in &spec.texts {
            let i = t.lang.idx();
            let (a, b) = match t.lang {
                _ if spec.other == spec.home => (head[i].to_string(), String::new()),
                L::Ru if split => (head[i].to_string(), format!("с {}", with[i])),
                L::Ru => (format!("{} с {}", head[i], with[i]), String::new()),
                L::En => (format!("{} with {}", head[i], with[i]), String::new()),
                L::De => (format!("{} mit {}", head[i], with[i]), String::new()),
                L::Zh => (format!("与{}的{}", with[i], head[i]), String::new()),
                L::Ko => (
                    format!("{}의 {}", ko_particle(with[i], "과"), head[i]),
                    String::new(),
                ),
            };
            first.push(a);
            second.push(b);
        }
        self.push(BlockKind::Heading, first);
        if second.iter().any(|s| !s.is_empty()) {
            self.push(BlockKind::Heading, second);
        }
        if self.rng.chance(0.9) {
            let place = self.rng.chance(0.4).then_some(spec.cities[0]);
            self.dateline(place);
        }
        if self.rng.chance(0.85) {
            self.participants();
        }
        let speakers = spec.speakers.clone();
        let mut counts = vec![0usize; speakers.len()];
        let mut last = 1usize;
        let mut asked = false;
        let mut interlude = self.rng.chance(0.1);
        loop {
            let min_turns = 2 * speakers.len();
            let turns: usize = counts.iter().sum();
            if self.full() && turns >= min_turns {
                break;
            }
            let next = if speakers.len() > 2 && self.rng.chance(0.25) {
                2 + self.rng.below(speakers.len() - 2)
            } else if last == 0 {
                1
            } else {
                0
            };
            let who = speakers[next];
            let asks = next == 0 && self.rng.chance(0.45);
            let answers = asked && self.rng.chance(0.7);
            asked = self.turn(who, asks, answers);
            counts[next] += 1;
            last = next;
            if interlude && turns > 4 && self.rng.chance(0.2) {
                let i = self.rng.pick(INTERLUDES);
                self.push_tr(BlockKind::Text, i);
                interlude = false;
            }
        }
        // Every speaker speaks at least twice.
        for k in 0..speakers.len() {
            while counts[k] < 2 {
                self.turn(speakers[k], false, false);
                counts[k] += 1;
            }
        }
        if self.rng.chance(0.4) {
            let c = self.rng.pick(CLOSINGS);
            self.push_tr(BlockKind::Text, c);
        }
        self.recorded_by();
    }

    fn minutes(&mut self) {
        let spec = self.spec;
        self.classification();
        let number = self.rng.range(1, 160);
        let yy = spec.year % 100;
        let body = spec
            .texts
            .iter()
            .map(|t| match (t.lang, spec.home) {
                (L::En, Side::Soviet) => format!("Minutes No. {number} of the Meeting of the Presidium of the CC CPSU"),
                (L::En, Side::German) => format!("Minutes No. {number}/{yy:02} of the Meeting of the Politburo of the CC SED"),
                (L::En, Side::Chinese) => format!("Minutes of Meeting No. {number} of the Politburo of the CC CCP"),
                (L::En, _) => format!("Minutes No. {number} of the Meeting of the Political Committee of the CC KWP"),
                (L::Ru, Side::Soviet) => format!("ПРОТОКОЛ № {number} заседания Президиума ЦК КПСС"),
                (L::Ru, Side::German) => format!("Протокол № {number}/{yy:02} заседания Политбюро ЦК СЕПГ"),
                (L::Ru, Side::Chinese) => format!("Протокол {number}-го заседания Политбюро ЦК КПК"),
                (L::Ru, _) => format!("Протокол № {number} заседания Политического комитета ЦК ТПК"),
                (L::De, Side::German) => format!("Protokoll Nr. {number}/{yy:02} der Sitzung des Politbüros des Zentralkomitees der SED"),
                (L::De, Side::Soviet) => format!("Protokoll Nr. {number} der Sitzung des Präsidiums des ZK der KPdSU"),
                (L::De, _) => format!("Protokoll Nr. {number} der Sitzung des Politbüros"),
                (L::Zh, _) => format!("中共中央政治局第{number}次会议纪要"),
                (L::Ko, _) => format!("조선로동당 중앙위원회 정치위원회 제{number}차 회의록"),
            })
            .collect::<Vec<String>>();
        self.minutes_title = body
            .iter()
            .zip(&spec.texts)
            .find(|(_, t)| t.lang == L::En)
            .map(|(b, _)| b.clone());
        self.push(BlockKind::Heading, body);
        self.dateline(None);
        self.participants();
        // The agenda.
        let items = 1 + self.rng.below(3);
        let agenda: Vec<usize> = (0..items)
            .map(|k| spec.topics[k % spec.topics.len()])
            .collect();
        self.section(&AGENDA, BlockKind::Heading);
        let body = spec
            .texts
            .iter()
            .map(|t| {
                let lines: Vec<String> = agenda
                    .iter()
                    .enumerate()
                    .map(|(k, &topic)| {
                        let tp = &TOPICS[topic];
                        let name = match t.lang {
                            L::En => tp.en.to_string(),
                            L::Ru => tp.ru[0].to_string(),
                            L::De => tp.de[0].to_string(),
                            L::Zh => tp.zh.to_string(),
                            L::Ko => tp.ko.to_string(),
                        };
                        let name = if t.lang.cased() {
                            capitalize(&name)
                        } else {
                            name
                        };
                        format!("{}. {name}", k + 1)
                    })
                    .collect();
                lines.join("\n")
            })
            .collect();
        self.push(BlockKind::Text, body);
        let per_item = self.budget / items.max(1);
        for k in 0..items {
            let heading: Tr = [
                "On item {}.",
                "По пункту {}.",
                "Zu Punkt {}.",
                "关于第{}项。",
                "제{}의정에 대하여.",
            ];
            let body = spec
                .texts
                .iter()
                .map(|t| heading[t.lang.idx()].replace("{}", &(k + 1).to_string()))
                .collect();
            self.push(BlockKind::Text, body);
            let stop = per_item * (k + 1);
            let mut turns = 0;
            while turns < 2 || (self.bytes < stop && turns < 40) {
                let who = *self.rng.pick(&spec.speakers);
                self.turn(who, false, false);
                turns += 1;
            }
            self.section(&DECISION, BlockKind::Text);
            let n = 1 + self.rng.below(2);
            let body = self.paragraph(&[DECISIONS], n);
            self.push(BlockKind::Text, body);
        }
        self.recorded_by();
    }

    /// Telegrams, reports, letters and memoranda: paragraphs of narrative.
    fn prose(&mut self) {
        let spec = self.spec;
        self.classification();
        let kind = spec.kind;
        let topic = &TOPICS[spec.topics[0]];
        let heading: Option<Vec<String>> = match kind {
            DocType::Telegram => {
                let t: Tr = if self.rng.chance(0.5) {
                    [
                        "Ciphered Telegram",
                        "ШИФРОТЕЛЕГРАММА",
                        "Chiffriertelegramm",
                        "密电",
                        "암호 전보",
                    ]
                } else {
                    ["Telegram", "ТЕЛЕГРАММА", "Telegramm", "电报", "전보"]
                };
                Some(
                    spec.texts
                        .iter()
                        .map(|x| t[x.lang.idx()].to_string())
                        .collect(),
                )
            }
            DocType::Report => Some(
                spec.texts
                    .iter()
                    .map(|x| match x.lang {
                        L::En => format!("Report on {}", topic.en),
                        L::Ru => format!("ИНФОРМАЦИЯ {}", topic.ru[3]),
                        L::De => format!("Bericht über {}", topic.de[1]),
                        L::Zh => format!("关于{}的报告", topic.zh),
                        L::Ko => ko_particle(topic.ko, "에") + " 관한 보고",
                    })
                    .collect(),
            ),
            DocType::Memorandum => {
                let t: Tr = [
                    "Memorandum",
                    "ПАМЯТНАЯ ЗАПИСКА",
                    "Aktennotiz",
                    "备忘录",
                    "비망록",
                ];
                Some(
                    spec.texts
                        .iter()
                        .map(|x| t[x.lang.idx()].to_string())
                        .collect(),
                )
            }
            _ => None,
        };
        if let Some(h) = heading {
            self.push(BlockKind::Heading, h);
        }
        let place = self.rng.chance(0.6).then_some(spec.cities[0]);
        self.dateline(place);
        let letter = kind == DocType::Letter;
        if letter {
            let formal = !spec.author.side.comrade() || !spec.addressee.side.comrade();
            let sal = SALUTATIONS[usize::from(formal)];
            let body = spec
                .texts
                .iter()
                .map(|t| sal[t.lang.idx()].replace("{}", spec.addressee.name(t.lang)))
                .collect();
            self.push(BlockKind::Text, body);
        }
        let numbered = !letter && self.rng.chance(0.35);
        let mut k = 0;
        loop {
            k += 1;
            let n = 2 + self.rng.below(3);
            let tables: &[&'static [Tr]] = if spec.original() == L::En {
                &[US_LINES, US_LINES, NARRATIVE]
            } else if letter {
                &[STATEMENTS, NARRATIVE]
            } else {
                &[NARRATIVE, NARRATIVE, STATEMENTS]
            };
            let mut body = self.paragraph(tables, n);
            if numbered {
                for b in &mut body {
                    *b = format!("{k}. {b}");
                }
            }
            self.push(BlockKind::Text, body);
            if self.full() && k >= 2 {
                break;
            }
        }
        if letter {
            let c = self.rng.pick(LETTER_CLOSINGS);
            self.push_tr(BlockKind::Text, c);
        }
        let upper = kind == DocType::Telegram;
        self.signature(spec.author, upper);
    }

    /// A US memorandum of conversation (English original, no translation).
    fn memcon(&mut self) {
        let spec = self.spec;
        self.classification();
        self.push(BlockKind::Heading, vec!["DEPARTMENT OF STATE".into()]);
        self.push(
            BlockKind::Heading,
            vec!["Memorandum of Conversation".into()],
        );
        let date = crate::lang::date_us(spec.year, spec.month, spec.day);
        self.push(BlockKind::Dateline, vec![format!("Date: {date}")]);
        let topic = capitalize(TOPICS[spec.topics[0]].en);
        self.push(BlockKind::Heading, vec![format!("Subject: {topic}")]);
        let people: Vec<String> = spec
            .present_home
            .iter()
            .chain(&spec.present_other)
            .map(|p| format!("Mr. {}, {}", p.en, p.office.names()[0]))
            .collect();
        self.push(
            BlockKind::Participants,
            vec![format!("Participants: {}", people.join("; "))],
        );
        let intros = [
            "The Ambassador called at his own request.",
            "The meeting took place at the request of the Secretary.",
            "After an exchange of courtesies the conversation turned to current questions.",
        ];
        let intro = self.rng.pick(&intros).to_string();
        self.push(BlockKind::Text, vec![intro]);
        let speakers = spec.speakers.clone();
        let mut counts = vec![0usize; speakers.len()];
        let mut last = 1;
        let mut asked = false;
        loop {
            let turns: usize = counts.iter().sum();
            if self.full() && turns >= 2 * speakers.len() {
                break;
            }
            let next = if speakers.len() > 2 && self.rng.chance(0.25) {
                2 + self.rng.below(speakers.len() - 2)
            } else if last == 0 {
                1
            } else {
                0
            };
            let asks = self.rng.chance(0.3);
            asked = self.turn(speakers[next], asks, asked);
            counts[next] += 1;
            last = next;
        }
        for k in 0..speakers.len() {
            while counts[k] < 2 {
                self.turn(speakers[k], false, false);
                counts[k] += 1;
            }
        }
        let r = spec.recorder.map_or("RHansen", |r| r[0]);
        let initials: String = r.chars().filter(|c| c.is_alphabetic()).collect();
        let office = *self.rng.pick(&["EUR/SOV", "EUR/EE", "FE/CA", "S/P"]);
        let typist = *self.rng.pick(&["jb", "mt", "ss", "dk"]);
        self.push(
            BlockKind::Signature,
            vec![format!("{office}:{initials}:{typist}")],
        );
    }
}

/// Whether a label of this text can be garbled and still be read as a label:
/// only labels with a form of address carry themselves.
fn label_garblable(t: &TextSpec, weak_ok: bool) -> bool {
    match t.lang {
        L::Zh | L::Ko => !(t.style == 0 && weak_ok),
        _ => true,
    }
}

/// Adds a sentence unless its template is already in the paragraph.
fn push_new(sentences: &mut Vec<Sentence>, s: Sentence) {
    if !sentences
        .iter()
        .any(|o| std::ptr::eq(o.template, s.template))
    {
        sentences.push(s);
    }
}

fn join_names(names: &[String], lang: L, conj: bool) -> String {
    let sep = if lang == L::Zh { "、" } else { ", " };
    if names.len() < 2 || !conj || lang == L::Zh || lang == L::Ko {
        return names.join(sep);
    }
    let and = match lang {
        L::En => " and ",
        L::Ru => " и ",
        _ => " und ",
    };
    format!(
        "{}{and}{}",
        names[..names.len() - 1].join(sep),
        names[names.len() - 1]
    )
}

/// Writes the blocks of the record `spec` describes.
pub(crate) fn write(rng: &mut Rng, spec: &Spec) -> Built {
    let mut w = Writer {
        rng,
        spec,
        blocks: Vec::new(),
        bytes: 0,
        budget: spec.target.saturating_sub(1150).max(900),
        minutes_title: None,
        openers: Vec::new(),
    };
    match spec.kind {
        DocType::Conversation => w.conversation(),
        DocType::Minutes => w.minutes(),
        DocType::Memorandum if spec.original() == L::En => w.memcon(),
        _ => w.prose(),
    }
    debug_assert!(w.blocks.iter().all(|b| b.body.len() == w.n_texts()));
    Built {
        blocks: w.blocks,
        minutes_title: w.minutes_title,
    }
}
