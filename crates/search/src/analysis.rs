//! Text analysis: how words become index terms, per language.
//!
//! Russian, English, German and French text is lowercased, "ё" folded to "е"
//! and stemmed, so "перебежать" finds "перебежали". Chinese is segmented into
//! words with jieba (its dictionary ships inside the crate). Korean is split
//! into eojeol and Hangul bigrams, which finds words inside agglutinated forms
//! without a dictionary. Names are indexed a second time under their
//! cross-script key (`fonds_names::key::name_key`), so that Микоян, Mikoyan
//! and Mikoian meet.
//!
//! Entries are analysed once, on the importer's threads ([`crate::schema::entry`]):
//! each analysed field's value reaches the index as its tokens written out
//! ([`Replayed`]), and the index's own tokenizers only read them back
//! ([`register_replay`]). Queries analyse with [`analyzers`].

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// The languages with an analyzer of their own; every other language is
/// analysed by `xx` (lowercased words, no stemming).
pub const LANGS: [&str; 7] = ["ru", "en", "de", "fr", "zh", "ko", "xx"];

/// The analyzer slot for a language code.
pub fn lang_slot(code: &str) -> &'static str {
    LANGS.iter().find(|l| **l == code).copied().unwrap_or("xx")
}

pub fn analyzer_name(slot: &str) -> String {
    format!("fonds_{slot}")
}

/// Folds "ё" to "е" (Russian writes both for one letter) before analysis.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['ё', 'Ё']) {
        text.replace('ё', "е").replace('Ё', "Е").into()
    } else {
        text.into()
    }
}

/// Every analyzer name a field of the schema declares.
pub const ANALYZERS: [&str; 11] = [
    "fonds_ru",
    "fonds_en",
    "fonds_de",
    "fonds_fr",
    "fonds_zh",
    "fonds_ko",
    "fonds_xx",
    "fonds_plain",
    "fonds_name",
    "fonds_names",
    "fonds_keyword",
];

/// The analyzers, by the names the schema gives them: what entries and
/// queries are analysed with.
pub fn analyzers() -> tantivy::tokenizer::TokenizerManager {
    let manager = tantivy::tokenizer::TokenizerManager::default();
    register(&manager);
    manager
}

/// Registers on a tantivy index, under every analyzer's name, the tokenizer
/// that reads back the tokens an entry carries ([`Replayed`]).
pub fn register_replay(manager: &tantivy::tokenizer::TokenizerManager) {
    for name in ANALYZERS {
        manager.register(name, Replay);
    }
}

/// Registers every fonds analyzer.
fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    let words = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(LookAlikes)
    };
    manager.register(
        "fonds_ru",
        words().filter(Stemmer::new(Language::Russian)).build(),
    );
    manager.register(
        "fonds_en",
        words().filter(Stemmer::new(Language::English)).build(),
    );
    manager.register(
        "fonds_de",
        words().filter(Stemmer::new(Language::German)).build(),
    );
    manager.register(
        "fonds_fr",
        words().filter(Stemmer::new(Language::French)).build(),
    );
    manager.register("fonds_xx", words().build());
    manager.register("fonds_plain", words().build());
    manager.register(
        "fonds_zh",
        TextAnalyzer::builder(FnTokenizer(chinese))
            .filter(LowerCaser)
            .build(),
    );
    manager.register(
        "fonds_ko",
        TextAnalyzer::builder(FnTokenizer(korean))
            .filter(LowerCaser)
            .build(),
    );
    manager.register(
        "fonds_name",
        TextAnalyzer::builder(FnTokenizer(all_name_keys)).build(),
    );
    manager.register(
        "fonds_names",
        TextAnalyzer::builder(FnTokenizer(name_like_keys)).build(),
    );
    manager.register(
        "fonds_keyword",
        TextAnalyzer::builder(FnTokenizer(keyword)).build(),
    );
}

