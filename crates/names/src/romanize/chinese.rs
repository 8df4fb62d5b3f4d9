//! Chinese names: Han characters in Pinyin, Wade-Giles and Palladius, and the
//! Chinese reading of a name in Latin or Cyrillic letters.
//!
//! Han characters take their Pinyin from the `pinyin` crate, the surname its
//! reading as a surname (单 Shan, 曾 Zeng, 朴 Piao), and the two-character
//! surnames (司马 Sima, 欧阳 Ouyang) stay one word; a second key is made from
//! the other reading of a given name's characters. Wade-Giles is derived from
//! Pinyin syllable by syllable (zh and j ch, q and ch ch', x hs, r j, z ts,
//! c ts', zi tzu, si ssu, zhi chih, -ong -ung, -ian -ien, -ie -ieh, e after a
//! velar o, uo o), with the apostrophe and ü but without ê and ŭ, as most
//! English texts print it (Teng Hsiao-p'ing). Palladius is derived the same
//! way (zh чж, j and z цз, q and c ц, x and s с, r ж, -n -нь, -ng -н, -ong
//! -ун, e э, ie е, zi цзы, uo о), the given name joined (Чжоу Эньлай). A name
//! in Latin letters is read as Pinyin and as Wade-Giles (where a hyphen joins
//! the given name and an apostrophe marks aspiration), and one in Cyrillic as
//! Palladius, when its first word is a common Chinese surname and the rest is
//! one or two syllables.
//!
//! The Chinese key is the Palladius spelling folded: aspirated and plain
//! initials are one, because Wade-Giles without its apostrophes (Teng
//! Hsiao-ping, Liu Shao-chi) cannot tell them; е and э are one, because
//! Soviet typescript writes Мао Цзе-дун for Цзэдун; spaces and hyphens go.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

use crate::matching::{Family, Reading};
use crate::romanize::{capitalise, System};
use crate::script::Script;

/// The syllables of Mandarin in toneless Pinyin (ü written ü).
const PINYIN_SYLLABLES: &str = "a ai an ang ao e ei en eng er o ou \
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu \
fa fan fang fei fen feng fo fou fu \
da dai dan dang dao de dei deng di dia dian diao die ding diu dong dou du duan dui dun duo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nü nüe \
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lü lüe \
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo \
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
sa sai san sang sao se sen seng si song sou su suan sui sun suo \
ya yan yang yao ye yi yin ying yong you yu yuan yue yun \
wa wai wan wang wei wen weng wo wu";

/// Common Chinese surnames in Pinyin; a romanized name is read as Chinese
/// only when it starts with one of them.
const CHINESE_SURNAMES: &str = "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu \
guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan \
yu jiang cai jia ding wei xue ye yan lu du dai xia zhong fu shen ren yao lü jin cui kong qiu qin \
shi bai tan liao zou xiong mo hou duan lei hao shao long wan gu meng qian yin ni chang wen niu \
fang kang bao zhan shu qi ai geng ou xing an le mao ke ji tao xiang huo guan ling bi ning ruan \
lan bei ban hang quan rao zuo chai tong lian sang ge mu nie she cheng xiang chu che jing";

/// Two-syllable Chinese surnames in Han and Pinyin.
const CHINESE_COMPOUND_SURNAMES: &[(&str, &str, &str)] = &[
    ("司马", "司馬", "si ma"),
    ("欧阳", "歐陽", "ou yang"),
    ("诸葛", "諸葛", "zhu ge"),
    ("上官", "上官", "shang guan"),
    ("司徒", "司徒", "si tu"),
    ("夏侯", "夏侯", "xia hou"),
    ("皇甫", "皇甫", "huang fu"),
    ("东方", "東方", "dong fang"),
    ("公孙", "公孫", "gong sun"),
    ("慕容", "慕容", "mu rong"),
    ("令狐", "令狐", "ling hu"),
    ("尉迟", "尉遲", "yu chi"),
    ("长孙", "長孫", "zhang sun"),
    ("宇文", "宇文", "yu wen"),
    ("端木", "端木", "duan mu"),
    ("西门", "西門", "xi men"),
    ("南宫", "南宮", "nan gong"),
    ("独孤", "獨孤", "du gu"),
    ("轩辕", "軒轅", "xuan yuan"),
    ("呼延", "呼延", "hu yan"),
];

