//! OCR files: hOCR (what Tesseract, OCRopus and kraken write) and ALTO (what
//! libraries' digitisation lines deliver), read into the model of
//! [`fonds_core::ocr`]: pages of paragraphs of lines of words, each word with
//! its box and confidence.
//!
//! Files made elsewhere are messy: hOCR is often HTML rather than XHTML
//! (unclosed `<meta>`, `&nbsp;`), words lack boxes, boxes stray off the page.
//! The reader streams the file without building a tree, keeps what it can
//! and says what it dropped; it fails only on a file that is no OCR at all,
//! too large, or not text.

use fonds_core::ocr::{BBox, OcrLine, OcrPage, OcrParagraph, OcrWord, MAX_WORDS};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The largest OCR file read (a page of hOCR is 50 KB to 1 MB).
pub const MAX_BYTES: usize = 256 << 20;
/// The most pages read from one file.
pub const MAX_PAGES: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrFormat {
    Hocr,
    Alto,
}

impl OcrFormat {
    pub fn name(self) -> &'static str {
        match self {
            OcrFormat::Hocr => "hocr",
            OcrFormat::Alto => "alto",
        }
    }
}

/// An OCR file as read.
#[derive(Debug, Clone)]
pub struct OcrFile {
    pub format: OcrFormat,
    /// The engine that wrote it, when the file says ("tesseract 5.3.0").
    pub engine: Option<String>,
    pub pages: Vec<OcrPage>,
    /// What was dropped or mended, for the person importing it.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OcrError {
    #[error("the file is {0} bytes, over the {MAX_BYTES} an OCR file may be")]
    TooLarge(usize),
    #[error("the file is not UTF-8 text (byte {0})")]
    NotText(usize),
    #[error("the file is neither hOCR nor ALTO: {0}")]
    NotOcr(String),
    #[error("line {line}: {message}")]
    Xml { line: u32, message: String },
}

/// Reads an hOCR or ALTO file, whichever it is.
pub fn read_ocr(bytes: &[u8]) -> Result<OcrFile, OcrError> {
    if bytes.len() > MAX_BYTES {
        return Err(OcrError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| OcrError::NotText(e.valid_up_to()))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    reader.config_mut().trim_text(false);
    let mut state = State::default();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = (reader.error_position() as usize).min(text.len());
                let line = text.as_bytes()[..at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                if state.format.is_some() && state.words > 0 {
                    // Keep what was read before the damage.
                    state
                        .notes
                        .push(format!("line {line}: {e}; the rest of the file is ignored"));
                    break;
                }
                return Err(OcrError::Xml {
                    line: line as u32,
                    message: e.to_string(),
                });
            }
        };
        match event {
            Event::Start(s) => state.start(&s, false)?,
            Event::Empty(s) => state.start(&s, true)?,
            Event::End(e) => state.end(e.local_name().as_ref()),
            Event::Text(t) => {
                let raw = String::from_utf8_lossy(&t.into_inner()).into_owned();
                state.text(&raw);
            }
            Event::CData(t) => {
                let raw = String::from_utf8_lossy(&t.into_inner()).into_owned();
                state.text(&raw);
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    entity(&String::from_utf8_lossy(&r))
                };
                if let Some(c) = c {
                    state.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if state.pages.len() > MAX_PAGES {
            state.pages.truncate(MAX_PAGES);
            state
                .notes
                .push(format!("only the first {MAX_PAGES} pages are read"));
            break;
        }
    }
    state.finish()
}

/// The entities HTML files use in OCR text.
fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        "nbsp" => ' ',
        "shy" => '\u{AD}',
        _ => return None,
    })
}

#[derive(Default)]
struct State {
    format: Option<OcrFormat>,
    engine: Option<String>,
    pages: Vec<OcrPage>,
    notes: Vec<String>,
    /// An hOCR word being read: its box, confidence, text and the depth of
    /// elements open inside it.
    word: Option<(Option<BBox>, Option<u8>, String, u32)>,
    /// Reading the text of an element that names the engine.
    engine_text: bool,
    words: usize,
    unboxed: usize,
    off_page: usize,
    over_limit: usize,
    pageless: bool,
}