/// Folds a word's Latin and Cyrillic look-alike letters
/// ([`fonds_names::script::fold_word_look_alikes`]), before stemming, so
/// that OCR's "XX" finds "ХХ" and "пpoлетарий" is stemmed as Russian.
#[derive(Clone, Copy)]
pub struct LookAlikes;

impl tantivy::tokenizer::TokenFilter for LookAlikes {
    type Tokenizer<T: Tokenizer> = LookAlikesFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LookAlikesFilter<T> {
        LookAlikesFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct LookAlikesFilter<T>(T);

impl<T: Tokenizer> Tokenizer for LookAlikesFilter<T> {
    type TokenStream<'a> = LookAlikesStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LookAlikesStream(self.0.token_stream(text))
    }
}

pub struct LookAlikesStream<S>(S);

impl<S: TokenStream> TokenStream for LookAlikesStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if !token.text.is_ascii() {
            if let std::borrow::Cow::Owned(folded) =
                fonds_names::script::fold_word_look_alikes(&token.text)
            {
                token.text = folded;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Tokens written out as text, for the index to read back with [`Replay`]:
/// for each token, its position's distance from the previous token's (from
/// 0 for the first) in decimal, U+0002, the term, U+0001. A term cannot
/// hold either mark: one there becomes U+FFFD.
#[derive(Default)]
pub struct Replayed {
    out: String,
    last: usize,
}

impl Replayed {
    /// Adds a term at `position` (not before the previous one's).
    pub fn push(&mut self, position: usize, term: &str) {
        use std::fmt::Write;
        let gap = position.saturating_sub(self.last);
        self.last = self.last.max(position);
        let _ = write!(self.out, "{gap}\u{2}");
        if term.contains(['\u{1}', '\u{2}']) {
            self.out
                .push_str(&term.replace(['\u{1}', '\u{2}'], "\u{FFFD}"));
        } else {
            self.out.push_str(term);
        }
        self.out.push('\u{1}');
    }

    /// Adds a term one position after the previous one.
    pub fn push_next(&mut self, term: &str) {
        let next = if self.out.is_empty() {
            0
        } else {
            self.last + 1
        };
        self.push(next, term);
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

/// The index's tokenizer: reads back the tokens of a [`Replayed`] value.
/// Text that is not one (no marks) reads as one term per line.
#[derive(Clone)]
pub struct Replay;

pub struct ReplayStream<'a> {
    rest: &'a str,
    token: Token,
    started: bool,
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.rest.is_empty() {
                return false;
            }
            let (piece, rest) = match self.rest.find(['\u{1}', '\n']) {
                Some(end) => (&self.rest[..end], &self.rest[end + 1..]),
                None => (self.rest, ""),
            };
            self.rest = rest;
            let (gap, term) = match piece.split_once('\u{2}') {
                Some((gap, term)) => (gap.parse().unwrap_or(1), term),
                None => (1, piece),
            };
            if term.is_empty() {
                continue;
            }
            self.token.position = if self.started {
                self.token.position + gap
            } else {
                gap
            };
            self.started = true;
            self.token.text.clear();
            self.token.text.push_str(term);
            self.token.offset_to = term.len();
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for Replay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        ReplayStream {
            rest: text,
            token: Token::default(),
            started: false,
        }
    }
}

/// A tokenizer from a function that fills a vector of tokens.
#[derive(Clone)]
pub struct FnTokenizer(pub fn(&str, &mut Vec<Token>));

pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for FnTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        (self.0)(text, &mut tokens);
        VecTokenStream { tokens, index: 0 }
    }
}

fn push(tokens: &mut Vec<Token>, from: usize, to: usize, text: String) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    });
}

/// Words as runs of letters and digits, with byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

fn jieba() -> &'static Arc<jieba_rs::Jieba> {
    static JIEBA: OnceLock<Arc<jieba_rs::Jieba>> = OnceLock::new();
    JIEBA.get_or_init(|| Arc::new(jieba_rs::Jieba::new()))
}

