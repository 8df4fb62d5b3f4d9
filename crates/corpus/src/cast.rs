//! The cast: historical figures with their names in each script, their
//! offices and the years they appear in records; the sides they belong to; the
//! clerks who recorded conversations and the translators of the archive.

use crate::lang::{Tr, L};

/// The party or state a person speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Soviet,
    Chinese,
    Korean,
    German,
    Polish,
    American,
}

impl Side {
    /// Communists address each other as comrades; Americans are "Mr.".
    pub(crate) fn comrade(self) -> bool {
        self != Side::American
    }

    /// "Soviet comrades" and the like, in each language (the Russian form is
    /// instrumental, after "с").
    pub(crate) fn comrades(self) -> Tr {
        match self {
            Side::Soviet => ["the Soviet comrades", "советскими товарищами", "den sowjetischen Genossen", "苏联同志", "쏘련 동지들"],
            Side::Chinese => ["the Chinese comrades", "китайскими товарищами", "den chinesischen Genossen", "中国同志", "중국 동지들"],
            Side::Korean => ["the Korean comrades", "корейскими товарищами", "den koreanischen Genossen", "朝鲜同志", "조선 동지들"],
            Side::German => ["the German comrades", "немецкими товарищами", "den deutschen Genossen", "德国同志", "독일 동지들"],
            Side::Polish => ["the Polish comrades", "польскими товарищами", "den polnischen Genossen", "波兰同志", "뽈스까 동지들"],
            Side::American => ["the American representatives", "американскими представителями", "den amerikanischen Vertretern", "美国代表", "미국 대표들"],
        }
    }

    /// The delegation of the side's party (Russian instrumental, German dative).
    pub(crate) fn delegation(self) -> Tr {
        match self {
            Side::Soviet => ["the Delegation of the CPSU", "делегацией КПСС", "der Delegation der KPdSU", "苏共代表团", "쏘련공산당 대표단"],
            Side::Chinese => ["the Delegation of the CCP", "делегацией КПК", "der Delegation der KP Chinas", "中共代表团", "중국공산당 대표단"],
            Side::Korean => ["the Delegation of the Korean Workers' Party", "делегацией Трудовой партии Кореи", "der Delegation der Partei der Arbeit Koreas", "朝鲜劳动党代表团", "조선로동당 대표단"],
            Side::German => ["the Delegation of the SED", "делегацией СЕПГ", "der Delegation der SED", "德国统一社会党代表团", "독일사회주의통일당 대표단"],
            Side::Polish => ["the Delegation of the PUWP", "делегацией ПОРП", "der Delegation der PVAP", "波兰统一工人党代表团", "뽈스까통일로동당 대표단"],
            Side::American => ["the Representatives of the United States", "представителями США", "den Vertretern der USA", "美国代表", "미국 대표"],
        }
    }

    /// The group label of the side in a participants list ("From the Chinese side").
    pub(crate) fn from_side(self) -> Tr {
        match self {
            Side::Soviet => ["From the Soviet side", "С советской стороны", "Von sowjetischer Seite", "苏方", "쏘련측"],
            Side::Chinese => ["From the Chinese side", "С китайской стороны", "Von chinesischer Seite", "中方", "중국측"],
            Side::Korean => ["From the Korean side", "С корейской стороны", "Von koreanischer Seite", "朝方", "조선측"],
            Side::German => ["From the German side", "С германской стороны", "Von deutscher Seite", "德方", "독일측"],
            Side::Polish => ["From the Polish side", "С польской стороны", "Von polnischer Seite", "波方", "뽈스까측"],
            Side::American => ["From the American side", "С американской стороны", "Von amerikanischer Seite", "美方", "미국측"],
        }
    }

    /// The side's country, for titles and summaries.
    pub(crate) fn country(self) -> &'static str {
        match self {
            Side::Soviet => "the USSR",
            Side::Chinese => "the PRC",
            Side::Korean => "the DPRK",
            Side::German => "the GDR",
            Side::Polish => "Poland",
            Side::American => "the United States",
        }
    }

    /// The side's capital, an index into [`crate::phrases::CITIES`].
    pub(crate) fn capital(self) -> usize {
        match self {
            Side::Soviet => 0,
            Side::Chinese => 1,
            Side::Korean => 2,
            Side::German => 3,
            Side::Polish => 4,
            Side::American => 15,
        }
    }
}

/// An office, in the five languages (Russian and German nominative, lowercase
/// where they stand inside a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Office {
    SovLeader,
    SovPremier,
    SovDeputyPremier,
    SovForeignMinister,
    SovSecretary,
    SovInternational,
    SovAmbPrc,
    SovAmbDprk,
    SovAmbGdr,
    SovAmbPoland,
    SovAmbUsa,
    SovCounselor,
    CnChairman,
    CnPremier,
    CnViceChairman,
    CnGeneralSecretary,
    CnDefense,
    CnForeignMinister,
    CnDeputyForeignMinister,
    CnInternational,
    CnAmbUssr,
    CnNpc,
    CnSecretariat,
    KoLeader,
    KoViceChairman,
    KoForeignMinister,
    KoDefense,
    KoPresidium,
    KoTrade,
    KoSecretary,
    DeLeader,
    DePresident,
    DePremier,
    DeSecretary,
    DeForeignMinister,
    DeControl,
    PlLeader,
    PlPremier,
    PlForeignMinister,
    UsPresident,
    UsSecretaryOfState,
    UsAmbUssr,
    UsSecurityAdviser,
    UsDiplomat,
}