/// Characters whose reading as a surname differs from their most common one.
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '单' | '單' => "shan",
        '沈' => "shen",
        '曾' => "zeng",
        '解' => "xie",
        '查' => "zha",
        '区' | '區' => "ou",
        '仇' => "qiu",
        '朴' => "piao",
        '盖' | '蓋' => "ge",
        '乐' | '樂' => "yue",
        '覃' => "qin",
        '种' | '種' => "chong",
        '华' | '華' => "hua",
        '翟' => "zhai",
        '缪' | '繆' => "miao",
        '召' => "shao",
        '长' | '長' => "chang",
        '任' => "ren",
        '曲' => "qu",
        '宁' | '寧' => "ning",
        '柏' => "bai",
        '秘' => "bi",
        '石' => "shi",
        '吕' | '呂' => "lü",
        '薄' => "bo",
        '朝' => "chao",
        '燕' => "yan",
        '那' => "na",
        '员' | '員' => "yun",
        _ => return None,
    })
}

/// A Chinese name as Pinyin syllables.
#[derive(Clone, Debug)]
pub(crate) struct ChineseName {
    surname: Vec<&'static str>,
    given: Vec<&'static str>,
}

impl ChineseName {
    pub(crate) fn render(&self, system: System) -> Option<String> {
        let (sep, f): (&str, fn(&'static str) -> String) = match system {
            System::Pinyin => ("", |s| s.to_string()),
            System::WadeGiles => ("-", wade_giles),
            System::Palladius => ("", palladius),
            _ => return None,
        };
        let word = |part: &[&'static str]| {
            let mut out = String::new();
            for (i, s) in part.iter().enumerate() {
                let syllable = f(s);
                // Pinyin marks a syllable starting with a vowel inside a word (Xi'an).
                if i > 0 && system == System::Pinyin && syllable.starts_with(['a', 'o', 'e']) {
                    out.push('\'');
                }
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(&capitalise(&syllable, i == 0));
            }
            out
        };
        let mut out = word(&self.surname);
        if !self.given.is_empty() {
            out.push(' ');
            out.push_str(&word(&self.given));
        }
        Some(out)
    }

    pub(crate) fn reading(&self, system: &'static str) -> Reading {
        let key = |part: &[&'static str]| {
            let mut out = String::new();
            for s in part {
                fold_palladius(&palladius(s), &mut out);
            }
            out
        };
        Reading {
            family: Family::Chinese,
            system,
            surname: format!("zh:{}", key(&self.surname)),
            given: key(&self.given),
            initial: None,
            swapped: false,
        }
    }
}

/// The Pinyin inventory, computed once.
fn pinyin_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PINYIN_SYLLABLES.split_whitespace().collect())
}

fn chinese_surname_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| CHINESE_SURNAMES.split_whitespace().collect())
}

/// Wade-Giles spellings and their Pinyin, with the lenient spellings that
/// drop the aspiration mark or the umlaut (Teng Hsiao-ping, Chu for chü)
/// where no other syllable is spelled so.
fn wade_giles_map() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        let syllables: Vec<&'static str> = PINYIN_SYLLABLES.split_whitespace().collect();
        for &s in &syllables {
            map.entry(wade_giles(s)).or_insert(s);
        }
        for &s in &syllables {
            let wg = wade_giles(s);
            for lenient in [
                wg.replace('\'', ""),
                wg.replace('ü', "u"),
                wg.replace('\'', "").replace('ü', "u"),
            ] {
                map.entry(lenient).or_insert(s);
            }
        }
        map.entry("szu".to_string()).or_insert("si");
        map
    })
}

/// Palladius spellings and their Pinyin.
fn palladius_map() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for s in PINYIN_SYLLABLES.split_whitespace() {
            map.entry(palladius(s)).or_insert(s);
        }
        map
    })
}