/// Chinese words by jieba's search segmentation (words and the shorter words
/// inside them), other scripts as plain words.
fn chinese(text: &str, tokens: &mut Vec<Token>) {
    let jieba = jieba();
    // jieba reports character offsets; tantivy wants bytes. Looking each
    // one up from the start would cost the square of the text's length.
    let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for t in jieba.tokenize(text, jieba_rs::TokenizeMode::Search, true) {
        if !t.word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let from = bytes.get(t.start).copied().unwrap_or(text.len());
        let to = from + t.word.len();
        push(tokens, from, to, t.word.to_string());
    }
}

/// A Han letter (the unified ideographs and their extension A).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// A Hangul syllable.
pub(crate) fn is_hangul_syllable(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// The names crate's keys of a Chinese or Korean person's full name, the
/// ones the index files under `names` ([`each_person_key`]) and a query
/// asks for; other names meet word by word under their name keys.
pub(crate) fn person_keys(name: &str) -> impl Iterator<Item = String> {
    fonds_names::matching::east_asian_keys(name)
        .into_iter()
        .filter(|k| k.starts_with("zh:") || k.starts_with("ko:"))
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// Korean: each eojeol whole, and the Hangul bigrams inside it, so that a
/// noun is found inside forms with particles and endings.
fn korean(text: &str, tokens: &mut Vec<Token>) {
    for (start, word) in words(text) {
        push(tokens, start, start + word.len(), word.to_string());
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > 2 && chars.iter().all(|(_, c)| is_hangul(*c)) {
            for w in chars.windows(2) {
                let (a, b) = (w[0], w[1]);
                let end = b.0 + b.1.len_utf8();
                push(tokens, start + a.0, start + end, word[a.0..end].to_string());
            }
        }
    }
}

/// Every word under its name key (speaker and participant fields).
fn all_name_keys(text: &str, tokens: &mut Vec<Token>) {
    let folded = fonds_names::script::fold_homoglyphs(text);
    for (start, word) in words(&folded) {
        let key = fonds_names::key::name_key(word);
        if !key.is_empty() {
            push(tokens, start, start + word.len(), key);
        }
    }
}

/// Name-like words (capitalised, or in a caseless script) under their name key.
fn name_like_keys(text: &str, tokens: &mut Vec<Token>) {
    for (start, word) in words(text) {
        if let Some(key) = name_like_key(word) {
            push(tokens, start, start + word.len(), key);
        }
    }
}

/// A word's name key when it looks like a name (capitalised, or in a
/// caseless script) of two letters or more.
pub fn name_like_key(word: &str) -> Option<String> {
    if !fonds_names::key::is_name_like(word) || word.chars().nth(1).is_none() {
        return None;
    }
    let key = fonds_names::key::name_key(&fonds_names::script::fold_homoglyphs(word));
    (!key.is_empty()).then_some(key)
}

/// Every name-like word of a text under its name key (the words are
/// split as [`name_like_keys`] splits them).
pub fn each_name_key(text: &str, mut each: impl FnMut(String)) {
    for (_, word) in words(text) {
        if let Some(key) = name_like_key(word) {
            each(key);
        }
    }
}

/// The keys under which a Chinese or Korean person's full name meets in
/// every script and system the names crate knows (`zh:...`, `ko:...`:
/// 刘少奇 = Liu Shaoqi = Liu Shao-ch'i = Лю Шаоци; 박헌영 = Pak Hŏn-yŏng =
/// Pak Heon-yeong = Пак Хон Ен), for runs of two or three name-like words
/// and for the names inside a run of Han letters or at the head of a
/// Hangul word (before its particle). Other names meet word by word under
/// their name keys.
pub fn each_person_key(text: &str, mut each: impl FnMut(String)) {
    // A text names its people again and again, and most runs of
    // capitalised words are no such name: each run is read once.
    let mut read: HashMap<String, Vec<String>> = HashMap::new();
    let mut push = |name: &str| {
        let keys = match read.get(name) {
            Some(keys) => keys,
            None => read
                .entry(name.to_string())
                .or_insert_with(|| person_keys(name).collect()),
        };
        keys.iter().cloned().for_each(&mut each);
    };
    // Words of names keep their hyphens and apostrophes (Hsiao-p'ing).
    let spans: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | 'ʼ')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '\'' | '’' | 'ʼ')))
        .filter(|w| !w.is_empty())
        .collect();
    // Han letters and Hangul syllables are three bytes each in UTF-8, so a
    // run of them is sliced by letter without collecting its offsets.
    const WIDE: usize = 3;
    for (i, w) in spans.iter().enumerate() {
        let letters = w.len() / WIDE;
        if w.chars().all(is_han) {
            // A name of two or three letters anywhere in the run.
            for start in 0..letters {
                for end in start + 2..=(start + 3).min(letters) {
                    push(&w[start * WIDE..end * WIDE]);
                }
            }
        } else if w.chars().all(is_hangul_syllable) {
            // A name at the head of the word, before its particle.
            for end in 2..=letters.min(4) {
                push(&w[..end * WIDE]);
            }
        } else if fonds_names::key::is_name_like(w) {
            for len in [2, 3] {
                if let Some(run) = spans.get(i..i + len) {
                    if run.iter().all(|w| fonds_names::key::is_name_like(w)) {
                        push(&run.join(" "));
                    }
                }
            }
        }
    }
}