impl State {
    fn start(&mut self, s: &BytesStart, empty: bool) -> Result<(), OcrError> {
        let name = String::from_utf8_lossy(s.local_name().as_ref()).to_ascii_lowercase();
        if self.format.is_none() {
            self.format = match name.as_str() {
                "alto" => Some(OcrFormat::Alto),
                "html" => Some(OcrFormat::Hocr),
                _ => {
                    return Err(OcrError::NotOcr(format!(
                        "its first element is <{name}>, not <html> or <alto>"
                    )))
                }
            };
        }
        match self.format {
            Some(OcrFormat::Hocr) => self.hocr_start(s, &name, empty),
            _ => self.alto_start(s, &name, empty),
        }
        Ok(())
    }

    fn hocr_start(&mut self, s: &BytesStart, name: &str, empty: bool) {
        if name == "meta" && attr(s, b"name").as_deref() == Some("ocr-system") {
            self.engine = attr(s, b"content").filter(|c| !c.trim().is_empty());
            return;
        }
        let class = attr(s, b"class").unwrap_or_default();
        let classes: Vec<&str> = class.split_whitespace().collect();
        let has = |c: &str| classes.contains(&c);
        let structural = has("ocr_page")
            || has("ocr_carea")
            || has("ocr_par")
            || is_line(&classes)
            || has("ocrx_word");
        if !structural {
            if let Some(w) = &mut self.word {
                if !empty {
                    w.3 += 1;
                }
            }
            return;
        }
        self.close_word();
        let title = attr(s, b"title").unwrap_or_default();
        if has("ocr_page") {
            let bbox = title_bbox(&title);
            self.pages.push(OcrPage {
                width: bbox.map_or(0, |b| b.x1),
                height: bbox.map_or(0, |b| b.y1),
                paragraphs: Vec::new(),
            });
        } else if has("ocr_carea") || has("ocr_par") {
            self.page().paragraphs.push(OcrParagraph::default());
        } else if is_line(&classes) {
            self.paragraph().lines.push(OcrLine::default());
        } else if !empty {
            let confidence = title_field(&title, "x_wconf")
                .and_then(|v| v.first().copied())
                .map(|c| c.clamp(0.0, 100.0).round() as u8);
            self.word = Some((title_bbox(&title), confidence, String::new(), 1));
        }
    }