impl Office {
    pub(crate) fn names(self) -> Tr {
        use Office::*;
        match self {
            SovLeader => ["First Secretary of the CC CPSU", "первый секретарь ЦК КПСС", "Erster Sekretär des ZK der KPdSU", "苏共中央第一书记", "쏘련공산당 중앙위원회 제1비서"],
            SovPremier => ["Chairman of the USSR Council of Ministers", "председатель Совета Министров СССР", "Vorsitzender des Ministerrates der UdSSR", "苏联部长会议主席", "쏘련 내각 수상"],
            SovDeputyPremier => ["First Deputy Chairman of the USSR Council of Ministers", "первый заместитель председателя Совета Министров СССР", "Erster Stellvertreter des Vorsitzenden des Ministerrates der UdSSR", "苏联部长会议第一副主席", "쏘련 내각 제1부수상"],
            SovForeignMinister => ["USSR Minister of Foreign Affairs", "министр иностранных дел СССР", "Minister für Auswärtige Angelegenheiten der UdSSR", "苏联外交部长", "쏘련 외무상"],
            SovSecretary => ["Secretary of the CC CPSU", "секретарь ЦК КПСС", "Sekretär des ZK der KPdSU", "苏共中央书记", "쏘련공산당 중앙위원회 비서"],
            SovInternational => ["Head of the International Department of the CC CPSU", "заведующий Международным отделом ЦК КПСС", "Leiter der Internationalen Abteilung des ZK der KPdSU", "苏共中央国际部部长", "쏘련공산당 중앙위원회 국제부장"],
            SovAmbPrc => ["USSR Ambassador to the PRC", "посол СССР в КНР", "Botschafter der UdSSR in der VR China", "苏联驻华大使", "주중 쏘련 대사"],
            SovAmbDprk => ["USSR Ambassador to the DPRK", "посол СССР в КНДР", "Botschafter der UdSSR in der KDVR", "苏联驻朝鲜大使", "주조 쏘련 대사"],
            SovAmbGdr => ["USSR Ambassador to the GDR", "посол СССР в ГДР", "Botschafter der UdSSR in der DDR", "苏联驻民主德国大使", "주독 쏘련 대사"],
            SovAmbPoland => ["USSR Ambassador to Poland", "посол СССР в ПНР", "Botschafter der UdSSR in der VR Polen", "苏联驻波兰大使", "주뽈스까 쏘련 대사"],
            SovAmbUsa => ["USSR Ambassador to the United States", "посол СССР в США", "Botschafter der UdSSR in den USA", "苏联驻美国大使", "주미 쏘련 대사"],
            SovCounselor => ["Counselor of the USSR Embassy", "советник посольства СССР", "Botschaftsrat der UdSSR", "苏联大使馆参赞", "쏘련 대사관 참사"],
            CnChairman => ["Chairman of the CC CCP", "председатель ЦК КПК", "Vorsitzender des ZK der KP Chinas", "中共中央主席", "중국공산당 중앙위원회 주석"],
            CnPremier => ["Premier of the PRC State Council", "премьер Госсовета КНР", "Ministerpräsident des Staatsrates der VR China", "国务院总理", "중국 국무원 총리"],
            CnViceChairman => ["Vice Chairman of the CC CCP", "заместитель председателя ЦК КПК", "Stellvertretender Vorsitzender des ZK der KP Chinas", "中共中央副主席", "중국공산당 중앙위원회 부주석"],
            CnGeneralSecretary => ["General Secretary of the CC CCP", "генеральный секретарь ЦК КПК", "Generalsekretär des ZK der KP Chinas", "中共中央总书记", "중국공산당 중앙위원회 총서기"],
            CnDefense => ["PRC Minister of National Defense", "министр обороны КНР", "Verteidigungsminister der VR China", "国防部长", "중국 국방부장"],
            CnForeignMinister => ["PRC Minister of Foreign Affairs", "министр иностранных дел КНР", "Außenminister der VR China", "外交部长", "중국 외교부장"],
            CnDeputyForeignMinister => ["PRC Deputy Minister of Foreign Affairs", "заместитель министра иностранных дел КНР", "Stellvertretender Außenminister der VR China", "外交部副部长", "중국 외교부 부부장"],
            CnInternational => ["Head of the International Liaison Department of the CC CCP", "заведующий Международным отделом ЦК КПК", "Leiter der Internationalen Verbindungsabteilung des ZK der KP Chinas", "中共中央对外联络部部长", "중국공산당 중앙위원회 대외련락부장"],
            CnAmbUssr => ["PRC Ambassador to the USSR", "посол КНР в СССР", "Botschafter der VR China in der UdSSR", "中国驻苏联大使", "주쏘 중국 대사"],
            CnNpc => ["Chairman of the NPC Standing Committee", "председатель Постоянного комитета ВСНП", "Vorsitzender des Ständigen Ausschusses des NVK", "全国人大常委会委员长", "전국인민대표대회 상무위원장"],
            CnSecretariat => ["Member of the Secretariat of the CC CCP", "член Секретариата ЦК КПК", "Mitglied des Sekretariats des ZK der KP Chinas", "中共中央书记处书记", "중국공산당 중앙위원회 서기처 서기"],
            KoLeader => ["Chairman of the CC KWP", "председатель ЦК ТПК", "Vorsitzender des ZK der PdAK", "朝鲜劳动党中央委员会委员长", "조선로동당 중앙위원회 위원장"],
            KoViceChairman => ["Vice Chairman of the CC KWP", "заместитель председателя ЦК ТПК", "Stellvertretender Vorsitzender des ZK der PdAK", "朝鲜劳动党中央委员会副委员长", "조선로동당 중앙위원회 부위원장"],
            KoForeignMinister => ["DPRK Minister of Foreign Affairs", "министр иностранных дел КНДР", "Außenminister der KDVR", "朝鲜外务相", "외무상"],
            KoDefense => ["DPRK Minister of National Defense", "министр национальной обороны КНДР", "Minister für Nationale Verteidigung der KDVR", "朝鲜民族保卫相", "민족보위상"],
            KoPresidium => ["Chairman of the Presidium of the DPRK Supreme People's Assembly", "председатель Президиума ВНС КНДР", "Vorsitzender des Präsidiums der Obersten Volksversammlung der KDVR", "朝鲜最高人民会议常任委员会委员长", "최고인민회의 상임위원회 위원장"],
            KoTrade => ["DPRK Minister of Trade", "министр торговли КНДР", "Handelsminister der KDVR", "朝鲜贸易相", "무역상"],
            KoSecretary => ["Secretary of the CC KWP", "секретарь ЦК ТПК", "Sekretär des ZK der PdAK", "朝鲜劳动党中央书记", "조선로동당 중앙위원회 비서"],
            DeLeader => ["First Secretary of the CC SED", "первый секретарь ЦК СЕПГ", "Erster Sekretär des ZK der SED", "德国统一社会党中央第一书记", "독일사회주의통일당 중앙위원회 제1비서"],
            DePresident => ["President of the GDR", "президент ГДР", "Präsident der DDR", "民主德国总统", "독일민주주의공화국 대통령"],
            DePremier => ["Chairman of the GDR Council of Ministers", "председатель Совета Министров ГДР", "Vorsitzender des Ministerrates der DDR", "民主德国部长会议主席", "독일민주주의공화국 내각 수상"],
            DeSecretary => ["Secretary of the CC SED", "секретарь ЦК СЕПГ", "Sekretär des ZK der SED", "德国统一社会党中央书记", "독일사회주의통일당 중앙위원회 비서"],
            DeForeignMinister => ["GDR Minister of Foreign Affairs", "министр иностранных дел ГДР", "Minister für Auswärtige Angelegenheiten der DDR", "民主德国外交部长", "독일민주주의공화국 외무상"],
            DeControl => ["Chairman of the Central Party Control Commission of the SED", "председатель Центральной партийной контрольной комиссии СЕПГ", "Vorsitzender der Zentralen Parteikontrollkommission der SED", "德国统一社会党中央监察委员会主席", "독일사회주의통일당 중앙당검열위원회 위원장"],
            PlLeader => ["First Secretary of the CC PUWP", "первый секретарь ЦК ПОРП", "Erster Sekretär des ZK der PVAP", "波兰统一工人党中央第一书记", "뽈스까통일로동당 중앙위원회 제1비서"],
            PlPremier => ["Chairman of the Council of Ministers of Poland", "председатель Совета Министров ПНР", "Vorsitzender des Ministerrates der VR Polen", "波兰部长会议主席", "뽈스까 내각 수상"],
            PlForeignMinister => ["Minister of Foreign Affairs of Poland", "министр иностранных дел ПНР", "Außenminister der VR Polen", "波兰外交部长", "뽈스까 외무상"],
            UsPresident => ["President of the United States", "президент США", "Präsident der Vereinigten Staaten", "美国总统", "미국 대통령"],
            UsSecretaryOfState => ["Secretary of State", "государственный секретарь США", "Außenminister der USA", "美国国务卿", "미국 국무장관"],
            UsAmbUssr => ["US Ambassador to the USSR", "посол США в СССР", "Botschafter der USA in der UdSSR", "美国驻苏联大使", "주쏘 미국 대사"],
            UsSecurityAdviser => ["Assistant to the President for National Security Affairs", "помощник президента США по национальной безопасности", "Sicherheitsberater des Präsidenten der USA", "美国总统国家安全事务助理", "미국 대통령 국가안보보좌관"],
            UsDiplomat => ["Deputy Assistant Secretary of State", "заместитель помощника государственного секретаря США", "Stellvertretender Unterstaatssekretär der USA", "美国助理国务卿帮办", "미국 국무부 부차관보"],
        }
    }
}