/// A word lowercased as the analyzers' lowercasing does it.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// A whole value, lowercased, with look-alike letters folded ("98с" = "98c").
pub fn keyword_value(text: &str) -> String {
    let mut out = String::new();
    for c in fonds_names::script::fold_homoglyphs(text.trim()).chars() {
        // Folding also maps Cyrillic letters that look Latin inside a Latin word.
        let c = match c {
            'с' => 'c',
            'а' => 'a',
            'е' => 'e',
            'о' => 'o',
            'р' => 'p',
            'х' => 'x',
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

fn keyword(text: &str, tokens: &mut Vec<Token>) {
    let value = keyword_value(text);
    if !value.is_empty() {
        push(tokens, 0, text.len(), value);
    }
}

/// Runs a registered analyzer over `text`, returning its terms.
pub fn terms(
    manager: &tantivy::tokenizer::TokenizerManager,
    analyzer: &str,
    text: &str,
) -> Vec<String> {
    let Some(mut a) = manager.get(analyzer) else {
        return Vec::new();
    };
    let folded = fold(text);
    let mut stream = a.token_stream(&folded);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// What every analyzer makes of a text, written out and read back by
    /// the index's tokenizer, is the same terms at the same positions.
    #[test]
    fn replayed_tokens_read_back_as_analysed() {
        let analyzers = analyzers();
        let replay = tantivy::tokenizer::TokenizerManager::default();
        register_replay(&replay);
        let text = "Микоян сказал: «Перебежали 10:30». Mikoyan said \
                    Thoroughgoingnessesthoroughgoingnessesthoroughgoingness ok; \
                    毛泽东同志说 김일성동지는 말했다 ё\u{1}x\u{2}y";
        for name in ANALYZERS {
            let direct = tokens(analyzers.get(name).unwrap(), text);
            let mut written = Replayed::default();
            for (position, term) in &direct {
                written.push(*position, term);
            }
            let read = tokens(replay.get(name).unwrap(), &written.into_string());
            let clean: Vec<(usize, String)> = direct
                .into_iter()
                .map(|(p, t)| (p, t.replace(['\u{1}', '\u{2}'], "\u{FFFD}")))
                .collect();
            assert_eq!(read, clean, "{name}");
        }
    }
}