/// The Pinyin of a Palladius syllable, forgiving е for э and э for е, which
/// Soviet typescript confuses (Мао Цзе-дун).
fn lookup_palladius(s: &str) -> Option<&'static str> {
    let map = palladius_map();
    if let Some(py) = map.get(s) {
        return Some(py);
    }
    if s.contains('е') {
        return map.get(&s.replace('е', "э")).copied();
    }
    if s.contains('э') {
        return map.get(&s.replace('э', "е")).copied();
    }
    None
}

/// Splits `part` into one or two syllables that `lookup` knows, the longest
/// first syllable winning.
fn segment(part: &str, lookup: &dyn Fn(&str) -> Option<&'static str>) -> Option<Vec<&'static str>> {
    // No syllable in any of the systems is longer than seven letters
    // (ch'uang), which bounds the work on a word that is no Chinese name.
    const LONGEST: usize = 7;
    let len = part.chars().count();
    if len > 2 * LONGEST {
        return None;
    }
    if len <= LONGEST {
        if let Some(s) = lookup(part) {
            return Some(vec![s]);
        }
    }
    for (at, (k, _)) in part
        .char_indices()
        .enumerate()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if at > LONGEST || len - at > LONGEST {
            continue;
        }
        if let Some(b) = lookup(&part[k..]) {
            if let Some(a) = lookup(&part[..k]) {
                return Some(vec![a, b]);
            }
        }
    }
    None
}

/// Reads a Chinese name from words: the first is the surname (one syllable
/// in the surname list, or a two-syllable surname), the others one or two
/// syllables of given name.
fn chinese_words(
    words: &[Vec<String>],
    lookup: &dyn Fn(&str) -> Option<&'static str>,
) -> Option<ChineseName> {
    let (first, rest) = words.split_first()?;
    if words.len() > 3 {
        return None;
    }
    let mut surname = Vec::new();
    for part in first {
        surname.extend(segment(part, lookup)?);
    }
    let known = match surname.as_slice() {
        [one] => chinese_surname_set().contains(one),
        [a, b] => CHINESE_COMPOUND_SURNAMES
            .iter()
            .any(|(_, _, py)| py.split(' ').eq([*a, *b])),
        _ => false,
    };
    if !known {
        return None;
    }
    let mut given = Vec::new();
    for part in rest.iter().flatten() {
        given.extend(segment(part, lookup)?);
    }
    (given.len() <= 2).then_some(ChineseName { surname, given })
}

/// Reads a Chinese name in Latin letters as Pinyin and as Wade-Giles, each
/// where it parses (Chou En-lai is both).
pub(crate) fn chinese_latin(name: &str) -> Vec<(ChineseName, &'static str)> {
    let mut out = Vec::new();
    let lower: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(',')
                .chars()
                .flat_map(char::to_lowercase)
                .map(plain_latin)
                .collect()
        })
        .collect();
    if lower.is_empty() || lower.len() > 3 {
        return out;
    }
    let is_pinyin = |s: &str| pinyin_set().get(s).copied();
    let pinyin_words: Vec<Vec<String>> = lower
        .iter()
        .map(|w| {
            w.split(['-', '\''])
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    if let Some(n) = chinese_words(&pinyin_words, &is_pinyin) {
        out.push((n, "Pinyin"));
    }
    let is_wade = |s: &str| wade_giles_map().get(s).copied();
    let wade_words: Vec<Vec<String>> = lower
        .iter()
        .map(|w| {
            w.split('-')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    if let Some(n) = chinese_words(&wade_words, &is_wade) {
        let same = out
            .first()
            .is_some_and(|(p, _)| p.surname == n.surname && p.given == n.given);
        if !same {
            out.push((n, "Wade-Giles"));
        }
    }
    out
}

/// A Latin letter without tone marks, with the apostrophes unified.
fn plain_latin(c: char) -> char {
    match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'ê' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'ŭ' => 'u',
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'v' => 'ü',
        '’' | 'ʼ' | 'ʻ' | '‘' | '`' => '\'',
        c => c,
    }
}

/// Reads a Chinese name in Palladius Cyrillic (Мао Цзэдун, Чжоу Энь-лай).
pub(crate) fn chinese_cyrillic(name: &str) -> Option<ChineseName> {
    let words: Vec<Vec<String>> = name
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(',')
                .split('-')
                .filter(|p| !p.is_empty())
                .map(|p| p.chars().flat_map(char::to_lowercase).collect())
                .collect()
        })
        .collect();
    chinese_words(&words, &lookup_palladius)
}