/// A historical figure.
#[derive(Debug)]
pub(crate) struct Person {
    /// The canonical English name, as speaker labels of English texts write it.
    pub en: &'static str,
    /// The name with initials or given names, as titles write it.
    pub full: &'static str,
    pub ru: &'static str,
    /// The Russian name with initials ("А.И. Микоян").
    pub ru_full: &'static str,
    pub de: &'static str,
    pub zh: &'static str,
    pub ko: &'static str,
    pub side: Side,
    pub office: Office,
    /// The years in which the person appears in records.
    pub from: i32,
    pub to: i32,
    /// The entry of the archive's list of associated people.
    pub assoc: &'static str,
}

impl Person {
    /// The name as a text of the given language writes it.
    pub(crate) fn name(&self, lang: L) -> &'static str {
        match lang {
            L::En => self.en,
            L::Ru => self.ru,
            L::De => self.de,
            L::Zh => self.zh,
            L::Ko => self.ko,
        }
    }

    /// The name for a signature ("Н.С. Хрущев", "N. S. Khrushchev").
    pub(crate) fn signature(&self, lang: L) -> &'static str {
        match lang {
            L::En => self.full,
            L::Ru => self.ru_full,
            _ => self.name(lang),
        }
    }

    pub(crate) fn active(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

macro_rules! p {
    ($en:expr, $full:expr, $ru:expr, $ru_full:expr, $de:expr, $zh:expr, $ko:expr, $side:ident, $office:ident, $from:expr, $to:expr, $assoc:expr) => {
        Person {
            en: $en,
            full: $full,
            ru: $ru,
            ru_full: $ru_full,
            de: $de,
            zh: $zh,
            ko: $ko,
            side: Side::$side,
            office: Office::$office,
            from: $from,
            to: $to,
            assoc: $assoc,
        }
    };
}

/// The cast. Names are those of real people; the words put in their mouths
/// are generated.
pub(crate) static CAST: &[Person] = &[
    p!("Stalin", "J. V. Stalin", "Сталин", "И.В. Сталин", "Stalin", "斯大林", "스딸린", Soviet, SovPremier, 1945, 1953, "Stalin, Joseph, 1878-1953"),
    p!("Molotov", "V. M. Molotov", "Молотов", "В.М. Молотов", "Molotow", "莫洛托夫", "몰로또브", Soviet, SovForeignMinister, 1945, 1956, "Molotov, Vyacheslav Mikhaylovich, 1890-1986"),
    p!("Vyshinsky", "A. Ya. Vyshinsky", "Вышинский", "А.Я. Вышинский", "Wyschinski", "维辛斯基", "위신스끼", Soviet, SovForeignMinister, 1949, 1953, "Vyshinsky, Andrey Yanuaryevich, 1883-1954"),
    p!("Malenkov", "G. M. Malenkov", "Маленков", "Г.М. Маленков", "Malenkow", "马林科夫", "말렌꼬브", Soviet, SovPremier, 1946, 1957, "Malenkov, Georgy Maksimilianovich, 1902-1988"),
    p!("Khrushchev", "N. S. Khrushchev", "Хрущев", "Н.С. Хрущев", "Chruschtschow", "赫鲁晓夫", "흐루쇼브", Soviet, SovLeader, 1953, 1964, "Khrushchev, Nikita Sergeyevich, 1894-1971"),
    p!("Mikoyan", "A. I. Mikoyan", "Микоян", "А.И. Микоян", "Mikojan", "米高扬", "미꼬얀", Soviet, SovDeputyPremier, 1945, 1965, "Mikoyan, Anastas Ivanovich, 1895-1978"),
    p!("Bulganin", "N. A. Bulganin", "Булганин", "Н.А. Булганин", "Bulganin", "布尔加宁", "불가닌", Soviet, SovPremier, 1953, 1958, "Bulganin, Nikolai Aleksandrovich, 1895-1975"),
    p!("Suslov", "M. A. Suslov", "Суслов", "М.А. Суслов", "Suslow", "苏斯洛夫", "수슬로브", Soviet, SovSecretary, 1947, 1982, "Suslov, Mikhail Andreyevich, 1902-1982"),
    p!("Gromyko", "A. A. Gromyko", "Громыко", "А.А. Громыко", "Gromyko", "葛罗米柯", "그로미꼬", Soviet, SovForeignMinister, 1946, 1988, "Gromyko, Andrei Andreyevich, 1909-1989"),
    p!("Kosygin", "A. N. Kosygin", "Косыгин", "А.Н. Косыгин", "Kossygin", "柯西金", "꼬씨긴", Soviet, SovPremier, 1960, 1980, "Kosygin, Aleksei Nikolayevich, 1904-1980"),
    p!("Brezhnev", "L. I. Brezhnev", "Брежнев", "Л.И. Брежнев", "Breshnew", "勃列日涅夫", "브레쥬네브", Soviet, SovLeader, 1960, 1982, "Brezhnev, Leonid Ilyich, 1906-1982"),
    p!("Ponomarev", "B. N. Ponomarev", "Пономарев", "Б.Н. Пономарев", "Ponomarjow", "波诺马廖夫", "뽀노마료브", Soviet, SovInternational, 1955, 1986, "Ponomarev, Boris Nikolayevich, 1905-1995"),
    p!("Andropov", "Yu. V. Andropov", "Андропов", "Ю.В. Андропов", "Andropow", "安德罗波夫", "안드로뽀브", Soviet, SovSecretary, 1957, 1984, "Andropov, Yuri Vladimirovich, 1914-1984"),
    p!("Yudin", "P. F. Yudin", "Юдин", "П.Ф. Юдин", "Judin", "尤金", "유진", Soviet, SovAmbPrc, 1953, 1959, "Yudin, Pavel Fyodorovich, 1899-1968"),
    p!("Chervonenko", "S. V. Chervonenko", "Червоненко", "С.В. Червоненко", "Tscherwonenko", "契尔沃年科", "체르보넨꼬", Soviet, SovAmbPrc, 1959, 1965, "Chervonenko, Stepan Vasilyevich, 1915-2003"),
    p!("Puzanov", "A. M. Puzanov", "Пузанов", "А.М. Пузанов", "Pusanow", "普扎诺夫", "뿌자노브", Soviet, SovAmbDprk, 1957, 1962, "Puzanov, Aleksandr Mikhailovich, 1906-1998"),
    p!("Ivanov", "V. I. Ivanov", "Иванов", "В.И. Иванов", "Iwanow", "伊万诺夫", "이바노브", Soviet, SovAmbDprk, 1955, 1957, "Ivanov, V. I."),
    p!("Shtykov", "T. F. Shtykov", "Штыков", "Т.Ф. Штыков", "Schtykow", "什特科夫", "스띄꼬브", Soviet, SovAmbDprk, 1945, 1950, "Shtykov, Terentii Fomich, 1907-1964"),
    p!("Pervukhin", "M. G. Pervukhin", "Первухин", "М.Г. Первухин", "Perwuchin", "别尔乌辛", "뻬르부힌", Soviet, SovAmbGdr, 1958, 1962, "Pervukhin, Mikhail Georgiyevich, 1904-1978"),
    p!("Ponomarenko", "P. K. Ponomarenko", "Пономаренко", "П.К. Пономаренко", "Ponomarenko", "波诺马连科", "뽀노마렌꼬", Soviet, SovAmbPoland, 1955, 1957, "Ponomarenko, Panteleimon Kondratyevich, 1902-1984"),
    p!("Menshikov", "M. A. Menshikov", "Меньшиков", "М.А. Меньшиков", "Menschikow", "缅希科夫", "멘쉬꼬브", Soviet, SovAmbUsa, 1958, 1962, "Menshikov, Mikhail Alekseyevich, 1902-1976"),
    p!("Dobrynin", "A. F. Dobrynin", "Добрынин", "А.Ф. Добрынин", "Dobrynin", "多勃雷宁", "도브리닌", Soviet, SovAmbUsa, 1962, 1986, "Dobrynin, Anatoly Fyodorovich, 1919-2010"),
    p!("Gorbachev", "M. S. Gorbachev", "Горбачев", "М.С. Горбачев", "Gorbatschow", "戈尔巴乔夫", "고르바쵸브", Soviet, SovLeader, 1985, 1991, "Gorbachev, Mikhail Sergeyevich, 1931-2022"),
    p!("Shevardnadze", "E. A. Shevardnadze", "Шеварднадзе", "Э.А. Шеварднадзе", "Schewardnadse", "谢瓦尔德纳泽", "셰와르드나제", Soviet, SovForeignMinister, 1985, 1990, "Shevardnadze, Eduard Amvrosiyevich, 1928-2014"),
    p!("Abrasimov", "P. A. Abrasimov", "Абрасимов", "П.А. Абрасимов", "Abrassimow", "阿布拉西莫夫", "아브라씨모브", Soviet, SovAmbGdr, 1962, 1983, "Abrasimov, Pyotr Andreyevich, 1912-2009"),
    p!("Sudarikov", "N. G. Sudarikov", "Судариков", "Н.Г. Судариков", "Sudarikow", "苏达利科夫", "수다리꼬브", Soviet, SovCounselor, 1955, 1965, "Sudarikov, N. G."),
    p!("Mao Zedong", "Mao Zedong", "Мао Цзэдун", "Мао Цзэдун", "Mao Tse-tung", "毛泽东", "모택동", Chinese, CnChairman, 1945, 1976, "Mao, Zedong, 1893-1976"),
    p!("Zhou Enlai", "Zhou Enlai", "Чжоу Эньлай", "Чжоу Эньлай", "Tschou En-lai", "周恩来", "주은래", Chinese, CnPremier, 1949, 1976, "Zhou, Enlai, 1898-1976"),
    p!("Liu Shaoqi", "Liu Shaoqi", "Лю Шаоци", "Лю Шаоци", "Liu Schao-tschi", "刘少奇", "류소기", Chinese, CnViceChairman, 1949, 1966, "Liu, Shaoqi, 1898-1969"),
    p!("Deng Xiaoping", "Deng Xiaoping", "Дэн Сяопин", "Дэн Сяопин", "Deng Hsiao-ping", "邓小平", "등소평", Chinese, CnGeneralSecretary, 1954, 1989, "Deng, Xiaoping, 1904-1997"),
    p!("Peng Dehuai", "Peng Dehuai", "Пэн Дэхуай", "Пэн Дэхуай", "Peng Te-huai", "彭德怀", "팽덕회", Chinese, CnDefense, 1950, 1959, "Peng, Dehuai, 1898-1974"),
    p!("Chen Yi", "Chen Yi", "Чэнь И", "Чэнь И", "Tschen Yi", "陈毅", "진의", Chinese, CnForeignMinister, 1958, 1971, "Chen, Yi, 1901-1972"),
    p!("Zhu De", "Zhu De", "Чжу Дэ", "Чжу Дэ", "Tschu Teh", "朱德", "주덕", Chinese, CnNpc, 1949, 1976, "Zhu, De, 1886-1976"),
    p!("Wang Jiaxiang", "Wang Jiaxiang", "Ван Цзясян", "Ван Цзясян", "Wang Tschia-hsiang", "王稼祥", "왕가상", Chinese, CnInternational, 1949, 1966, "Wang, Jiaxiang, 1906-1974"),
    p!("Liu Xiao", "Liu Xiao", "Лю Сяо", "Лю Сяо", "Liu Hsiao", "刘晓", "류효", Chinese, CnAmbUssr, 1955, 1962, "Liu, Xiao, 1908-1988"),
    p!("Qiao Guanhua", "Qiao Guanhua", "Цяо Гуаньхуа", "Цяо Гуаньхуа", "Tschiao Kuan-hua", "乔冠华", "교관화", Chinese, CnDeputyForeignMinister, 1964, 1976, "Qiao, Guanhua, 1913-1983"),
    p!("Ji Pengfei", "Ji Pengfei", "Цзи Пэнфэй", "Цзи Пэнфэй", "Dschi Peng-fei", "姬鹏飞", "희붕비", Chinese, CnDeputyForeignMinister, 1955, 1975, "Ji, Pengfei, 1910-2000"),
    p!("Kang Sheng", "Kang Sheng", "Кан Шэн", "Кан Шэн", "Kang Scheng", "康生", "강생", Chinese, CnSecretariat, 1956, 1975, "Kang, Sheng, 1898-1975"),
    p!("Hua Guofeng", "Hua Guofeng", "Хуа Гофэн", "Хуа Гофэн", "Hua Kuo-feng", "华国锋", "화국봉", Chinese, CnChairman, 1976, 1980, "Hua, Guofeng, 1921-2008"),
    p!("Qian Qichen", "Qian Qichen", "Цянь Цичэнь", "Цянь Цичэнь", "Qian Qichen", "钱其琛", "전기침", Chinese, CnForeignMinister, 1982, 1991, "Qian, Qichen, 1928-2017"),
    p!("Kim Il Sung", "Kim Il Sung", "Ким Ир Сен", "Ким Ир Сен", "Kim Il Sung", "金日成", "김일성", Korean, KoLeader, 1945, 1991, "Kim, Il Sung, 1912-1994"),
    p!("Choe Yong-geon", "Choe Yong-geon", "Цой Ен Ген", "Цой Ен Ген", "Tschoe Yong Gon", "崔庸健", "최용건", Korean, KoViceChairman, 1948, 1976, "Choe, Yong-geon, 1900-1976"),
    p!("Pak Hon-yong", "Pak Hon-yong", "Пак Хен Ен", "Пак Хен Ен", "Pak Hon Yong", "朴宪永", "박헌영", Korean, KoForeignMinister, 1945, 1953, "Pak, Hon-yong, 1900-1956"),
    p!("Nam Il", "Nam Il", "Нам Ир", "Нам Ир", "Nam Il", "南日", "남일", Korean, KoForeignMinister, 1953, 1976, "Nam, Il, 1913-1976"),
    p!("Kim Tu-bong", "Kim Tu-bong", "Ким Ду Бон", "Ким Ду Бон", "Kim Tu Bong", "金枓奉", "김두봉", Korean, KoPresidium, 1946, 1957, "Kim, Tu-bong"),
    p!("Pak Kum-chol", "Pak Kum-chol", "Пак Кым Чер", "Пак Кым Чер", "Pak Kum Tschol", "朴金喆", "박금철", Korean, KoViceChairman, 1956, 1967, "Pak, Kum-chol"),
    p!("Pak Song-chol", "Pak Song-chol", "Пак Сен Чер", "Пак Сен Чер", "Pak Song Tschol", "朴成哲", "박성철", Korean, KoForeignMinister, 1959, 1977, "Pak, Song-chol, 1913-2008"),
    p!("Kim Kwang-hyop", "Kim Kwang-hyop", "Ким Гван Хеп", "Ким Гван Хеп", "Kim Kwang Hyop", "金光侠", "김광협", Korean, KoDefense, 1956, 1970, "Kim, Kwang-hyop"),
    p!("Kim Jong Il", "Kim Jong Il", "Ким Чен Ир", "Ким Чен Ир", "Kim Jong Il", "金正日", "김정일", Korean, KoSecretary, 1980, 1991, "Kim, Jong Il, 1941-2011"),
    p!("Ri Ju-yeon", "Ri Ju-yeon", "Ли Дю Ен", "Ли Дю Ен", "Ri Tschu Yon", "李周渊", "리주연", Korean, KoTrade, 1950, 1962, "Ri, Ju-yeon"),
    p!("Pieck", "W. Pieck", "Пик", "В. Пик", "Pieck", "皮克", "피크", German, DePresident, 1945, 1960, "Pieck, Wilhelm, 1876-1960"),
    p!("Ulbricht", "W. Ulbricht", "Ульбрихт", "В. Ульбрихт", "Ulbricht", "乌布利希", "울브리히트", German, DeLeader, 1945, 1971, "Ulbricht, Walter, 1893-1973"),
    p!("Grotewohl", "O. Grotewohl", "Гротеволь", "О. Гротеволь", "Grotewohl", "格罗提渥", "그로테볼", German, DePremier, 1949, 1964, "Grotewohl, Otto, 1894-1964"),
    p!("Honecker", "E. Honecker", "Хонеккер", "Э. Хонеккер", "Honecker", "昂纳克", "호네커", German, DeSecretary, 1958, 1989, "Honecker, Erich, 1912-1994"),
    p!("Stoph", "W. Stoph", "Штоф", "В. Штоф", "Stoph", "斯多夫", "슈토프", German, DePremier, 1953, 1989, "Stoph, Willi, 1914-1999"),
    p!("Matern", "H. Matern", "Матерн", "Г. Матерн", "Matern", "马特恩", "마테른", German, DeControl, 1950, 1971, "Matern, Hermann, 1893-1971"),
    p!("Axen", "H. Axen", "Аксен", "Г. Аксен", "Axen", "阿克森", "악센", German, DeSecretary, 1966, 1989, "Axen, Hermann, 1916-1992"),
    p!("Winzer", "O. Winzer", "Винцер", "О. Винцер", "Winzer", "温策尔", "빈처", German, DeForeignMinister, 1965, 1975, "Winzer, Otto, 1902-1975"),
    p!("Fischer", "O. Fischer", "Фишер", "О. Фишер", "Fischer", "菲舍尔", "피셔", German, DeForeignMinister, 1975, 1990, "Fischer, Oskar, 1923-2020"),
    p!("Hager", "K. Hager", "Хагер", "К. Хагер", "Hager", "哈格尔", "하거", German, DeSecretary, 1963, 1989, "Hager, Kurt, 1912-1998"),
    p!("Mittag", "G. Mittag", "Миттаг", "Г. Миттаг", "Mittag", "米塔格", "미타크", German, DeSecretary, 1966, 1989, "Mittag, Günter, 1926-1994"),
    p!("Gomułka", "W. Gomułka", "Гомулка", "В. Гомулка", "Gomulka", "哥穆尔卡", "고무우까", Polish, PlLeader, 1956, 1970, "Gomułka, Władysław, 1905-1982"),
    p!("Cyrankiewicz", "J. Cyrankiewicz", "Циранкевич", "Ю. Циранкевич", "Cyrankiewicz", "西伦凯维兹", "찌란께비치", Polish, PlPremier, 1947, 1970, "Cyrankiewicz, Józef, 1911-1989"),
    p!("Rapacki", "A. Rapacki", "Рапацкий", "А. Рапацкий", "Rapacki", "拉帕茨基", "라빠쯔끼", Polish, PlForeignMinister, 1956, 1968, "Rapacki, Adam, 1909-1970"),
    p!("Gierek", "E. Gierek", "Герек", "Э. Герек", "Gierek", "盖莱克", "기에레크", Polish, PlLeader, 1970, 1980, "Gierek, Edward, 1913-2001"),
    p!("Jaruzelski", "W. Jaruzelski", "Ярузельский", "В. Ярузельский", "Jaruzelski", "雅鲁泽尔斯基", "야루젤스끼", Polish, PlLeader, 1981, 1989, "Jaruzelski, Wojciech, 1923-2014"),
    p!("Bierut", "B. Bierut", "Берут", "Б. Берут", "Bierut", "贝鲁特", "비에루뜨", Polish, PlLeader, 1945, 1956, "Bierut, Bolesław, 1892-1956"),
    p!("Dulles", "John Foster Dulles", "Даллес", "Дж. Ф. Даллес", "Dulles", "杜勒斯", "덜레스", American, UsSecretaryOfState, 1953, 1959, "Dulles, John Foster, 1888-1959"),
    p!("Eisenhower", "Dwight D. Eisenhower", "Эйзенхауэр", "Д. Эйзенхауэр", "Eisenhower", "艾森豪威尔", "아이젠하워", American, UsPresident, 1953, 1961, "Eisenhower, Dwight D. (Dwight David), 1890-1969"),
    p!("Kennedy", "John F. Kennedy", "Кеннеди", "Дж. Кеннеди", "Kennedy", "肯尼迪", "케네디", American, UsPresident, 1961, 1963, "Kennedy, John F. (John Fitzgerald), 1917-1963"),
    p!("Rusk", "Dean Rusk", "Раск", "Д. Раск", "Rusk", "腊斯克", "러스크", American, UsSecretaryOfState, 1961, 1969, "Rusk, Dean, 1909-1994"),
    p!("Thompson", "Llewellyn E. Thompson", "Томпсон", "Л. Томпсон", "Thompson", "汤普森", "톰슨", American, UsAmbUssr, 1957, 1969, "Thompson, Llewellyn E., 1904-1972"),
    p!("Bohlen", "Charles E. Bohlen", "Болен", "Ч. Болен", "Bohlen", "波伦", "볼렌", American, UsAmbUssr, 1953, 1957, "Bohlen, Charles E. (Charles Eustis), 1904-1974"),
    p!("Kissinger", "Henry Kissinger", "Киссинджер", "Г. Киссинджер", "Kissinger", "基辛格", "키신저", American, UsSecurityAdviser, 1969, 1977, "Kissinger, Henry, 1923-2023"),
    p!("Harriman", "W. Averell Harriman", "Гарриман", "А. Гарриман", "Harriman", "哈里曼", "해리먼", American, UsAmbUssr, 1945, 1969, "Harriman, W. Averell (William Averell), 1891-1986"),
    p!("Kohler", "Foy D. Kohler", "Колер", "Ф. Колер", "Kohler", "科勒", "콜러", American, UsDiplomat, 1958, 1966, "Kohler, Foy D., 1908-1990"),
    p!("Acheson", "Dean Acheson", "Ачесон", "Д. Ачесон", "Acheson", "艾奇逊", "애치슨", American, UsSecretaryOfState, 1947, 1953, "Acheson, Dean, 1893-1971"),
    p!("Vance", "Cyrus Vance", "Вэнс", "С. Вэнс", "Vance", "万斯", "밴스", American, UsSecretaryOfState, 1977, 1980, "Vance, Cyrus R., 1917-2002"),
    p!("Shultz", "George P. Shultz", "Шульц", "Дж. Шульц", "Shultz", "舒尔茨", "슐츠", American, UsSecretaryOfState, 1982, 1989, "Shultz, George P., 1920-2021"),
    p!("Baker", "James A. Baker", "Бейкер", "Дж. Бейкер", "Baker", "贝克", "베이커", American, UsSecretaryOfState, 1989, 1991, "Baker, James A. (James Addison), 1930-"),
];

/// Clerks who recorded conversations, in the five languages, by side.
pub(crate) fn recorders(side: Side) -> &'static [Tr] {
    match side {
        Side::Soviet | Side::Polish => &[
            ["O. Rakhmanov", "О. Рахманов", "O. Rachmanow", "拉赫曼诺夫", "라흐마노브"],
            ["I. Shcherbakov", "И. Щербаков", "I. Schtscherbakow", "谢尔巴科夫", "셰르바꼬브"],
            ["V. Kurdyukov", "В. Курдюков", "W. Kurdjukow", "库尔久科夫", "꾸르듀꼬브"],
            ["A. Lazarev", "А. Лазарев", "A. Lasarew", "拉扎列夫", "라자레브"],
            ["S. Filatov", "С. Филатов", "S. Filatow", "菲拉托夫", "필라또브"],
            ["G. Samsonov", "Г. Самсонов", "G. Samsonow", "萨姆索诺夫", "삼소노브"],
            ["N. Belousova", "Н. Белоусова", "N. Beloussowa", "别洛乌索娃", "벨로우소바"],
        ],
        Side::German => &[
            ["H. Krüger", "Г. Крюгер", "H. Krüger", "克吕格尔", "크뤼거"],
            ["K. Seidel", "К. Зайдель", "K. Seidel", "赛德尔", "자이델"],
            ["G. Lämmel", "Г. Леммель", "G. Lämmel", "莱梅尔", "레멜"],
        ],
        Side::Chinese => &[
            ["Li Yueran", "Ли Юэжань", "Li Yüe-jan", "李越然", "리월연"],
            ["Yan Mingfu", "Янь Минфу", "Yen Ming-fu", "阎明复", "염명복"],
            ["Zhu Ruizhen", "Чжу Жуйчжэнь", "Tschu Jui-tschen", "朱瑞真", "주서진"],
        ],
        Side::Korean => &[
            ["Ri Sang-jo", "Ли Сан Чо", "Ri Sang Jo", "李相朝", "리상조"],
            ["Kim Hyong-nam", "Ким Хен Нам", "Kim Hyong Nam", "金亨南", "김형남"],
            ["Jo Myong-sik", "Чо Мен Сик", "Tscho Myong Sik", "赵明植", "조명식"],
        ],
        Side::American => &[
            ["W. Krimer", "В. Кример", "W. Krimer", "克里默", "크리머"],
            ["R. Hansen", "Р. Хансен", "R. Hansen", "汉森", "한센"],
            ["J. Donnelly", "Дж. Доннелли", "J. Donnelly", "唐纳利", "도넬리"],
        ],
    }
}

/// Translators of the archive (invented names).
pub(crate) const TRANSLATORS: &[&str] = &[
    "Oliver Crane",
    "Natalia Petrova",
    "Helen Marsh",
    "Daniel Rohde",
    "Lin Shu",
    "Park Min-jae",
    "Eva Lindqvist",
    "Robert Hale",
    "Julia Sommer",
    "Yuri Shaw",
    "Ming Zhao",
    "Grace Kwon",
    "Martin Albers",
    "Irene Vasquez",
    "Paul Whitcombe",
    "Sophie Wendt",
];