    fn alto_start(&mut self, s: &BytesStart, name: &str, _empty: bool) {
        match name {
            "page" => {
                let num = |k: &[u8]| number(attr(s, k).as_deref());
                self.close_page();
                self.pages.push(OcrPage {
                    width: num(b"WIDTH").unwrap_or(0),
                    height: num(b"HEIGHT").unwrap_or(0),
                    paragraphs: Vec::new(),
                });
            }
            "textblock" => self.page().paragraphs.push(OcrParagraph::default()),
            "textline" => self.paragraph().lines.push(OcrLine::default()),
            "string" => {
                let num = |k: &[u8]| number(attr(s, k).as_deref());
                let text = attr(s, b"CONTENT").unwrap_or_default();
                let bbox = match (num(b"HPOS"), num(b"VPOS"), num(b"WIDTH"), num(b"HEIGHT")) {
                    (Some(x), Some(y), Some(w), Some(h)) => Some(BBox {
                        x0: x,
                        y0: y,
                        x1: x.saturating_add(w),
                        y1: y.saturating_add(h),
                    }),
                    _ => None,
                };
                let confidence = attr(s, b"WC")
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .map(|c| (c.clamp(0.0, 1.0) * 100.0).round() as u8);
                self.push_word(text, bbox, confidence);
            }
            "softwarename" | "processingsoftware" => self.engine_text = true,
            "measurementunit" => {}
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        self.engine_text = false;
        if let Some(w) = &mut self.word {
            w.3 -= 1;
            if w.3 == 0 {
                self.close_word();
            }
        }
        let _ = name;
    }

    fn text(&mut self, t: &str) {
        if let Some(w) = &mut self.word {
            w.2.push_str(t);
        } else if self.engine_text && self.format == Some(OcrFormat::Alto) {
            let t = t.trim();
            if !t.is_empty() {
                let e = self.engine.get_or_insert_with(String::new);
                if !e.is_empty() {
                    e.push(' ');
                }
                e.push_str(t);
            }
        }
    }

    fn close_word(&mut self) {
        if let Some((bbox, confidence, text, _)) = self.word.take() {
            self.push_word(text, bbox, confidence);
        }
    }

    fn close_page(&mut self) {
        self.close_word();
    }

    fn push_word(&mut self, text: String, bbox: Option<BBox>, confidence: Option<u8>) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return;
        }
        let Some(mut bbox) = bbox else {
            self.unboxed += 1;
            return;
        };
        if self.pages.is_empty() {
            self.pageless = true;
        }
        let page = self.page();
        if page.word_count() >= MAX_WORDS {
            self.over_limit += 1;
            return;
        }
        let (w, h) = (page.width, page.height);
        if w > 0 && h > 0 && (bbox.x1 > w || bbox.y1 > h || bbox.x0 > bbox.x1 || bbox.y0 > bbox.y1)
        {
            bbox = BBox {
                x0: bbox.x0.min(w),
                y0: bbox.y0.min(h),
                x1: bbox.x1.clamp(bbox.x0.min(w), w),
                y1: bbox.y1.clamp(bbox.y0.min(h), h),
            };
            self.off_page += 1;
        }
        self.words += 1;
        self.line().words.push(OcrWord {
            text,
            bbox,
            confidence,
        });
    }

    fn page(&mut self) -> &mut OcrPage {
        if self.pages.is_empty() {
            self.pages.push(OcrPage::default());
        }
        self.pages.last_mut().expect("a page")
    }

    fn paragraph(&mut self) -> &mut OcrParagraph {
        let page = self.page();
        if page.paragraphs.is_empty() {
            page.paragraphs.push(OcrParagraph::default());
        }
        page.paragraphs.last_mut().expect("a paragraph")
    }

    fn line(&mut self) -> &mut OcrLine {
        let para = self.paragraph();
        if para.lines.is_empty() {
            para.lines.push(OcrLine::default());
        }
        para.lines.last_mut().expect("a line")
    }

    fn finish(mut self) -> Result<OcrFile, OcrError> {
        self.close_word();
        let Some(format) = self.format else {
            return Err(OcrError::NotOcr("it holds no element".into()));
        };
        for page in &mut self.pages {
            for p in &mut page.paragraphs {
                p.lines.retain(|l| !l.words.is_empty());
            }
            page.paragraphs.retain(|p| !p.lines.is_empty());
        }
        if self.pages.is_empty() {
            return Err(OcrError::NotOcr(match format {
                OcrFormat::Hocr => "it is HTML with no ocr_page and no ocrx_word".into(),
                OcrFormat::Alto => "it is ALTO with no Page and no String".into(),
            }));
        }
        let mut notes = self.notes;
        if self.unboxed > 0 {
            notes.push(format!(
                "{} words without a box were left out (a word is kept to be shown on the scan)",
                self.unboxed
            ));
        }
        if self.off_page > 0 {
            notes.push(format!(
                "{} word boxes reached beyond their page and were cut to it",
                self.off_page
            ));
        }
        if self.over_limit > 0 {
            notes.push(format!(
                "{} words beyond {MAX_WORDS} on a page were left out",
                self.over_limit
            ));
        }
        if self.pageless {
            notes.push("words outside any page were read as one page of unknown size".into());
        }
        Ok(OcrFile {
            format,
            engine: self.engine,
            pages: self.pages,
            notes,
        })
    }
}

fn is_line(classes: &[&str]) -> bool {
    classes.iter().any(|c| {
        matches!(
            *c,
            "ocr_line" | "ocrx_line" | "ocr_header" | "ocr_textfloat" | "ocr_caption"
        )
    })
}

/// An attribute's value, unescaped where it can be, raw where it cannot.
fn attr(s: &BytesStart, key: &[u8]) -> Option<String> {
    let a = s
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(key))?;
    Some(match a.unescape_value() {
        Ok(v) => v.into_owned(),
        Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
    })
}

/// A number of pixels written as an integer or a decimal.
fn number(v: Option<&str>) -> Option<u32> {
    let f: f64 = v?.trim().parse().ok()?;
    (f.is_finite() && f >= 0.0).then(|| f.round().min(u32::MAX as f64) as u32)
}

