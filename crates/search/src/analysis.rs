//! Text analysis: how words become index terms, per language.
//!
//! Russian, English, German and French text is lowercased, "ё" folded to "е"
//! and stemmed, so "перебежать" finds "перебежали". Chinese is segmented into
//! words with jieba (its dictionary ships inside the crate). Korean is split
//! into eojeol and Hangul bigrams, which finds words inside agglutinated forms
//! without a dictionary. Names are indexed a second time under their
//! cross-script key (`fonds_names::key::name_key`), so that Микоян, Mikoyan
//! and Mikoian meet.

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

/// Registers every fonds analyzer on a tantivy index.
pub fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    let words = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
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
        if !fonds_names::key::is_name_like(word) || word.chars().count() < 2 {
            continue;
        }
        let key = fonds_names::key::name_key(&fonds_names::script::fold_homoglyphs(word));
        if !key.is_empty() {
            push(tokens, start, start + word.len(), key);
        }
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