/// Reads a name in Han characters: its first character is the surname, or
/// its first two when they are a two-syllable surname (司马). Each character
/// takes its most common reading, the surname its reading as a surname; a
/// second reading is given where a character of the given name has another.
pub(crate) fn han_names(name: &str) -> Vec<ChineseName> {
    let chars: Vec<char> = name
        .chars()
        .filter(|c| Script::of(*c) == Some(Script::Han))
        .collect();
    if chars.is_empty()
        || chars.len() > 5
        || name
            .chars()
            .any(|c| c.is_alphabetic() && Script::of(c) != Some(Script::Han))
    {
        return Vec::new();
    }
    let head: String = chars.iter().take(2).collect();
    let compound = CHINESE_COMPOUND_SURNAMES
        .iter()
        .find(|(s, t, _)| chars.len() >= 3 && (head == *s || head == *t));
    let (surname, rest): (Vec<&'static str>, &[char]) = match compound {
        Some((_, _, py)) => (py.split(' ').collect(), &chars[2..]),
        None => {
            let c = chars[0];
            let Some(py) =
                surname_reading(c).or_else(|| c.to_pinyin_multi().map(|m| m.get(0).plain()))
            else {
                return Vec::new();
            };
            (vec![py], &chars[1..])
        }
    };
    let mut given = Vec::with_capacity(rest.len());
    let mut other = Vec::with_capacity(rest.len());
    for &c in rest {
        let Some(multi) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let first = multi.get(0).plain();
        given.push(first);
        let second = multi
            .into_iter()
            .map(|p| p.plain())
            .find(|p| *p != first)
            .unwrap_or(first);
        other.push(second);
    }
    let mut out = vec![ChineseName {
        surname: surname.clone(),
        given,
    }];
    if other != out[0].given {
        out.push(ChineseName {
            surname,
            given: other,
        });
    }
    out
}

/// Splits a toneless Pinyin syllable into its initial and its final as the
/// tables spell them: y and w are glides, not initials (ya is i + a), and u
/// after j, q and x is ü.
fn split_pinyin(s: &'static str) -> (&'static str, &'static str) {
    let glide = match s {
        "yi" => Some("i"),
        "ya" => Some("ia"),
        "yao" => Some("iao"),
        "ye" => Some("ie"),
        "you" => Some("iu"),
        "yan" => Some("ian"),
        "yin" => Some("in"),
        "yang" => Some("iang"),
        "ying" => Some("ing"),
        "yong" => Some("iong"),
        "yo" => Some("io"),
        "yu" => Some("ü"),
        "yue" => Some("üe"),
        "yuan" => Some("üan"),
        "yun" => Some("ün"),
        "wu" => Some("u"),
        "wa" => Some("ua"),
        "wo" => Some("uo"),
        "wai" => Some("uai"),
        "wei" => Some("ui"),
        "wan" => Some("uan"),
        "wen" => Some("un"),
        "wang" => Some("uang"),
        "weng" => Some("ueng"),
        _ => None,
    };
    if let Some(f) = glide {
        return ("", f);
    }
    let initial_len = if s.starts_with("zh") || s.starts_with("ch") || s.starts_with("sh") {
        2
    } else if s.starts_with(|c: char| "bpmfdtnlgkhjqxrzcs".contains(c)) {
        1
    } else {
        0
    };
    let (initial, fin) = s.split_at(initial_len);
    let fin = match (initial, fin) {
        ("j" | "q" | "x", "u") => "ü",
        ("j" | "q" | "x", "ue") => "üe",
        ("j" | "q" | "x", "uan") => "üan",
        ("j" | "q" | "x", "un") => "ün",
        _ => fin,
    };
    (initial, fin)
}

