//! Query trees built by hand, for a program that adds conditions to what a
//! reader typed (a search form's archive, language or dates) without writing
//! them into the query text and reading them back.
//!
//! A built tree keeps the invariants of a parsed one (see the crate
//! documentation), so the index layer reads it alike, and it prints in the
//! canonical form that parses back to the same tree.

use crate::{date_range, filter, missing_value, phrase, Field, FieldKind, Query, QueryError, Term};

impl Query {
    /// The tree of `field:"value"`, as if a reader had typed it: an exact-value
    /// field gives a [`Query::Filter`] with the value normalised as the parser
    /// normalises it (`lang` takes a code or a language's name, `type` a
    /// document type, possibly plural), a text field a [`Query::Phrase`], and
    /// `date` or `year` a [`Query::DateRange`] from a date or a range written
    /// as in a query (`1956-09`, `1918..1920`, `..1956`).
    ///
    /// The value is taken whole: quotes, operators and parentheses in it are
    /// punctuation, never syntax. An error's column counts in `value`.
    ///
    /// ```
    /// use fonds_query::{Field, Query};
    /// let repo = Query::field(Field::Repo, "Wilson Center").unwrap();
    /// assert_eq!(repo.to_string(), "repo:\"Wilson Center\"");
    /// let years = Query::field(Field::Date, "1918..1920").unwrap();
    /// assert_eq!(years.to_string(), "date:1918..1920");
    /// ```
    pub fn field(field: Field, value: &str) -> Result<Query, QueryError> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(missing_value(value, 0, field));
        }
        let at = value.len() - value.trim_start().len();
        match field.kind() {
            FieldKind::Date => date_range(value, field == Field::Year, trimmed, at),
            FieldKind::Keyword => filter(value, field, trimmed, at),
            // One word is a term, as the parser reads `field:word`.
            FieldKind::Text => match phrase(value, Some(field), trimmed, at)? {
                Query::Phrase { field, mut words } if words.len() == 1 => Ok(Query::Term(Term {
                    field,
                    text: words.pop().expect("one word"),
                    fuzzy: 0,
                    prefix: false,
                })),
                q => Ok(q),
            },
        }
    }

    /// Every one of `parts` matches: the conditions of a search form joined to
    /// a reader's query. Nested `And`s are merged into one, an [`Query::All`]
    /// is left out where another condition says what to find, and a
    /// [`Query::Not`] is never left alone (an `All` goes before negations
    /// alone, as the parser puts it). No parts at all is `All`, one is itself.
    ///
    /// ```
    /// use fonds_query::{parse, Field, Query};
    /// let typed = parse("Mikoyan -Mao").unwrap();
    /// let lang = Query::field(Field::Lang, "Russian").unwrap();
    /// assert_eq!(Query::and([typed, lang]).to_string(), "Mikoyan -Mao lang:ru");
    /// ```
    pub fn and(parts: impl IntoIterator<Item = Query>) -> Query {
        let mut items = Vec::new();
        for part in parts {
            match part {
                Query::And(children) => items.extend(children),
                other => items.push(other),
            }
        }
        let positive = |q: &Query| !matches!(q, Query::Not(_) | Query::All);
        if items.iter().any(positive) {
            items.retain(|q| *q != Query::All);
        } else if items.iter().any(|q| matches!(q, Query::Not(_))) {
            items.retain(|q| *q != Query::All);
            items.insert(0, Query::All);
        } else {
            return Query::All;
        }
        if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Query::And(items)
        }
    }

    /// At least one of `parts` matches, such as several archives ticked in a
    /// search form; nested `Or`s are merged into one. None when there are no
    /// parts, one part is itself.
    ///
    /// ```
    /// use fonds_query::{Field, Query};
    /// let langs = ["ru", "de"].map(|l| Query::field(Field::Lang, l).unwrap());
    /// assert_eq!(Query::or(langs).unwrap().to_string(), "lang:ru OR lang:de");
    /// ```
    pub fn or(parts: impl IntoIterator<Item = Query>) -> Option<Query> {
        let mut items = Vec::new();
        for part in parts {
            match part {
                Query::Or(children) => items.extend(children),
                other => items.push(other),
            }
        }
        match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(Query::Or(items)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Field, Query};

    fn field(f: Field, v: &str) -> Query {
        Query::field(f, v).unwrap()
    }

    /// A built tree is the tree of its printed form.
    fn reads_back(q: &Query) {
        assert_eq!(parse(&q.to_string()).as_ref(), Ok(q), "{q}");
    }

    #[test]
    fn a_field_is_what_the_reader_would_type() {
        for (f, value, typed) in [
            (Field::Repo, "Wilson Center", r#"repo:"Wilson Center""#),
            (Field::Repo, "RGANI", "repo:RGANI"),
            (
                Field::Collection,
                "FRUS 1955–1957",
                r#"collection:"FRUS 1955–1957""#,
            ),
            (Field::Lang, "Russian", "lang:ru"),
            (Field::Lang, "ru", "lang:ru"),
            (Field::Type, "telegrams", "type:telegram"),
            (Field::Date, "1918..1920", "date:1918..1920"),
            (Field::Date, "1956-09", "date:1956-09"),
            (Field::Date, "..1956", "date:..1956"),
            (Field::Year, "1950..1959", "year:1950..1959"),
            (Field::Speaker, "Ким Ир Сен", r#"speaker:"Ким Ир Сен""#),
        ] {
            let built = field(f, value);
            assert_eq!(Ok(&built), parse(typed).as_ref(), "{typed}");
            reads_back(&built);
        }
    }

    #[test]
    fn a_value_is_never_syntax() {
        // An exact value is kept whole, punctuation and all (a FRUS
        // collection's name has commas); nothing in it is an operator.
        let q = field(Field::Repo, r#"A "B" (C) OR -D"#);
        assert_eq!(
            q,
            Query::Filter {
                field: Field::Repo,
                value: r#"A "B" (C) OR -D"#.to_string()
            }
        );
        let words = field(Field::Speaker, "Ким (Ир) OR Сен");
        assert!(matches!(words, Query::Phrase { .. }), "{words:?}");
        reads_back(&words);
    }

    #[test]
    fn a_wrong_value_is_refused_with_its_column() {
        let e = Query::field(Field::Lang, "Klingon").unwrap_err();
        assert!(e.message.contains("unknown language"), "{e}");
        let e = Query::field(Field::Date, "1956-13").unwrap_err();
        assert_eq!(e.column, 6, "{e}");
        assert!(Query::field(Field::Date, "1960..1950").is_err());
        assert!(Query::field(Field::Repo, "  ").is_err());
    }

    #[test]
    fn and_joins_a_reader_query_with_filters() {
        let typed = parse("(Mikoyan OR Mao) Korea").unwrap();
        let q = Query::and([
            typed,
            field(Field::Lang, "ru"),
            field(Field::Date, "1956..1957"),
        ]);
        assert_eq!(
            q.to_string(),
            "(Mikoyan OR Mao) Korea lang:ru date:1956..1957"
        );
        assert_eq!(
            q,
            parse("(Mikoyan OR Mao) Korea lang:ru date:1956..1957").unwrap()
        );
        reads_back(&q);
    }

    #[test]
    fn and_keeps_negations_with_something_to_remove_from() {
        let not_telegram = parse("NOT telegram").unwrap();
        // Alone, or with other negations, a negation keeps its All.
        assert_eq!(Query::and([not_telegram.clone()]), not_telegram);
        let two = Query::and([not_telegram.clone(), parse("-Mao").unwrap()]);
        assert_eq!(two, parse("-telegram -Mao").unwrap());
        reads_back(&two);
        // With a filter, the filter is what the negation removes from.
        let q = Query::and([not_telegram, field(Field::Repo, "RGANI")]);
        assert_eq!(q.to_string(), "-telegram repo:RGANI");
        reads_back(&q);
    }

    #[test]
    fn and_of_everything() {
        assert_eq!(Query::and([]), Query::All);
        assert_eq!(Query::and([Query::All, Query::All]), Query::All);
        let repo = field(Field::Repo, "RGANI");
        assert_eq!(Query::and([Query::All, repo.clone()]), repo);
    }

    #[test]
    fn or_of_a_facet_s_values() {
        assert_eq!(Query::or([]), None);
        let ru = field(Field::Lang, "ru");
        assert_eq!(Query::or([ru.clone()]), Some(ru));
        let langs = Query::or(["ru", "de", "en"].map(|l| field(Field::Lang, l))).unwrap();
        let q = Query::and([parse("Mikoyan").unwrap(), langs]);
        assert_eq!(q, parse("Mikoyan (lang:ru OR lang:de OR lang:en)").unwrap());
        reads_back(&q);
    }
}
