//! The one XML escaping of the workspace: the TEI writer's, and the
//! server's for its OAI-PMH answers and the HTML it writes by hand.
//!
//! It lives here because this is the crate that writes XML, and the server
//! already depends on it; the core stays free of any output format.

/// Where escaped text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Element content: `&`, `<` and `>` are escaped; quotes, tabs and
    /// newlines stay as they are.
    Text,
    /// An attribute value, in double or single quotes: the quotes are
    /// escaped too, and tabs and newlines are written as character
    /// references, which a parser's attribute-value normalisation would
    /// otherwise turn into spaces.
    Attribute,
}

/// Appends `s` to `out`, escaped for `context`. A carriage return is always
/// a character reference (a parser would read a raw one as a newline), and
/// a character XML 1.0 cannot carry (a control character other than tab,
/// newline and carriage return, U+FFFE, U+FFFF) becomes U+FFFD, so that a
/// reader still sees that something stood there.
pub fn escape_into(out: &mut String, s: &str, context: Context) {
    let attr = context == Context::Attribute;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `s` escaped for `context`, as [`escape_into`] writes it.
pub fn escape(s: &str, context: Context) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, context);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_in_text_and_quotes_in_attributes() {
        let s = "a<&>\"'b";
        assert_eq!(escape(s, Context::Text), "a&lt;&amp;&gt;\"'b");
        assert_eq!(escape(s, Context::Attribute), "a&lt;&amp;&gt;&quot;&apos;b");
    }

    #[test]
    fn whitespace_survives_attribute_normalisation() {
        let s = "one\ttwo\nthree\r\n";
        assert_eq!(escape(s, Context::Text), "one\ttwo\nthree&#13;\n");
        assert_eq!(
            escape(s, Context::Attribute),
            "one&#9;two&#10;three&#13;&#10;"
        );
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced_not_dropped() {
        for context in [Context::Text, Context::Attribute] {
            assert_eq!(
                escape("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}", context),
                "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}"
            );
            assert_eq!(
                escape("Микоян 毛泽东 \u{10000}", context),
                "Микоян 毛泽东 \u{10000}"
            );
        }
    }
}