/// One Pinyin syllable in Wade-Giles, lowercase, with the apostrophe of
/// aspiration and the umlaut but without the circumflex of ê and the breve
/// of ŭ, as most English texts print it.
fn wade_giles(s: &'static str) -> String {
    let (i, f) = split_pinyin(s);
    if i.is_empty() {
        return match f {
            "ia" => "ya",
            "iao" => "yao",
            "ie" => "yeh",
            "iu" => "yu",
            "ian" => "yen",
            "in" => "yin",
            "iang" => "yang",
            "ing" => "ying",
            "iong" => "yung",
            "io" => "yo",
            "u" => "wu",
            "ua" => "wa",
            "uo" => "wo",
            "uai" => "wai",
            "ui" => "wei",
            "uan" => "wan",
            "un" => "wen",
            "uang" => "wang",
            "ueng" => "weng",
            "ü" => "yü",
            "üe" => "yüeh",
            "üan" => "yüan",
            "ün" => "yün",
            "e" => "o",
            "er" => "erh",
            other => other,
        }
        .to_string();
    }
    match (i, f) {
        ("z", "i") => return "tzu".to_string(),
        ("c", "i") => return "tz'u".to_string(),
        ("s", "i") => return "ssu".to_string(),
        ("zh", "i") => return "chih".to_string(),
        ("ch", "i") => return "ch'ih".to_string(),
        ("sh", "i") => return "shih".to_string(),
        ("r", "i") => return "jih".to_string(),
        _ => {}
    }
    let initial = match i {
        "b" => "p",
        "p" => "p'",
        "d" => "t",
        "t" => "t'",
        "g" => "k",
        "k" => "k'",
        "j" | "zh" => "ch",
        "q" | "ch" => "ch'",
        "x" => "hs",
        "r" => "j",
        "z" => "ts",
        "c" => "ts'",
        other => other,
    };
    let velar = matches!(i, "g" | "k" | "h");
    let fin = match f {
        "e" if velar => "o",
        "uo" if !(velar || i == "sh") => "o",
        "ui" if matches!(i, "g" | "k") => "uei",
        "ong" => "ung",
        "iong" => "iung",
        "ie" => "ieh",
        "ian" => "ien",
        "üe" => "üeh",
        other => other,
    };
    format!("{initial}{fin}")
}

/// One Pinyin syllable in Palladius Cyrillic, lowercase.
fn palladius(s: &'static str) -> String {
    let (i, f) = split_pinyin(s);
    let zero = i.is_empty();
    let initial = match i {
        "b" => "б",
        "p" => "п",
        "m" => "м",
        "f" => "ф",
        "d" => "д",
        "t" => "т",
        "n" => "н",
        "l" => "л",
        "g" => "г",
        "k" => "к",
        "h" => "х",
        "j" | "z" => "цз",
        "q" | "c" => "ц",
        "x" | "s" => "с",
        "zh" => "чж",
        "ch" => "ч",
        "sh" => "ш",
        "r" => "ж",
        _ => "",
    };
    let fin = match f {
        "a" => "а",
        "o" => "о",
        "e" => "э",
        "ai" => "ай",
        "ei" => "эй",
        "ao" => "ао",
        "ou" => "оу",
        "an" => "ань",
        "en" => "энь",
        "ang" => "ан",
        "eng" => "эн",
        "ong" => "ун",
        "er" => "эр",
        "i" if matches!(i, "z" | "c" | "s") => "ы",
        "i" => "и",
        "ia" => "я",
        "iao" => "яо",
        "ie" => "е",
        "iu" => "ю",
        "ian" => "янь",
        "in" => "инь",
        "iang" => "ян",
        "ing" => "ин",
        "iong" => "юн",
        "io" => "ё",
        "u" => "у",
        "ua" if zero => "ва",
        "ua" => "уа",
        "uo" if zero => "во",
        "uo" => "о",
        "uai" if zero => "вай",
        "uai" => "уай",
        "ui" if zero => "вэй",
        "ui" => "уй",
        "uan" if zero => "вань",
        "uan" => "уань",
        "un" if zero => "вэнь",
        "un" => "унь",
        "uang" if zero => "ван",
        "uang" => "уан",
        "ueng" => "вэн",
        "ü" => "юй",
        "üe" => "юэ",
        "üan" => "юань",
        "ün" => "юнь",
        _ => "",
    };
    format!("{initial}{fin}")
}