/// The numbers of one property of an hOCR `title` ("bbox 1 2 3 4; x_wconf 95").
fn title_field(title: &str, key: &str) -> Option<Vec<f64>> {
    title.split(';').find_map(|part| {
        let mut words = part.split_whitespace();
        (words.next()? == key).then(|| words.filter_map(|w| w.parse().ok()).collect())
    })
}

fn title_bbox(title: &str) -> Option<BBox> {
    let v = title_field(title, "bbox")?;
    let n = |i: usize| number(Some(&v.get(i)?.to_string()));
    let b = BBox {
        x0: n(0)?,
        y0: n(1)?,
        x1: n(2)?,
        y1: n(3)?,
    };
    (b.x1 >= b.x0 && b.y1 >= b.y0).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_hocr_with_entities_and_void_tags_is_read() {
        let hocr = r#"<html><head><meta name="ocr-system" content="ocropus 0.4"><meta charset=utf-8></head>
<body><div class="ocr_page" title="bbox 0 0 1000 800">
<p class="ocr_par"><span class="ocr_line" title="bbox 10 10 500 40">
<span class="ocrx_word" title="bbox 10 10 100 40; x_wconf 91">Тов.&nbsp;</span>
<span class="ocrx_word" title="bbox 110 10 300 40; x_wconf 88"><b>Мик</b>оян<br></span>
<span class="ocrx_word">без-рамки</span>
<span class="ocrx_word" title="bbox 900 10 1200 40">край</span>
</span></p></div></body></html>"#;
        let f = read_ocr(hocr.as_bytes()).unwrap();
        assert_eq!(f.format, OcrFormat::Hocr);
        assert_eq!(f.engine.as_deref(), Some("ocropus 0.4"));
        assert_eq!(f.pages.len(), 1);
        assert_eq!(f.pages[0].text(), "Тов. Микоян край");
        let words: Vec<_> = f.pages[0].words().collect();
        assert_eq!(words[0].confidence, Some(91));
        assert_eq!(words[2].bbox.x1, 1000);
        assert_eq!(f.notes.len(), 2, "{:?}", f.notes);
    }

    #[test]
    fn alto_is_read() {
        let alto = r#"<?xml version="1.0"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>pixel</MeasurementUnit>
<OCRProcessing><ocrProcessingStep><processingSoftware><softwareName>ABBYY</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing></Description>
<Layout><Page WIDTH="2000" HEIGHT="3000" PHYSICAL_IMG_NR="1"><PrintSpace>
<TextBlock><TextLine><String CONTENT="XX" HPOS="10" VPOS="20" WIDTH="40" HEIGHT="30" WC="0.87"/><SP/>
<String CONTENT="съезд" HPOS="60.4" VPOS="20" WIDTH="100" HEIGHT="30"/></TextLine></TextBlock>
</PrintSpace></Page></Layout></alto>"#;
        let f = read_ocr(alto.as_bytes()).unwrap();
        assert_eq!(f.format, OcrFormat::Alto);
        assert_eq!(f.engine.as_deref(), Some("ABBYY"));
        assert_eq!((f.pages[0].width, f.pages[0].height), (2000, 3000));
        assert_eq!(f.pages[0].text(), "XX съезд");
        let w: Vec<_> = f.pages[0].words().collect();
        assert_eq!(w[0].confidence, Some(87));
        assert_eq!(
            w[1].bbox,
            BBox {
                x0: 60,
                y0: 20,
                x1: 160,
                y1: 50
            }
        );
    }

    #[test]
    fn what_is_not_ocr_is_named() {
        assert!(matches!(read_ocr(b"<TEI/>"), Err(OcrError::NotOcr(_))));
        assert!(matches!(
            read_ocr(b"<html><body><p>hi</p></body></html>"),
            Err(OcrError::NotOcr(_))
        ));
        assert!(matches!(
            read_ocr(&[0xff, 0xfe, 0]),
            Err(OcrError::NotText(0))
        ));
        assert!(matches!(read_ocr(b"plain words"), Err(OcrError::NotOcr(_))));
    }
}