/// Appends the Chinese key of Palladius Cyrillic: aspirated and plain
/// initials are one (Wade-Giles without its apostrophes cannot tell them),
/// е and э are one (Soviet typescript writes Цзе-дун for Цзэдун), and the
/// soft sign, which tells -n from -ng, is kept as an apostrophe.
fn fold_palladius(s: &str, out: &mut String) {
    let mut prev = ' ';
    for c in s.chars().flat_map(char::to_lowercase) {
        let pushed = match c {
            'з' if prev == 'ц' => "",
            'ж' if prev == 'ч' => "",
            'а' => "a",
            'б' | 'п' => "b",
            'в' => "v",
            'г' | 'к' => "g",
            'д' | 'т' => "d",
            'е' | 'э' | 'ё' => "e",
            'ж' | 'р' => "r",
            'з' | 'ц' => "z",
            'и' | 'й' => "i",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'с' => "s",
            'у' => "u",
            'ф' => "f",
            'х' => "h",
            'ч' => "j",
            'ш' | 'щ' => "x",
            'ы' => "y",
            'ь' => "'",
            'ю' => "iu",
            'я' => "ia",
            _ => "",
        };
        out.push_str(pushed);
        prev = c;
    }
}

#[cfg(test)]
mod tests {
    use crate::romanize::{forms, romanize, System};

    #[test]
    fn chinese_systems() {
        assert_eq!(
            forms("毛泽东"),
            vec![
                (System::Pinyin, "Mao Zedong".to_string()),
                (System::WadeGiles, "Mao Tse-tung".to_string()),
                (System::Palladius, "Мао Цзэдун".to_string()),
            ]
        );
        let cases = [
            ("周恩来", "Zhou Enlai", "Chou En-lai", "Чжоу Эньлай"),
            ("邓小平", "Deng Xiaoping", "Teng Hsiao-p'ing", "Дэн Сяопин"),
            ("刘少奇", "Liu Shaoqi", "Liu Shao-ch'i", "Лю Шаоци"),
            ("朱德", "Zhu De", "Chu Te", "Чжу Дэ"),
            ("司马迁", "Sima Qian", "Ssu-ma Ch'ien", "Сыма Цянь"),
            ("欧阳修", "Ouyang Xiu", "Ou-yang Hsiu", "Оуян Сю"),
        ];
        for (han, py, wg, pal) in cases {
            assert_eq!(romanize(han, System::Pinyin).unwrap(), py, "{han}");
            assert_eq!(romanize(han, System::WadeGiles).unwrap(), wg, "{han}");
            assert_eq!(romanize(han, System::Palladius).unwrap(), pal, "{han}");
            assert_eq!(romanize(py, System::WadeGiles).unwrap(), wg, "{py}");
            assert_eq!(romanize(py, System::Palladius).unwrap(), pal, "{py}");
            assert_eq!(romanize(pal, System::Pinyin).unwrap(), py, "{pal}");
        }
        assert_eq!(
            romanize("Mao Tse-tung", System::Pinyin).unwrap(),
            "Mao Zedong"
        );
        assert_eq!(
            romanize("Мао Цзе-дун", System::Pinyin).unwrap(),
            "Mao Jiedong"
        );
        assert_eq!(romanize("Xi'an Li", System::Pinyin), None);
        assert_eq!(romanize("Li Xi'an", System::Pinyin).unwrap(), "Li Xi'an");
    }
}
