//! Phrase tables: parallel sentences in English, Russian, German, Chinese and
//! Korean, and the noun phrases that fill their slots.
//!
//! A sentence template holds slots in braces. The first letter names the slot:
//!
//! - `T` a topic, `G` goods, `C` a city, `P` a person mentioned with the form
//!   of address of their side;
//! - `N` a quantity (20-900, in thousands), `M` the same in tens of
//!   thousands (for Chinese 万 and Korean 만), `Q` a plan percentage (90-115), `R` a growth
//!   percentage (5-15), `W` a small count (5-12), `Y` a year.
//!
//! What follows the letter selects a case form in Russian (`g` genitive, `a`
//! accusative, `p` the prepositional phrase with "о"/"об") and German (`a`
//! accusative, `d` dative), or spells a Korean particle in its after-consonant
//! form (`{T을}`, `{C으로}`), which is adjusted to the word. In English
//! templates `{+it}` is a word the translator supplies, printed as `[it]` or
//! `it`. Sentences never hold " - " or a colon, so that no line of running
//! text looks like a speaker label to a reader.

use crate::lang::Tr;

/// A noun phrase that can be talked about, with the case forms the templates use.
pub(crate) struct Topic {
    pub en: &'static str,
    /// Nominative, genitive, accusative, and the prepositional phrase ("о ...").
    pub ru: [&'static str; 4],
    /// Nominative, accusative, dative, each with its article.
    pub de: [&'static str; 3],
    pub zh: &'static str,
    pub ko: &'static str,
    /// The years in which the topic is current.
    pub from: i32,
    pub to: i32,
}

macro_rules! topic {
    ($en:expr, [$r0:expr, $r1:expr, $r2:expr, $r3:expr], [$d0:expr, $d1:expr, $d2:expr], $zh:expr, $ko:expr) => {
        topic!(
            $en,
            [$r0, $r1, $r2, $r3],
            [$d0, $d1, $d2],
            $zh,
            $ko,
            1945,
            1991
        )
    };
    ($en:expr, [$r0:expr, $r1:expr, $r2:expr, $r3:expr], [$d0:expr, $d1:expr, $d2:expr], $zh:expr, $ko:expr, $from:expr, $to:expr) => {
        Topic {
            en: $en,
            ru: [$r0, $r1, $r2, $r3],
            de: [$d0, $d1, $d2],
            zh: $zh,
            ko: $ko,
            from: $from,
            to: $to,
        }
    };
}

pub(crate) static TOPICS: &[Topic] = &[
    topic!(
        "the grain deliveries",
        [
            "поставки зерна",
            "поставок зерна",
            "поставки зерна",
            "о поставках зерна"
        ],
        [
            "die Getreidelieferungen",
            "die Getreidelieferungen",
            "den Getreidelieferungen"
        ],
        "粮食供应问题",
        "알곡 공급 문제"
    ),
    topic!(
        "the situation on the border",
        [
            "положение на границе",
            "положения на границе",
            "положение на границе",
            "о положении на границе"
        ],
        [
            "die Lage an der Grenze",
            "die Lage an der Grenze",
            "der Lage an der Grenze"
        ],
        "边境局势",
        "국경 정세"
    ),
    topic!(
        "the work of the Soviet specialists",
        [
            "работа советских специалистов",
            "работы советских специалистов",
            "работу советских специалистов",
            "о работе советских специалистов"
        ],
        [
            "die Arbeit der sowjetischen Spezialisten",
            "die Arbeit der sowjetischen Spezialisten",
            "der Arbeit der sowjetischen Spezialisten"
        ],
        "苏联专家的工作",
        "쏘련 전문가들의 사업",
        1949,
        1960
    ),
    topic!(
        "the trade protocol for next year",
        [
            "торговый протокол на следующий год",
            "торгового протокола на следующий год",
            "торговый протокол на следующий год",
            "о торговом протоколе на следующий год"
        ],
        [
            "das Handelsprotokoll für das nächste Jahr",
            "das Handelsprotokoll für das nächste Jahr",
            "dem Handelsprotokoll für das nächste Jahr"
        ],
        "明年的贸易议定书",
        "다음 해 무역 의정서"
    ),
    topic!(
        "the preparation of the party congress",
        [
            "подготовка съезда партии",
            "подготовки съезда партии",
            "подготовку съезда партии",
            "о подготовке съезда партии"
        ],
        [
            "die Vorbereitung des Parteitages",
            "die Vorbereitung des Parteitages",
            "der Vorbereitung des Parteitages"
        ],
        "党代表大会的筹备工作",
        "당대회 준비 사업"
    ),
    topic!(
        "the decisions of the plenum",
        [
            "решения пленума",
            "решений пленума",
            "решения пленума",
            "о решениях пленума"
        ],
        [
            "die Beschlüsse des Plenums",
            "die Beschlüsse des Plenums",
            "den Beschlüssen des Plenums"
        ],
        "全会的决议",
        "전원회의 결정"
    ),
    topic!(
        "the cult of personality",
        [
            "культ личности",
            "культа личности",
            "культ личности",
            "о культе личности"
        ],
        ["der Personenkult", "den Personenkult", "dem Personenkult"],
        "个人崇拜问题",
        "개인숭배 문제",
        1953,
        1965
    ),
    topic!(
        "the withdrawal of the Chinese People's Volunteers",
        [
            "вывод китайских народных добровольцев",
            "вывода китайских народных добровольцев",
            "вывод китайских народных добровольцев",
            "о выводе китайских народных добровольцев"
        ],
        [
            "der Abzug der chinesischen Volksfreiwilligen",
            "den Abzug der chinesischen Volksfreiwilligen",
            "dem Abzug der chinesischen Volksfreiwilligen"
        ],
        "中国人民志愿军撤军问题",
        "중국인민지원군 철수 문제",
        1953,
        1958
    ),
    topic!(
        "the restoration of the national economy",
        [
            "восстановление народного хозяйства",
            "восстановления народного хозяйства",
            "восстановление народного хозяйства",
            "о восстановлении народного хозяйства"
        ],
        [
            "der Wiederaufbau der Volkswirtschaft",
            "den Wiederaufbau der Volkswirtschaft",
            "dem Wiederaufbau der Volkswirtschaft"
        ],
        "国民经济的恢复",
        "인민경제 복구",
        1945,
        1960
    ),
    topic!(
        "the five-year plan",
        [
            "пятилетний план",
            "пятилетнего плана",
            "пятилетний план",
            "о пятилетнем плане"
        ],
        ["der Fünfjahrplan", "den Fünfjahrplan", "dem Fünfjahrplan"],
        "五年计划",
        "5개년 계획"
    ),
    topic!(
        "the German question",
        [
            "германский вопрос",
            "германского вопроса",
            "германский вопрос",
            "о германском вопросе"
        ],
        [
            "die deutsche Frage",
            "die deutsche Frage",
            "der deutschen Frage"
        ],
        "德国问题",
        "독일 문제"
    ),
    topic!(
        "the peace treaty with Germany",
        [
            "мирный договор с Германией",
            "мирного договора с Германией",
            "мирный договор с Германией",
            "о мирном договоре с Германией"
        ],
        [
            "der Friedensvertrag mit Deutschland",
            "den Friedensvertrag mit Deutschland",
            "dem Friedensvertrag mit Deutschland"
        ],
        "对德和约",
        "독일과의 평화조약",
        1952,
        1971
    ),
    topic!(
        "the situation in West Berlin",
        [
            "положение в Западном Берлине",
            "положения в Западном Берлине",
            "положение в Западном Берлине",
            "о положении в Западном Берлине"
        ],
        [
            "die Lage in Westberlin",
            "die Lage in Westberlin",
            "der Lage in Westberlin"
        ],
        "西柏林局势",
        "서베를린 정세",
        1948,
        1989
    ),
    topic!(
        "the Taiwan question",
        [
            "тайваньский вопрос",
            "тайваньского вопроса",
            "тайваньский вопрос",
            "о тайваньском вопросе"
        ],
        ["die Taiwanfrage", "die Taiwanfrage", "der Taiwanfrage"],
        "台湾问题",
        "대만 문제",
        1949,
        1991
    ),
    topic!(
        "the restoration of the rights of the PRC in the United Nations",
        [
            "восстановление прав КНР в ООН",
            "восстановления прав КНР в ООН",
            "восстановление прав КНР в ООН",
            "о восстановлении прав КНР в ООН"
        ],
        [
            "die Wiederherstellung der Rechte der VR China in der UNO",
            "die Wiederherstellung der Rechte der VR China in der UNO",
            "der Wiederherstellung der Rechte der VR China in der UNO"
        ],
        "恢复中国在联合国的合法席位问题",
        "유엔에서 중국의 합법적 지위 회복 문제",
        1950,
        1971
    ),
    topic!(
        "the armistice negotiations",
        [
            "переговоры о перемирии",
            "переговоров о перемирии",
            "переговоры о перемирии",
            "о переговорах о перемирии"
        ],
        [
            "die Waffenstillstandsverhandlungen",
            "die Waffenstillstandsverhandlungen",
            "den Waffenstillstandsverhandlungen"
        ],
        "停战谈判",
        "정전 담판",
        1951,
        1953
    ),
    topic!(
        "the peaceful unification of Korea",
        [
            "мирное объединение Кореи",
            "мирного объединения Кореи",
            "мирное объединение Кореи",
            "о мирном объединении Кореи"
        ],
        [
            "die friedliche Vereinigung Koreas",
            "die friedliche Vereinigung Koreas",
            "der friedlichen Vereinigung Koreas"
        ],
        "朝鲜和平统一问题",
        "조국의 평화적 통일 문제"
    ),
    topic!(
        "the Geneva conference",
        [
            "Женевское совещание",
            "Женевского совещания",
            "Женевское совещание",
            "о Женевском совещании"
        ],
        [
            "die Genfer Konferenz",
            "die Genfer Konferenz",
            "der Genfer Konferenz"
        ],
        "日内瓦会议",
        "제네바 회의",
        1954,
        1955
    ),
    topic!(
        "the situation in Hungary",
        [
            "положение в Венгрии",
            "положения в Венгрии",
            "положение в Венгрии",
            "о положении в Венгрии"
        ],
        [
            "die Lage in Ungarn",
            "die Lage in Ungarn",
            "der Lage in Ungarn"
        ],
        "匈牙利局势",
        "웽그리야 정세",
        1956,
        1958
    ),
    topic!(
        "the events in Poland",
        [
            "события в Польше",
            "событий в Польше",
            "события в Польше",
            "о событиях в Польше"
        ],
        [
            "die Ereignisse in Polen",
            "die Ereignisse in Polen",
            "den Ereignissen in Polen"
        ],
        "波兰事件",
        "뽈스까 사태",
        1956,
        1982
    ),
    topic!(
        "the construction of the hydroelectric power station",
        [
            "строительство гидроэлектростанции",
            "строительства гидроэлектростанции",
            "строительство гидроэлектростанции",
            "о строительстве гидроэлектростанции"
        ],
        [
            "der Bau des Wasserkraftwerkes",
            "den Bau des Wasserkraftwerkes",
            "dem Bau des Wasserkraftwerkes"
        ],
        "水电站的建设",
        "수력발전소 건설"
    ),
    topic!(
        "the credit agreement",
        [
            "кредитное соглашение",
            "кредитного соглашения",
            "кредитное соглашение",
            "о кредитном соглашении"
        ],
        [
            "das Kreditabkommen",
            "das Kreditabkommen",
            "dem Kreditabkommen"
        ],
        "贷款协定",
        "차관 협정"
    ),
    topic!(
        "the training of national cadres",
        [
            "подготовка национальных кадров",
            "подготовки национальных кадров",
            "подготовку национальных кадров",
            "о подготовке национальных кадров"
        ],
        [
            "die Ausbildung nationaler Kader",
            "die Ausbildung nationaler Kader",
            "der Ausbildung nationaler Kader"
        ],
        "民族干部的培养",
        "민족 간부 양성"
    ),
    topic!(
        "the situation in agriculture",
        [
            "положение в сельском хозяйстве",
            "положения в сельском хозяйстве",
            "положение в сельском хозяйстве",
            "о положении в сельском хозяйстве"
        ],
        [
            "die Lage in der Landwirtschaft",
            "die Lage in der Landwirtschaft",
            "der Lage in der Landwirtschaft"
        ],
        "农业形势",
        "농업 형편"
    ),
    topic!(
        "the collectivization of agriculture",
        [
            "коллективизация сельского хозяйства",
            "коллективизации сельского хозяйства",
            "коллективизацию сельского хозяйства",
            "о коллективизации сельского хозяйства"
        ],
        [
            "die Kollektivierung der Landwirtschaft",
            "die Kollektivierung der Landwirtschaft",
            "der Kollektivierung der Landwirtschaft"
        ],
        "农业合作化",
        "농업 협동화",
        1949,
        1962
    ),
    topic!(
        "the supply of the population",
        [
            "снабжение населения",
            "снабжения населения",
            "снабжение населения",
            "о снабжении населения"
        ],
        [
            "die Versorgung der Bevölkerung",
            "die Versorgung der Bevölkerung",
            "der Versorgung der Bevölkerung"
        ],
        "居民的供应",
        "주민 공급 사업"
    ),
    topic!(
        "the international communist movement",
        [
            "международное коммунистическое движение",
            "международного коммунистического движения",
            "международное коммунистическое движение",
            "о международном коммунистическом движении"
        ],
        [
            "die internationale kommunistische Bewegung",
            "die internationale kommunistische Bewegung",
            "der internationalen kommunistischen Bewegung"
        ],
        "国际共产主义运动",
        "국제공산주의운동"
    ),
    topic!(
        "the conference of the communist parties",
        [
            "совещание коммунистических партий",
            "совещания коммунистических партий",
            "совещание коммунистических партий",
            "о совещании коммунистических партий"
        ],
        [
            "die Beratung der kommunistischen Parteien",
            "die Beratung der kommunistischen Parteien",
            "der Beratung der kommunistischen Parteien"
        ],
        "共产党和工人党会议",
        "공산당 및 로동당 회의",
        1957,
        1969
    ),
    topic!(
        "the problem of disarmament",
        [
            "проблема разоружения",
            "проблемы разоружения",
            "проблему разоружения",
            "о проблеме разоружения"
        ],
        [
            "die Abrüstungsfrage",
            "die Abrüstungsfrage",
            "der Abrüstungsfrage"
        ],
        "裁军问题",
        "군축 문제"
    ),
    topic!(
        "the ban on nuclear tests",
        [
            "запрещение ядерных испытаний",
            "запрещения ядерных испытаний",
            "запрещение ядерных испытаний",
            "о запрещении ядерных испытаний"
        ],
        [
            "das Verbot der Kernwaffenversuche",
            "das Verbot der Kernwaffenversuche",
            "dem Verbot der Kernwaffenversuche"
        ],
        "禁止核试验问题",
        "핵시험 금지 문제",
        1955,
        1991
    ),
    topic!(
        "the exchange of delegations",
        [
            "обмен делегациями",
            "обмена делегациями",
            "обмен делегациями",
            "об обмене делегациями"
        ],
        [
            "der Austausch von Delegationen",
            "den Austausch von Delegationen",
            "dem Austausch von Delegationen"
        ],
        "互派代表团问题",
        "대표단 교환 문제"
    ),
    topic!(
        "the repatriation of citizens",
        [
            "репатриация граждан",
            "репатриации граждан",
            "репатриацию граждан",
            "о репатриации граждан"
        ],
        [
            "die Repatriierung der Bürger",
            "die Repatriierung der Bürger",
            "der Repatriierung der Bürger"
        ],
        "侨民遣返问题",
        "공민 송환 문제"
    ),
    topic!(
        "the situation in the Taiwan Strait",
        [
            "положение в Тайваньском проливе",
            "положения в Тайваньском проливе",
            "положение в Тайваньском проливе",
            "о положении в Тайваньском проливе"
        ],
        [
            "die Lage in der Taiwanstraße",
            "die Lage in der Taiwanstraße",
            "der Lage in der Taiwanstraße"
        ],
        "台湾海峡局势",
        "대만해협 정세",
        1954,
        1962
    ),
    topic!(
        "the Sino-Indian border conflict",
        [
            "китайско-индийский пограничный конфликт",
            "китайско-индийского пограничного конфликта",
            "китайско-индийский пограничный конфликт",
            "о китайско-индийском пограничном конфликте"
        ],
        [
            "der chinesisch-indische Grenzkonflikt",
            "den chinesisch-indischen Grenzkonflikt",
            "dem chinesisch-indischen Grenzkonflikt"
        ],
        "中印边界冲突",
        "중국-인디아 국경 충돌",
        1959,
        1963
    ),
    topic!(
        "the situation in Vietnam",
        [
            "положение во Вьетнаме",
            "положения во Вьетнаме",
            "положение во Вьетнаме",
            "о положении во Вьетнаме"
        ],
        [
            "die Lage in Vietnam",
            "die Lage in Vietnam",
            "der Lage in Vietnam"
        ],
        "越南局势",
        "윁남 정세",
        1954,
        1979
    ),
    topic!(
        "the deliveries of military equipment",
        [
            "поставки военной техники",
            "поставок военной техники",
            "поставки военной техники",
            "о поставках военной техники"
        ],
        [
            "die Lieferungen von Militärtechnik",
            "die Lieferungen von Militärtechnik",
            "den Lieferungen von Militärtechnik"
        ],
        "军事装备的供应",
        "군사 장비 공급"
    ),
    topic!(
        "the border negotiations",
        [
            "переговоры по пограничным вопросам",
            "переговоров по пограничным вопросам",
            "переговоры по пограничным вопросам",
            "о переговорах по пограничным вопросам"
        ],
        [
            "die Grenzverhandlungen",
            "die Grenzverhandlungen",
            "den Grenzverhandlungen"
        ],
        "边界谈判",
        "국경 담판",
        1964,
        1991
    ),
    topic!(
        "the ideological work of the party",
        [
            "идеологическая работа партии",
            "идеологической работы партии",
            "идеологическую работу партии",
            "об идеологической работе партии"
        ],
        [
            "die ideologische Arbeit der Partei",
            "die ideologische Arbeit der Partei",
            "der ideologischen Arbeit der Partei"
        ],
        "党的思想工作",
        "당의 사상 사업"
    ),
    topic!(
        "the situation in the party leadership",
        [
            "положение в руководстве партии",
            "положения в руководстве партии",
            "положение в руководстве партии",
            "о положении в руководстве партии"
        ],
        [
            "die Lage in der Parteiführung",
            "die Lage in der Parteiführung",
            "der Lage in der Parteiführung"
        ],
        "党的领导层的情况",
        "당 지도부의 형편"
    ),
    topic!(
        "the oil deliveries",
        [
            "поставки нефти",
            "поставок нефти",
            "поставки нефти",
            "о поставках нефти"
        ],
        [
            "die Erdöllieferungen",
            "die Erdöllieferungen",
            "den Erdöllieferungen"
        ],
        "石油供应",
        "원유 공급"
    ),
    topic!(
        "the construction of the railway",
        [
            "строительство железной дороги",
            "строительства железной дороги",
            "строительство железной дороги",
            "о строительстве железной дороги"
        ],
        [
            "der Bau der Eisenbahn",
            "den Bau der Eisenbahn",
            "dem Bau der Eisenbahn"
        ],
        "铁路的修建",
        "철도 건설"
    ),
    topic!(
        "the scientific and technical cooperation",
        [
            "научно-техническое сотрудничество",
            "научно-технического сотрудничества",
            "научно-техническое сотрудничество",
            "о научно-техническом сотрудничестве"
        ],
        [
            "die wissenschaftlich-technische Zusammenarbeit",
            "die wissenschaftlich-technische Zusammenarbeit",
            "der wissenschaftlich-technischen Zusammenarbeit"
        ],
        "科学技术合作",
        "과학기술 협조"
    ),
    topic!(
        "the Warsaw Pact",
        [
            "Варшавский договор",
            "Варшавского договора",
            "Варшавский договор",
            "о Варшавском договоре"
        ],
        [
            "der Warschauer Vertrag",
            "den Warschauer Vertrag",
            "dem Warschauer Vertrag"
        ],
        "华沙条约",
        "와르샤와 조약",
        1955,
        1991
    ),
    topic!(
        "the activity of the opposition group",
        [
            "деятельность оппозиционной группы",
            "деятельности оппозиционной группы",
            "деятельность оппозиционной группы",
            "о деятельности оппозиционной группы"
        ],
        [
            "die Tätigkeit der oppositionellen Gruppe",
            "die Tätigkeit der oppositionellen Gruppe",
            "der Tätigkeit der oppositionellen Gruppe"
        ],
        "反对派集团的活动",
        "반당 종파 분자들의 활동"
    ),
    topic!(
        "the housing construction",
        [
            "жилищное строительство",
            "жилищного строительства",
            "жилищное строительство",
            "о жилищном строительстве"
        ],
        ["der Wohnungsbau", "den Wohnungsbau", "dem Wohnungsbau"],
        "住宅建设",
        "살림집 건설"
    ),
    topic!(
        "the situation in the Middle East",
        [
            "положение на Ближнем Востоке",
            "положения на Ближнем Востоке",
            "положение на Ближнем Востоке",
            "о положении на Ближнем Востоке"
        ],
        [
            "die Lage im Nahen Osten",
            "die Lage im Nahen Osten",
            "der Lage im Nahen Osten"
        ],
        "中东局势",
        "중동 정세"
    ),
    topic!(
        "the Cuban question",
        [
            "кубинский вопрос",
            "кубинского вопроса",
            "кубинский вопрос",
            "о кубинском вопросе"
        ],
        ["die Kubafrage", "die Kubafrage", "der Kubafrage"],
        "古巴问题",
        "꾸바 문제",
        1959,
        1991
    ),
    topic!(
        "the reduction of the armed forces",
        [
            "сокращение вооруженных сил",
            "сокращения вооруженных сил",
            "сокращение вооруженных сил",
            "о сокращении вооруженных сил"
        ],
        [
            "die Reduzierung der Streitkräfte",
            "die Reduzierung der Streitkräfte",
            "der Reduzierung der Streitkräfte"
        ],
        "裁减武装力量",
        "무력 축소"
    ),
    topic!(
        "the fishing agreement",
        [
            "соглашение о рыболовстве",
            "соглашения о рыболовстве",
            "соглашение о рыболовстве",
            "о соглашении о рыболовстве"
        ],
        [
            "das Fischereiabkommen",
            "das Fischereiabkommen",
            "dem Fischereiabkommen"
        ],
        "渔业协定",
        "어업 협정"
    ),
    topic!(
        "the economic reform",
        [
            "экономическая реформа",
            "экономической реформы",
            "экономическую реформу",
            "об экономической реформе"
        ],
        [
            "die Wirtschaftsreform",
            "die Wirtschaftsreform",
            "der Wirtschaftsreform"
        ],
        "经济改革",
        "경제 개혁",
        1962,
        1991
    ),
    topic!(
        "the situation in Afghanistan",
        [
            "положение в Афганистане",
            "положения в Афганистане",
            "положение в Афганистане",
            "о положении в Афганистане"
        ],
        [
            "die Lage in Afghanistan",
            "die Lage in Afghanistan",
            "der Lage in Afghanistan"
        ],
        "阿富汗局势",
        "아프가니스탄 정세",
        1978,
        1991
    ),
    topic!(
        "the repayment of the debt",
        [
            "погашение задолженности",
            "погашения задолженности",
            "погашение задолженности",
            "о погашении задолженности"
        ],
        [
            "die Tilgung der Schulden",
            "die Tilgung der Schulden",
            "der Tilgung der Schulden"
        ],
        "偿还债务问题",
        "채무 상환 문제"
    ),
    topic!(
        "the education of the youth",
        [
            "воспитание молодежи",
            "воспитания молодежи",
            "воспитание молодежи",
            "о воспитании молодежи"
        ],
        [
            "die Erziehung der Jugend",
            "die Erziehung der Jugend",
            "der Erziehung der Jugend"
        ],
        "青年的教育",
        "청년 교양"
    ),
    topic!(
        "the rebuilding of the bridge across the Yalu",
        [
            "восстановление моста через Ялу",
            "восстановления моста через Ялу",
            "восстановление моста через Ялу",
            "о восстановлении моста через Ялу"
        ],
        [
            "der Wiederaufbau der Brücke über den Yalu",
            "den Wiederaufbau der Brücke über den Yalu",
            "dem Wiederaufbau der Brücke über den Yalu"
        ],
        "鸭绿江大桥的修复",
        "압록강 다리 복구",
        1953,
        1960
    ),
    topic!(
        "the joint communiqué",
        [
            "совместное коммюнике",
            "совместного коммюнике",
            "совместное коммюнике",
            "о совместном коммюнике"
        ],
        [
            "das gemeinsame Kommuniqué",
            "das gemeinsame Kommuniqué",
            "dem gemeinsamen Kommuniqué"
        ],
        "联合公报",
        "공동 콤뮤니케"
    ),
];

/// Goods: English, Russian genitive, German, Chinese, Korean.
pub(crate) const GOODS: &[Tr] = &[
    ["grain", "зерна", "Getreide", "粮食", "알곡"],
    ["wheat", "пшеницы", "Weizen", "小麦", "밀"],
    ["coal", "угля", "Kohle", "煤炭", "석탄"],
    ["oil", "нефти", "Erdöl", "石油", "원유"],
    ["rolled steel", "проката", "Walzstahl", "钢材", "압연강재"],
    ["cotton", "хлопка", "Baumwolle", "棉花", "면화"],
    ["rice", "риса", "Reis", "大米", "쌀"],
    ["fertilizer", "удобрений", "Düngemittel", "化肥", "비료"],
    ["cement", "цемента", "Zement", "水泥", "세멘트"],
    ["meat", "мяса", "Fleisch", "肉类", "고기"],
    ["copper", "меди", "Kupfer", "铜", "동"],
    ["sugar", "сахара", "Zucker", "糖", "사탕가루"],
    ["timber", "леса", "Holz", "木材", "목재"],
];

/// A city with the Russian case forms the templates use.
pub(crate) struct City {
    pub en: &'static str,
    /// Prepositional (after "в"), accusative (after "в" of direction), genitive.
    pub ru: [&'static str; 3],
    pub de: &'static str,
    pub zh: &'static str,
    pub ko: &'static str,
}

impl City {
    /// The nominative, as a dateline writes it ("Москва, 3 марта 1958 г.").
    pub(crate) fn nominative_ru(&self) -> String {
        match self.ru[1].strip_suffix('у') {
            Some(stem) => format!("{stem}а"),
            None => self.ru[1].to_string(),
        }
    }
}

macro_rules! city {
    ($en:expr, $p:expr, $a:expr, $g:expr, $de:expr, $zh:expr, $ko:expr) => {
        City {
            en: $en,
            ru: [$p, $a, $g],
            de: $de,
            zh: $zh,
            ko: $ko,
        }
    };
}

/// Cities; the first five and the last are the capitals of the sides.
pub(crate) static CITIES: &[City] = &[
    city!(
        "Moscow",
        "Москве",
        "Москву",
        "Москвы",
        "Moskau",
        "莫斯科",
        "모스크바"
    ),
    city!(
        "Beijing",
        "Пекине",
        "Пекин",
        "Пекина",
        "Peking",
        "北京",
        "북경"
    ),
    city!(
        "Pyongyang",
        "Пхеньяне",
        "Пхеньян",
        "Пхеньяна",
        "Pjöngjang",
        "平壤",
        "평양"
    ),
    city!(
        "Berlin",
        "Берлине",
        "Берлин",
        "Берлина",
        "Berlin",
        "柏林",
        "베를린"
    ),
    city!(
        "Warsaw",
        "Варшаве",
        "Варшаву",
        "Варшавы",
        "Warschau",
        "华沙",
        "와르샤와"
    ),
    city!(
        "Shanghai",
        "Шанхае",
        "Шанхай",
        "Шанхая",
        "Schanghai",
        "上海",
        "상해"
    ),
    city!(
        "Leningrad",
        "Ленинграде",
        "Ленинград",
        "Ленинграда",
        "Leningrad",
        "列宁格勒",
        "레닌그라드"
    ),
    city!("Wuhan", "Ухане", "Ухань", "Уханя", "Wuhan", "武汉", "무한"),
    city!(
        "Sinuiju",
        "Синыйджу",
        "Синыйджу",
        "Синыйджу",
        "Sinuiju",
        "新义州",
        "신의주"
    ),
    city!(
        "Leipzig",
        "Лейпциге",
        "Лейпциг",
        "Лейпцига",
        "Leipzig",
        "莱比锡",
        "라이프치히"
    ),
    city!(
        "Dresden",
        "Дрездене",
        "Дрезден",
        "Дрездена",
        "Dresden",
        "德累斯顿",
        "드레스덴"
    ),
    city!(
        "Kaesong",
        "Кэсоне",
        "Кэсон",
        "Кэсона",
        "Kaesong",
        "开城",
        "개성"
    ),
    city!(
        "Harbin",
        "Харбине",
        "Харбин",
        "Харбина",
        "Harbin",
        "哈尔滨",
        "할빈"
    ),
    city!(
        "Hamhung",
        "Хамхыне",
        "Хамхын",
        "Хамхына",
        "Hamhung",
        "咸兴",
        "함흥"
    ),
    city!(
        "Rostock",
        "Ростоке",
        "Росток",
        "Ростока",
        "Rostock",
        "罗斯托克",
        "로스토크"
    ),
    city!(
        "Washington",
        "Вашингтоне",
        "Вашингтон",
        "Вашингтона",
        "Washington",
        "华盛顿",
        "워싱톤"
    ),
    city!("Kiev", "Киеве", "Киев", "Киева", "Kiew", "基辅", "끼예브"),
    city!(
        "Dalian",
        "Дальнем",
        "Дальний",
        "Дальнего",
        "Dalni",
        "大连",
        "대련"
    ),
];

/// Statements a speaker makes in a conversation or a minuted discussion.
pub(crate) const STATEMENTS: &[Tr] = &[
    ["We have carefully studied {T} and will give an answer soon.", "Мы внимательно изучили {Ta} и вскоре дадим ответ.", "Wir haben {Ta} sorgfältig geprüft und werden bald eine Antwort geben.", "我们认真研究了{T}，不久将给予答复。", "우리는 {T을} 면밀히 검토하였으며 곧 회답을 주겠습니다."],
    ["Our government attaches great importance to {T}.", "Наше правительство придает большое значение вопросу {Tp}.", "Unsere Regierung misst {Td} große Bedeutung bei.", "我国政府十分重视{T}。", "우리 정부는 {T에} 큰 의의를 부여합니다."],
    ["Our side is ready to discuss {T} in detail.", "Наша сторона готова подробно обсудить {Ta}.", "Unsere Seite ist bereit, {Ta} ausführlich zu erörtern.", "我方愿意详细讨论{T}。", "우리 측은 {T을} 상세히 토의할 용의가 있습니다."],
    ["I would like to inform you about {T}.", "Я хотел бы проинформировать вас {Tp}.", "Ich möchte Sie über {Ta} informieren.", "我想向您通报一下{T}。", "{T에} 대하여 알려 드리고자 합니다."],
    ["In our opinion, {T} requires patience and a careful approach.", "По нашему мнению, вопрос {Tp} требует терпения и осторожного подхода.", "In Bezug auf {Ta} sind nach unserer Meinung Geduld und ein behutsames Vorgehen notwendig.", "我们认为，{T}需要耐心和慎重的态度。", "우리가 보건대 {T에서는} 인내성과 신중한 태도가 필요합니다."],
    ["We consider it necessary to return to {T} at the next meeting.", "Мы считаем необходимым вернуться к вопросу {Tp} на следующей встрече.", "Wir halten es für notwendig, bei der nächsten Begegnung auf {Ta} zurückzukommen.", "我们认为有必要在下次会见时再谈{T}。", "다음 회담에서 {T을} 다시 론의할 필요가 있다고 봅니다."],
    ["The Central Committee discussed {T} at its last plenum.", "Центральный Комитет обсуждал вопрос {Tp} на последнем пленуме.", "Das Zentralkomitee hat auf seinem letzten Plenum über {Ta} beraten.", "中央委员会在上次全会上讨论了{T}。", "중앙위원회는 지난 전원회의에서 {T을} 토의하였습니다."],
    ["This year we will deliver {N} thousand tons of {G} to your country.", "В этом году мы поставим в вашу страну {N} тысяч тонн {G}.", "Im laufenden Jahr werden wir {N}.000 Tonnen {G} an Ihr Land liefern.", "今年我们将向贵国提供{M}万吨{G}。", "올해 우리는 귀국에 {G} {M}만 톤을 공급하겠습니다."],
    ["The delivery of {G} was delayed because of the state of the ports.", "Поставка {G} задержалась из-за состояния портов.", "Die Lieferung von {G} hat sich wegen des Zustands der Häfen verzögert.", "由于港口的状况，{G}的运输推迟了。", "항구 사정으로 하여 {G} 수송이 지연되였습니다."],
    ["Our comrades in {C} are asking for help with this matter.", "Наши товарищи в {C} просят помочь в этом деле.", "Unsere Genossen aus {C} bitten uns bei dieser Angelegenheit um Hilfe.", "我们在{C}的同志请求在这件事上给予帮助。", "{C}에 있는 우리 동지들이 이 문제에서 방조를 요청하고 있습니다."],
    ["The delegation will arrive in {C} at the end of the month.", "Делегация прибудет в {Ca} в конце месяца.", "Die Delegation wird am Ende des Monats in {C} eintreffen.", "代表团将于月底到达{C}。", "대표단은 이달 말에 {C}에 도착할 것입니다."],
    ["We do not see any fundamental obstacles to an agreement.", "Мы не видим принципиальных препятствий для соглашения.", "Wir sehen keine grundsätzlichen Hindernisse für eine Vereinbarung.", "我们认为达成协议没有原则性的障碍。", "우리는 합의에 원칙적인 장애가 없다고 봅니다."],
    ["The situation in the country remains difficult, but it is improving.", "Положение в стране остается трудным, но оно улучшается.", "Die Lage im Land bleibt schwierig, aber sie verbessert sich.", "国内的形势仍然困难，但是正在好转。", "나라의 형편은 여전히 어렵지만 점차 나아지고 있습니다."],
    ["The harvest this year was lower than we had expected.", "Урожай в этом году оказался ниже, чем мы ожидали.", "Die Ernte war in diesem Jahr niedriger, als wir erwartet hatten.", "今年的收成比我们预计的要低。", "올해 수확은 우리가 예상한 것보다 낮았습니다."],
    ["We must not allow the enemies to use these difficulties against us.", "Мы не должны позволить врагам использовать эти трудности против нас.", "Wir dürfen nicht zulassen, dass die Feinde diese Schwierigkeiten gegen uns ausnutzen.", "我们不能让敌人利用这些困难来反对我们。", "우리는 원쑤들이 이 난관을 우리를 반대하는 데 리용하도록 허용해서는 안 됩니다."],
    ["The party must show patience with respect to comrades who made mistakes.", "Партия должна проявлять терпение по отношению к товарищам, которые допустили ошибки.", "Die Partei muss gegenüber den Genossen, die Fehler gemacht haben, Geduld zeigen.", "党对犯了错误的同志应当有耐心。", "당은 오유를 범한 동지들에 대하여 인내성을 보여야 합니다."],
    ["The plenum unanimously approved the report of the Central Committee.", "Пленум единогласно одобрил доклад Центрального Комитета.", "Das Plenum hat den Bericht des Zentralkomitees einstimmig gebilligt.", "全会一致批准了中央委员会的报告。", "전원회의는 중앙위원회 보고를 만장일치로 승인하였습니다."],
    ["Some comrades spoke at the plenum with incorrect statements.", "Некоторые товарищи выступили на пленуме с неправильными заявлениями.", "Einige Genossen sind auf dem Plenum mit falschen Erklärungen aufgetreten.", "有些同志在全会上发表了不正确的言论。", "일부 동지들은 전원회의에서 옳지 못한 발언을 하였습니다."],
    ["The enterprises fulfilled the plan for the first quarter by {Q} percent.", "Предприятия выполнили план первого квартала на {Q} процентов.", "Die Betriebe haben den Plan für das erste Quartal zu {Q} Prozent erfüllt.", "各企业完成了第一季度计划的百分之{Q}。", "기업소들은 1·4분기 계획을 {Q}% 수행하였습니다."],
    ["We hope that our friends will understand our position correctly.", "Мы надеемся, что наши друзья правильно поймут нашу позицию.", "Wir hoffen, dass unsere Freunde unseren Standpunkt richtig verstehen werden.", "我们希望朋友们能够正确理解我们的立场。", "우리는 벗들이 우리의 립장을 옳게 리해하리라고 희망합니다."],
    ["The imperialists are trying to drive a wedge between our parties.", "Империалисты пытаются вбить клин между нашими партиями.", "Die Imperialisten versuchen, einen Keil zwischen unsere Parteien zu treiben.", "帝国主义者企图在我们两党之间制造裂痕。", "제국주의자들은 우리 두 당 사이를 리간시키려고 책동하고 있습니다."],
    ["The unity of the socialist camp is the main guarantee of peace.", "Единство социалистического лагеря является главной гарантией мира.", "Die Einheit des sozialistischen Lagers ist die wichtigste Garantie des Friedens.", "社会主义阵营的团结是和平的主要保证。", "사회주의 진영의 단결은 평화의 주요한 담보입니다."],
    ["We have already given instructions to the ministry of foreign trade.", "Мы уже дали указания министерству внешней торговли.", "Wir haben dem Ministerium für Außenhandel bereits die Anweisungen gegeben.", "我们已经向对外贸易部作了指示。", "우리는 이미 대외무역성에 지시를 주었습니다."],
    ["The specialists will remain in {C} until the end of {Y}.", "Специалисты останутся в {C} до конца {Y} года.", "Die Spezialisten werden bis zum Ende des Jahres {Y} in {C} bleiben.", "专家们将在{C}工作到{Y}年底。", "전문가들은 {Y}년 말까지 {C}에 남아 있을 것입니다."],
    ["Our ambassador has already raised {T}.", "Наш посол уже поднимал вопрос {Tp}.", "Unser Botschafter hat {Ta} bereits angesprochen.", "我们的大使已经提出过{T}。", "우리 대사가 이미 {T을} 제기하였습니다."],
    ["It is necessary to strengthen the work among the youth.", "Необходимо усилить работу среди молодежи.", "Es ist notwendig, die Arbeit unter der Jugend zu verstärken.", "必须加强青年中的工作。", "청년들 속에서의 사업을 강화하여야 합니다."],
    ["The losses from the floods were very heavy in several provinces.", "Ущерб от наводнения в ряде провинций был очень большим.", "Die Schäden durch das Hochwasser waren in mehreren Provinzen sehr groß.", "好几个省的水灾损失非常严重。", "여러 도에서 큰물 피해가 매우 컸습니다."],
    ["We are prepared to send a group of engineers to {C}.", "Мы готовы направить в {Ca} группу инженеров.", "Wir sind bereit, eine Gruppe von Ingenieuren nach {C} zu entsenden.", "我们准备派一个工程师小组到{C}去。", "우리는 {C}에 기사 그루빠를 파견할 용의가 있습니다."],
    ["This is an internal matter of the party, and it must be resolved by the party itself.", "Это внутреннее дело партии, и оно должно быть решено самой партией.", "Das ist eine innere Angelegenheit der Partei, und sie muss von der Partei selbst gelöst werden.", "这是党的内部事务，应当由党自己来解决。", "이것은 당의 내부 문제이며 당 자체가 해결하여야 합니다."],
    ["The conversation on {T} must be continued in {C}.", "Разговор {Tp} необходимо продолжить в {C}.", "Das Gespräch über {Ta} muss in {C} fortgesetzt werden.", "关于{T}的谈话应当在{C}继续进行。", "{T에} 관한 담화는 {C}에서 계속되여야 합니다."],
    ["The western powers are not interested in a peaceful settlement.", "Западные державы не заинтересованы в мирном урегулировании.", "Die Westmächte sind an einer friedlichen Regelung nicht interessiert.", "西方大国对和平解决不感兴趣。", "서방 렬강들은 평화적 해결에 관심이 없습니다."],
    ["The army has enough forces to hold the line of the front.", "Армия имеет достаточно сил, чтобы удержать линию фронта.", "Die Armee hat genügend Kräfte, um die Frontlinie zu halten.", "军队有足够的力量守住战线。", "군대는 전선을 지킬 수 있는 충분한 력량을 가지고 있습니다."],
    ["The workers of the enterprise have taken on additional obligations.", "Рабочие предприятия взяли на себя дополнительные обязательства.", "Die Arbeiter des Betriebes haben zusätzliche Verpflichtungen übernommen.", "企业的工人们承担了额外的任务。", "기업소 로동자들은 추가적인 의무를 맡았습니다."],
    ["We want to build our relations on the basis of equality and mutual respect.", "Мы хотим строить наши отношения на основе равноправия и взаимного уважения.", "Wir wollen unsere Beziehungen auf der Grundlage der Gleichberechtigung und der gegenseitigen Achtung gestalten.", "我们希望在平等和相互尊重的基础上发展我们的关系。", "우리는 평등과 호상 존중의 원칙에서 관계를 발전시키려고 합니다."],
    ["Our party has always stood for the unity of the communist movement.", "Наша партия всегда выступала за единство коммунистического движения.", "Unsere Partei ist immer für die Einheit der kommunistischen Bewegung eingetreten.", "我们党一贯主张共产主义运动的团结。", "우리 당은 언제나 공산주의운동의 통일을 주장하여 왔습니다."],
    ["The report on {T} will be sent to you in writing.", "Доклад {Tp} будет направлен вам в письменном виде.", "Der Bericht über {Ta} wird Ihnen schriftlich zugeleitet.", "关于{T}的报告将以书面形式送给你们。", "{T에} 관한 보고서는 서면으로 보내 드리겠습니다."],
    ["There were serious shortcomings in the work of the ministry.", "В работе министерства были серьезные недостатки.", "In der Arbeit des Ministeriums gab es ernste Mängel.", "部里的工作中存在严重的缺点。", "성의 사업에는 심각한 결함이 있었습니다."],
    ["At the same time we have achieved considerable successes.", "Вместе с тем мы добились значительных успехов.", "Gleichzeitig haben wir in der Arbeit beachtliche Erfolge erzielt.", "同时我们也取得了很大的成绩。", "동시에 우리는 커다란 성과를 거두었습니다."],
    ["The comrades in {C} reported on the course of the work.", "Товарищи в {C} доложили о ходе работ.", "Die Genossen in {C} haben über den Verlauf der Arbeiten berichtet.", "在{C}的同志们汇报了工作进展情况。", "{C}의 동지들은 사업 진행 정형을 보고하였습니다."],
    ["We cannot agree with such an assessment of the events.", "Мы не можем согласиться с такой оценкой событий.", "Mit einer solchen Einschätzung der Ereignisse können wir nicht einverstanden sein.", "我们不能同意对事件的这种估计。", "우리는 사건에 대한 이러한 평가에 동의할 수 없습니다."],
    ["The Presidium will consider {T} at its next session.", "Вопрос {Tp} будет рассмотрен на ближайшем заседании Президиума.", "Das Präsidium wird auf seiner nächsten Sitzung über {Ta} beraten.", "主席团将在下次会议上审议{T}。", "{T은} 다음 주석단 회의에서 심의될 것입니다."],
    ["Please convey our warm greetings to the leadership of your party.", "Прошу передать наш горячий привет руководству вашей партии.", "Bitte übermitteln Sie der Führung Ihrer Partei unsere herzlichen Grüße.", "请向贵党领导转达我们的热烈问候。", "귀당 지도부에 우리의 따뜻한 인사를 전해 주십시오."],
    ["{P} is of the same opinion.", "{P} придерживается такого же мнения.", "{P} ist der gleichen Meinung.", "{P}也持同样的意见。", "{P도} 같은 의견입니다."],
    ["{P} asked me to tell you about this personally.", "{P} просил меня лично сказать вам об этом.", "{P} hat mich gebeten, Ihnen das persönlich zu sagen.", "{P}请我亲自把这件事告诉您。", "{P은} 이 문제를 직접 말씀드리라고 저에게 부탁하였습니다."],
    ["{P} will return from {C} next week.", "{P} вернется из {Cg} на следующей неделе.", "{P} wird in der nächsten Woche aus {C} zurückkehren.", "{P}下星期从{C}回来。", "{P은} 다음 주에 {C}에서 돌아옵니다."],
    ["We consider this proposal correct and timely.", "Мы считаем это предложение правильным и своевременным.", "Wir halten diesen Vorschlag für richtig und zeitgemäß.", "我们认为这个建议是正确的、及时的。", "우리는 이 제의가 옳고 시기적절하다고 봅니다."],
    ["The enemy has concentrated {N} tanks near the demarcation line.", "Противник сосредоточил у демаркационной линии {N} танков.", "Der Gegner hat an der Demarkationslinie {N} Panzer zusammengezogen.", "敌人在分界线附近集结了{N}辆坦克。", "적은 군사분계선 부근에 땅크 {N}대를 집결시켰습니다."],
    ["The transport of the equipment by rail will take about {W} weeks.", "Перевозка оборудования по железной дороге займет около {W} недель.", "Der Transport der Ausrüstungen mit der Eisenbahn wird etwa {W} Wochen dauern.", "用铁路运输设备大约需要{W}个星期。", "설비를 철도로 수송하는 데 약 {W}주일이 걸릴 것입니다."],
    ["In {Y} the output of {G} will increase considerably.", "В {Y} году производство {G} значительно возрастет.", "Im Jahre {Y} wird die Produktion von {G} beträchtlich steigen.", "{Y}年{G}的产量将大大增加。", "{Y}년에 {G} 생산량은 훨씬 늘어날 것입니다."],
    ["We are grateful for the help that you have given to our people.", "Мы благодарны за помощь, которую вы оказали нашему народу.", "Wir sind dankbar für die Hilfe, die Sie unserem Volk erwiesen haben.", "我们感谢你们给予我国人民的帮助。", "우리는 당신들이 우리 인민에게 준 방조에 대하여 감사합니다."],
    ["This matter should be discussed through diplomatic channels.", "Этот вопрос следует обсуждать по дипломатическим каналам.", "Diese Frage sollte auf dem diplomatischen Wege erörtert werden.", "这个问题应当通过外交途径讨论。", "이 문제는 외교 경로를 통하여 토의되여야 합니다."],
    ["The press of our country will not publish anything on this question.", "Печать нашей страны ничего не будет публиковать по этому вопросу.", "Die Presse unseres Landes wird zu dieser Frage nichts veröffentlichen.", "我国报刊不会就这个问题发表任何东西。", "우리 나라 출판물은 이 문제에 대하여 아무것도 발표하지 않을 것입니다."],
    ["We must be vigilant, because the situation may change at any moment.", "Мы должны быть бдительными, так как обстановка может измениться в любой момент.", "Wir müssen wachsam sein, denn die Lage kann sich jederzeit ändern.", "我们必须保持警惕，因为形势随时可能发生变化。", "정세는 언제든지 변할 수 있으므로 우리는 경각성을 높여야 합니다."],
    ["The delegation of our party will include {W} comrades.", "В состав делегации нашей партии войдут {W} товарищей.", "Der Delegation unserer Partei werden {W} Genossen angehören.", "我党代表团将由{W}位同志组成。", "우리 당 대표단은 {W}명의 동지들로 구성될 것입니다."],
    ["The negotiations on {T} have been going on for several months.", "Переговоры {Tp} идут уже несколько месяцев.", "Die Verhandlungen über {Ta} dauern schon mehrere Monate an.", "关于{T}的谈判已经进行了好几个月。", "{T에} 관한 담판은 벌써 몇 달째 진행되고 있습니다."],
    ["We have no information about this from our embassy.", "У нас нет сведений об этом от нашего посольства.", "Von unserer Botschaft haben wir darüber keine Informationen.", "我们没有从我国大使馆得到这方面的消息。", "우리는 대사관으로부터 이에 관한 소식을 받지 못하였습니다."],
    ["It would be useful to hold a meeting of the two delegations in {C}.", "Было бы полезно провести встречу двух делегаций в {C}.", "Es wäre nützlich, ein Treffen der beiden Delegationen in {C} durchzuführen.", "两国代表团在{C}举行一次会晤是有益的。", "{C}에서 두 대표단의 회담을 가지는 것이 유익할 것입니다."],
    ["The national income grew by {R} percent in comparison with the previous year.", "Национальный доход вырос на {R} процентов по сравнению с прошлым годом.", "Das Nationaleinkommen ist im Vergleich zum Vorjahr um {R} Prozent gewachsen.", "国民收入比上一年增长了百分之{R}。", "국민소득은 전해에 비하여 {R}% 장성하였습니다."],
    ["The comrades in the provinces do not always understand the line of the party correctly.", "Товарищи на местах не всегда правильно понимают линию партии.", "Die Genossen in den Bezirken verstehen die Linie der Partei nicht immer richtig.", "地方上的同志并不总是正确理解党的路线。", "지방의 동지들은 당의 로선을 언제나 옳게 리해하는 것은 아닙니다."],
    ["We will report on this to the Central Committee immediately.", "Мы немедленно доложим об этом в Центральный Комитет.", "Wir werden darüber unverzüglich dem Zentralkomitee berichten.", "我们将立即向中央委员会报告此事。", "우리는 이에 대하여 즉시 중앙위원회에 보고하겠습니다."],
    ["These people began to make unfair statements against the leading cadres.", "Эти люди начали выступать с несправедливыми заявлениями против руководящих кадров.", "Diese Leute begannen, ungerechte Erklärungen gegen die leitenden Kader abzugeben.", "这些人开始发表反对领导干部的不公正言论。", "이자들은 지도 간부들을 반대하는 부당한 발언을 하기 시작하였습니다."],
    ["The question of {T} cannot be solved without the participation of all the fraternal parties.", "Вопрос {Tp} нельзя решить без участия всех братских партий.", "Die Frage kann ohne die Teilnahme aller Bruderparteien nicht gelöst werden, das betrifft auch {Ta}.", "没有各兄弟党的参加，{T}是不能解决的。", "{T은} 모든 형제당들의 참가 없이는 해결될 수 없습니다."],
    ["We are studying the experience of the Soviet Union in this field.", "Мы изучаем опыт Советского Союза в этой области.", "Wir studieren die Erfahrungen der Sowjetunion auf diesem Gebiet.", "我们正在研究苏联在这方面的经验。", "우리는 이 분야에서 쏘련의 경험을 연구하고 있습니다."],
    ["The population is dissatisfied with the shortage of goods in the shops.", "Население недовольно нехваткой товаров в магазинах.", "Die Bevölkerung ist mit dem Mangel an Waren in den Geschäften unzufrieden.", "居民对商店里商品短缺不满。", "주민들은 상점에 상품이 부족한 데 대하여 불만을 가지고 있습니다."],
    ["The ministry of defense has prepared its proposals on {T}.", "Министерство обороны подготовило свои предложения {Tp}.", "Das Verteidigungsministerium hat seine Vorschläge zu {Td} vorbereitet.", "国防部已经准备好关于{T}的建议。", "국방성은 {T에} 관한 자기의 제의를 준비하였습니다."],
    ["In {C} the construction of {N} new apartment blocks has begun.", "В {C} начато строительство {N} новых жилых домов.", "In {C} hat der Bau von {N} neuen Wohnblöcken begonnen.", "{C}已经开始修建{N}座新的住宅楼。", "{C}에서는 {N}동의 새 살림집 건설이 시작되였습니다."],
    ["Without the help of the fraternal countries we would not have coped with these tasks.", "Без помощи братских стран мы не справились бы с этими задачами.", "Ohne die Hilfe der Bruderländer hätten wir diese Aufgaben nicht bewältigt.", "没有兄弟国家的帮助，我们是完成不了这些任务的。", "형제 나라들의 방조가 없었더라면 우리는 이 과업들을 수행하지 못하였을 것입니다."],
    ["The commission has not yet finished its work on {T}.", "Комиссия еще не закончила работу {Tp}.", "Die Kommission hat ihre Arbeit an {Td} noch nicht abgeschlossen.", "委员会关于{T}的工作还没有结束。", "위원회는 {T에} 관한 사업을 아직 끝내지 못하였습니다."],
    ["We have informed the fraternal parties about our position on {T}.", "Мы проинформировали братские партии о нашей позиции по вопросу {Tp}.", "Wir haben die Bruderparteien über unseren Standpunkt zu {Td} informiert.", "我们已经把我们对{T}的立场通知了各兄弟党。", "우리는 {T에} 대한 우리의 립장을 형제당들에 통보하였습니다."],
    ["The old methods of work no longer correspond to the new conditions.", "Старые методы работы уже не соответствуют новым условиям.", "Die alten Arbeitsmethoden entsprechen nicht mehr den neuen Bedingungen.", "旧的工作方法已经不适应新的条件了。", "낡은 사업 방법은 이미 새로운 조건에 맞지 않습니다."],
    ["The reserves of {G} will last only until the spring.", "Запасов {G} хватит только до весны.", "Die Vorräte an {G} reichen nur bis zum Frühjahr.", "{G}的储备只够用到春天。", "{G} 예비는 봄까지밖에 가지 못합니다."],
];

/// Questions, mostly asked by the host of a conversation.
pub(crate) const QUESTIONS: &[Tr] = &[
    [
        "How do you assess {T} and the prospects for the future?",
        "Как вы оцениваете {Ta} и перспективы на будущее?",
        "Wie beurteilen Sie {Ta} und die Aussichten für die Zukunft?",
        "您怎样估计{T}和今后的前景？",
        "{T과} 앞으로의 전망을 어떻게 평가하십니까?",
    ],
    [
        "Have you already discussed this question with the other comrades?",
        "Обсуждали ли вы уже этот вопрос с другими товарищами?",
        "Haben Sie diese Frage schon mit den anderen Genossen besprochen?",
        "这个问题您是否已经同其他同志商量过？",
        "이 문제를 다른 동지들과 이미 토의하였습니까?",
    ],
    [
        "What is the position of your government on {T}?",
        "Какова позиция вашего правительства по вопросу {Tp}?",
        "Welchen Standpunkt nimmt Ihre Regierung zu {Td} ein?",
        "贵国政府对{T}持什么立场？",
        "{T에} 대한 귀국 정부의 립장은 어떻습니까?",
    ],
    [
        "When do you expect an answer from {C}?",
        "Когда вы ожидаете ответа из {Cg}?",
        "Wann erwarten Sie eine Antwort aus {C}?",
        "你们什么时候能得到{C}的答复？",
        "{C으로부터} 언제 회답을 받을 것으로 예상하십니까?",
    ],
    [
        "How many specialists do you need for this work?",
        "Сколько специалистов вам нужно для этой работы?",
        "Wie viele Spezialisten benötigen Sie für diese Arbeit?",
        "这项工作需要多少专家？",
        "이 사업에 전문가가 몇 명이나 필요합니까?",
    ],
    [
        "Is this the opinion of the whole leadership or only of some comrades?",
        "Это мнение всего руководства или только некоторых товарищей?",
        "Ist das die Meinung der gesamten Führung oder nur einiger Genossen?",
        "这是整个领导的意见，还是只是一部分同志的意见？",
        "이것은 지도부 전체의 의견입니까, 아니면 일부 동지들의 의견입니까?",
    ],
    [
        "Were they expelled from the party before the plenum or after it?",
        "Их исключили из партии до пленума или после него?",
        "Wurden sie vor dem Plenum oder danach aus der Partei ausgeschlossen?",
        "他们是在全会以前还是以后被开除出党的？",
        "그들은 전원회의 전에 출당되였습니까, 아니면 후에 출당되였습니까?",
    ],
    [
        "What do the workers say about the new norms?",
        "Что говорят рабочие о новых нормах?",
        "Was sagen die Arbeiter zu den neuen Normen?",
        "工人们对新定额有什么反应？",
        "로동자들은 새 기준에 대하여 무엇이라고 말합니까?",
    ],
    [
        "Can you tell us now what happened at the plenum?",
        "Можете ли вы сейчас рассказать нам, что произошло на пленуме?",
        "Können Sie uns jetzt erzählen, was auf dem Plenum geschehen ist?",
        "您现在能不能给我们讲一讲全会上发生了什么事？",
        "전원회의에서 무슨 일이 있었는지 지금 이야기해 줄 수 있습니까?",
    ],
    [
        "Why was the decision on {T} postponed?",
        "Почему было отложено решение по вопросу {Tp}?",
        "Warum wurde die Entscheidung über {Ta} verschoben?",
        "为什么推迟了关于{T}的决定？",
        "{T에} 관한 결정은 왜 연기되였습니까?",
    ],
    [
        "How long will the delegation stay in {C}?",
        "Сколько времени делегация пробудет в {C}?",
        "Wie lange wird die Delegation in {C} bleiben?",
        "代表团将在{C}停留多久？",
        "대표단은 {C}에 얼마 동안 머물게 됩니까?",
    ],
    [
        "Do you have any other questions for us?",
        "Есть ли у вас к нам еще какие-нибудь вопросы?",
        "Haben Sie noch weitere Fragen an uns?",
        "你们对我们还有什么问题吗？",
        "우리에게 또 다른 질문이 있습니까?",
    ],
    [
        "What assistance do you expect from the fraternal countries?",
        "Какой помощи вы ожидаете от братских стран?",
        "Welche Hilfe erwarten Sie von den Bruderländern?",
        "你们希望兄弟国家给予什么援助？",
        "형제 나라들로부터 어떤 방조를 기대합니까?",
    ],
    [
        "Has the Politburo already discussed {T}?",
        "Обсуждало ли Политбюро уже вопрос {Tp}?",
        "Hat das Politbüro {Ta} bereits erörtert?",
        "政治局是否已经讨论过{T}？",
        "정치국은 {T을} 이미 토의하였습니까?",
    ],
    [
        "How is the work on the five-year plan going?",
        "Как идет работа над пятилетним планом?",
        "Wie steht es mit der Arbeit an dem Fünfjahrplan?",
        "五年计划的工作进行得怎样？",
        "5개년 계획 작성 사업은 어떻게 진행되고 있습니까?",
    ],
    [
        "Where is {P} right now, and when will he return?",
        "Где сейчас находится {P} и когда он вернется?",
        "Wo befindet sich {P} jetzt, und wann wird er zurückkehren?",
        "{P}现在在哪里，什么时候回来？",
        "{P은} 지금 어디에 있으며 언제 돌아옵니까?",
    ],
    [
        "What was the reaction of the population to these measures?",
        "Какова была реакция населения на эти меры?",
        "Wie hat die Bevölkerung auf diese Maßnahmen reagiert?",
        "居民对这些措施有什么反应？",
        "주민들은 이 조치들에 대하여 어떤 반응을 보였습니까?",
    ],
    [
        "Is it correct that the deliveries of {G} have been stopped?",
        "Верно ли, что поставки {G} прекращены?",
        "Stimmt es, dass die Lieferungen von {G} eingestellt worden sind?",
        "{G}的供应已经停止，这是真的吗？",
        "{G} 공급이 중지되였다는 것이 사실입니까?",
    ],
    [
        "Was a proposal made about the expulsion, or was a decision taken?",
        "Было внесено предложение об исключении или было принято решение?",
        "Wurde ein Vorschlag über den Ausschluss gemacht, oder wurde ein Beschluss gefasst?",
        "是提出了开除的建议，还是作出了决定？",
        "출당에 관한 제의가 있었습니까, 아니면 결정이 채택되였습니까?",
    ],
    [
        "How many years has he been in the party?",
        "Сколько лет он состоит в партии?",
        "Wie viele Jahre ist er schon in der Partei?",
        "他入党多少年了？",
        "그는 당에 들어온 지 몇 해나 됩니까?",
    ],
];

/// Short answers and agreements.
pub(crate) const REPLIES: &[Tr] = &[
    ["Yes, that is correct.", "Да, это так.", "Ja, das ist richtig.", "是的，是这样。", "예, 그렇습니다."],
    ["We agree with this proposal.", "Мы согласны с этим предложением.", "Wir sind mit diesem Vorschlag einverstanden.", "我们同意这个建议。", "우리는 이 제의에 동의합니다."],
    ["I will report this to my government.", "Я доложу об этом своему правительству.", "Ich werde das meiner Regierung mitteilen.", "我将向我国政府报告这件事。", "이것을 우리 정부에 보고하겠습니다."],
    ["No, we have not yet met with them.", "Нет, мы еще не встречались с ними.", "Nein, wir haben uns mit ihnen noch nicht getroffen.", "没有，我们还没有同他们见面。", "아닙니다, 우리는 아직 그들과 만나지 못하였습니다."],
    ["That is our duty.", "Это наш долг.", "Das ist unsere Pflicht.", "这是我们的义务。", "그것은 우리의 의무입니다."],
    ["Good, we will prepare {+it} this week.", "Хорошо, подготовим на этой неделе.", "Gut, wir werden es in dieser Woche vorbereiten.", "好，我们这个星期就准备好。", "좋습니다. 이번 주에 준비하겠습니다."],
    ["I fully share your opinion on this matter.", "Я полностью разделяю ваше мнение по этому вопросу.", "Ich teile Ihre Meinung zu dieser Frage voll und ganz.", "在这个问题上我完全同意您的意见。", "이 문제에 대한 당신의 의견에 전적으로 동의합니다."],
    ["This is a very important question for us.", "Для нас это очень важный вопрос.", "Das ist für uns eine sehr wichtige Frage.", "这对我们来说是一个非常重要的问题。", "이것은 우리에게 매우 중요한 문제입니다."],
    ["We will certainly take this into account.", "Мы обязательно учтем это.", "Wir werden das unbedingt berücksichtigen.", "我们一定考虑这一点。", "우리는 이것을 꼭 고려하겠습니다."],
    ["It is difficult to say anything definite at the moment.", "Сейчас трудно сказать что-либо определенное по этому вопросу.", "Im Augenblick ist es schwer, etwas Bestimmtes zu sagen.", "目前还很难说出什么确定的意见。", "지금으로서는 무엇이라고 단정하기 어렵습니다."],
    ["Thank you, this information is very useful to us.", "Спасибо, эта информация для нас очень полезна.", "Danke, diese Information ist für uns sehr nützlich.", "谢谢，这个情况对我们很有用。", "감사합니다. 이 정보는 우리에게 매우 유익합니다."],
    ["We have not received such a request.", "Мы такой просьбы не получали.", "Eine solche Bitte haben wir nicht erhalten.", "我们没有收到这样的请求。", "우리는 그러한 요청을 받지 못하였습니다."],
    ["This was not known to us at that time.", "В то время нам это не было известно.", "Das war uns zu jener Zeit nicht bekannt.", "那个时候我们还不知道这件事。", "그때 우리는 이것을 알지 못하였습니다."],
    ["We think that this is the right way.", "Мы думаем, что это правильный путь.", "Wir denken, dass das der richtige Weg ist.", "我们认为这是正确的道路。", "우리는 이것이 옳은 길이라고 생각합니다."],
    ["The question is being studied by the ministry.", "Этот вопрос сейчас изучается в министерстве.", "Die Frage wird von dem Ministerium geprüft.", "这个问题正在由部里研究。", "이 문제는 성에서 연구하고 있습니다."],
    ["Of course, we will help you.", "Конечно, мы вам поможем.", "Selbstverständlich werden wir Ihnen helfen.", "当然，我们一定帮助你们。", "물론 우리는 당신들을 도와주겠습니다."],
    ["We will discuss this at the next meeting.", "Мы обсудим это на следующей встрече.", "Wir werden das bei der nächsten Begegnung besprechen.", "我们下次会见时再讨论这个问题。", "이것은 다음 번 회담에서 토의합시다."],
    ["That depends on the decision of the Central Committee.", "Это зависит от решения Центрального Комитета.", "Das hängt von der Entscheidung des Zentralkomitees ab.", "这取决于中央委员会的决定。", "그것은 중앙위원회의 결정에 달려 있습니다."],
    ["I have nothing to add to what has been said.", "Мне нечего добавить к сказанному.", "Dem Gesagten habe ich nichts hinzuzufügen.", "我对上面所说的没有什么补充。", "말한 것에 더 보탤 것이 없습니다."],
    ["We are ready to sign the agreement in {C}.", "Мы готовы подписать соглашение в {C}.", "Wir sind bereit, das Abkommen in {C} zu unterzeichnen.", "我们准备在{C}签订协定。", "우리는 {C}에서 협정을 조인할 용의가 있습니다."],
    ["Yes, {+we} liked all of the report.", "Да, понравился весь доклад.", "Ja, uns hat der ganze Bericht gefallen.", "是的，整个报告我们都喜欢。", "예, 보고 전체가 마음에 들었습니다."],
    ["{+They} were expelled after the flight.", "Исключили после бегства.", "Sie wurden nach der Flucht ausgeschlossen.", "他们逃跑以后才被开除。", "도망친 후에 출당시켰습니다."],
    ["More than ten years, and he was elected to the Central Committee at the last congress.", "Больше десяти лет, и на последнем съезде его избрали в ЦК.", "Mehr als zehn Jahre, und auf dem letzten Parteitag wurde er in das Zentralkomitee gewählt.", "十多年了，他在上次代表大会上被选进了中央委员会。", "10년이 넘었으며 지난번 당대회에서 중앙위원회에 선거되였습니다."],
    ["We also want to do it just so.", "Мы тоже хотим так делать.", "Wir wollen es auch genau so machen.", "我们也想这样做。", "우리도 바로 그렇게 하려고 합니다."],
    ["Understood, we will pass {+it} on to the comrades.", "Понятно, передадим товарищам.", "Verstanden, wir werden es an die Genossen weitergeben.", "明白了，我们会转告同志们。", "알았습니다. 동지들에게 전하겠습니다."],
];

/// Narrative sentences of telegrams, reports, letters and memoranda.
pub(crate) const NARRATIVE: &[Tr] = &[
    ["{P} stated that the leadership fully supports this initiative.", "{P} заявил, что руководство полностью поддерживает эту инициативу.", "{P} erklärte, dass die Führung diese Initiative voll unterstützt.", "{P}表示，领导上完全支持这一倡议。", "{P은} 지도부가 이 발기를 전적으로 지지한다고 말하였습니다."],
    ["In the course of the conversation {P} touched upon {T}.", "В ходе беседы {P} коснулся вопроса {Tp}.", "Im Verlauf des Gesprächs ging {P} auf {Ta} ein.", "谈话中{P}谈到了{T}。", "담화 과정에 {P은} {T에} 대하여 언급하였습니다."],
    ["According to our information, the situation in {C} remains tense.", "По нашим данным, обстановка в {C} остается напряженной.", "Nach unseren Informationen ist die Lage in {C} auch weiterhin angespannt.", "据我们了解，{C}的局势仍然紧张。", "우리가 알고 있는 데 의하면 {C}의 정세는 여전히 긴장합니다."],
    ["The embassy considers it advisable to give a positive answer to this request.", "Посольство считает целесообразным дать на эту просьбу положительный ответ.", "Die Botschaft hält es für zweckmäßig, auf diese Bitte eine positive Antwort zu geben.", "使馆认为对这一请求给予肯定的答复是适宜的。", "대사관은 이 요청에 긍정적인 회답을 주는 것이 좋다고 봅니다."],
    ["The main points of the conversation are set out below.", "Ниже излагаются основные моменты беседы.", "Die wichtigsten Punkte des Gesprächs werden im Folgenden dargelegt.", "现将谈话要点报告如下。", "담화의 주요 내용은 다음과 같습니다."],
    ["Please inform us of the reaction of the other side.", "Просим сообщить о реакции другой стороны.", "Wir bitten, uns über die Reaktion der anderen Seite zu unterrichten.", "请随时报告对方的反应。", "상대측의 반응을 알려 주기 바랍니다."],
    ["The meeting took place in a friendly atmosphere.", "Встреча прошла в дружественной обстановке.", "Das Treffen verlief in einer freundschaftlichen Atmosphäre.", "会见是在友好的气氛中进行的。", "회견은 친선적인 분위기 속에서 진행되였습니다."],
    ["{P} spoke in detail about {T}.", "{P} подробно рассказал {Tp}.", "{P} sprach ausführlich über {Ta}.", "{P}详细介绍了{T}。", "{P은} {T에} 대하여 상세히 이야기하였습니다."],
    ["The leadership of the party intends to raise this question at the next plenum.", "Руководство партии намерено поставить этот вопрос на ближайшем пленуме.", "Die Führung der Partei beabsichtigt, diese Frage auf dem nächsten Plenum zu stellen.", "党的领导打算在下次全会上提出这个问题。", "당 지도부는 이 문제를 다음 전원회의에 제기하려고 합니다."],
    ["It should be noted that the mood of the population has improved.", "Следует отметить, что настроение населения улучшилось.", "Es ist festzustellen, dass sich die Stimmung der Bevölkerung verbessert hat.", "应当指出，居民的情绪有所好转。", "주민들의 기분이 좋아졌다는 것을 지적하여야 합니다."],
    ["At the same time there are unhealthy sentiments among part of the intelligentsia.", "Вместе с тем среди части интеллигенции имеются нездоровые настроения.", "Gleichzeitig gibt es unter einem Teil der Intelligenz ungesunde Stimmungen.", "同时，一部分知识分子中存在着不健康的情绪。", "동시에 일부 인테리들 속에는 건전하지 못한 경향이 있습니다."],
    ["The ministry requests that the schedule of shipments be agreed within ten days.", "Министерство просит согласовать график отгрузок в течение десяти дней.", "Das Ministerium bittet, den Zeitplan der Lieferungen innerhalb von zehn Tagen abzustimmen.", "部里请求在十天内商定发运日程。", "성은 10일 안으로 수송 일정을 합의할 것을 요청합니다."],
    ["The Central Committee instructed the ministry to prepare proposals on {T}.", "ЦК поручил министерству подготовить предложения {Tp}.", "Das ZK hat das Ministerium beauftragt, Vorschläge zu {Td} auszuarbeiten.", "中央责成部里就{T}提出建议。", "중앙위원회는 성에 {T에} 관한 제의를 준비할 것을 위임하였습니다."],
    ["In {Y} the plan for the delivery of {G} was fulfilled by {Q} percent.", "В {Y} году план поставок {G} был выполнен на {Q} процентов.", "Im Jahre {Y} wurde der Plan für die Lieferung von {G} zu {Q} Prozent erfüllt.", "{Y}年{G}供应计划完成了百分之{Q}。", "{Y}년에 {G} 공급 계획은 {Q}% 수행되였습니다."],
    ["The ambassador expressed his gratitude for the information.", "Посол выразил благодарность за информацию.", "Der Botschafter dankte für die Information.", "大使对通报表示感谢。", "대사는 통보에 대하여 사의를 표하였습니다."],
    ["The opposition group tried to use the difficulties for its own purposes.", "Оппозиционная группа пыталась использовать трудности в своих целях.", "Die oppositionelle Gruppe versuchte, die Schwierigkeiten für ihre eigenen Zwecke auszunutzen.", "反对派集团企图利用这些困难达到自己的目的。", "반당 종파 분자들은 난관을 자기들의 목적에 리용하려고 하였습니다."],
    ["Measures have been taken to strengthen the security of the border.", "Приняты меры по укреплению охраны границы.", "Es wurden Maßnahmen zur Verstärkung der Grenzsicherung getroffen.", "已经采取措施加强边境的警卫。", "국경 경비를 강화하기 위한 대책이 취해졌습니다."],
    ["{P} emphasized that the question must be solved peacefully.", "{P} подчеркнул, что вопрос должен быть решен мирным путем.", "{P} betonte, dass die Frage auf friedlichem Wege gelöst werden muss.", "{P}强调，这个问题必须和平解决。", "{P은} 이 문제가 평화적으로 해결되여야 한다고 강조하였습니다."],
    ["The western press is conducting a campaign of slander against our countries.", "Западная печать ведет клеветническую кампанию против наших стран.", "Die westliche Presse führt eine Verleumdungskampagne gegen unsere Länder.", "西方报刊正在对我们两国进行诽谤宣传。", "서방 출판물들은 우리 나라들을 반대하는 비방 선전을 벌리고 있습니다."],
    ["The ministry of foreign affairs has prepared a draft of the joint statement.", "Министерство иностранных дел подготовило проект совместного заявления.", "Das Außenministerium hat einen Entwurf der gemeinsamen Erklärung ausgearbeitet.", "外交部已经起草了联合声明的草案。", "외무성은 공동성명 초안을 작성하였습니다."],
    ["The negotiations on {T} will resume in {C} next month.", "Переговоры {Tp} возобновятся в {C} в следующем месяце.", "Die Verhandlungen über {Ta} werden im nächsten Monat in {C} wieder aufgenommen.", "关于{T}的谈判将于下月在{C}恢复。", "{T에} 관한 담판은 다음 달에 {C}에서 재개됩니다."],
    ["Our specialists consider the proposed deadlines unrealistic.", "Наши специалисты считают предложенные сроки нереальными.", "Unsere Spezialisten halten die vorgeschlagenen Termine für unrealistisch.", "我们的专家认为所提出的期限不现实。", "우리 전문가들은 제기된 기한이 현실적이 못하다고 봅니다."],
    ["The leadership of the embassy maintains close contact with the friends.", "Руководство посольства поддерживает тесный контакт с друзьями.", "Die Leitung der Botschaft hält einen engen Kontakt mit den Freunden.", "使馆领导同朋友们保持着密切联系。", "대사관 지도부는 벗들과 긴밀한 련계를 가지고 있습니다."],
    ["The population of the border areas has been informed about the new rules.", "Население пограничных районов информировано о новых правилах.", "Die Bevölkerung der Grenzgebiete ist über die neuen Bestimmungen informiert worden.", "边境地区的居民已经得知新的规定。", "국경 지역 주민들에게 새 규정이 알려졌습니다."],
    ["The production of {G} in the first half of the year exceeded the plan.", "Производство {G} в первом полугодии превысило план.", "Die Produktion von {G} hat im ersten Halbjahr den Plan übertroffen.", "上半年{G}的生产超额完成了计划。", "상반년 {G} 생산은 계획을 넘쳐 수행되였습니다."],
    ["{P} did not conceal his dissatisfaction with the course of the negotiations.", "{P} не скрывал своего недовольства ходом переговоров.", "{P} verbarg seine Unzufriedenheit mit dem Verlauf der Verhandlungen nicht.", "{P}毫不掩饰他对谈判进程的不满。", "{P은} 담판 진행에 대한 불만을 숨기지 않았습니다."],
    ["The friends asked us to keep this information strictly confidential.", "Друзья просили нас сохранить эту информацию в строгом секрете.", "Die Freunde baten uns, diese Information streng vertraulich zu behandeln.", "朋友们请我们对这个情况严格保密。", "벗들은 이 정보를 엄격히 비밀로 할 것을 요청하였습니다."],
    ["In {C} there were cases of hostile leaflets being distributed.", "В {C} имели место случаи распространения враждебных листовок.", "In {C} gab es Fälle der Verbreitung von feindlichen Flugblättern.", "在{C}发生了散发敌对传单的事件。", "{C}에서는 적대적인 삐라를 뿌리는 사건들이 있었습니다."],
    ["{P} informed the ambassador about {T}.", "{P} проинформировал посла {Tp}.", "{P} informierte den Botschafter über {Ta}.", "{P}向大使通报了{T}。", "{P은} 대사에게 {T에} 대하여 통보하였습니다."],
    ["The work of the commission on {T} is proceeding slowly.", "Работа комиссии по вопросу {Tp} идет медленно.", "Die Arbeit der Kommission an {Td} geht nur langsam voran.", "委员会关于{T}的工作进展缓慢。", "{T에} 관한 위원회 사업은 더디게 진행되고 있습니다."],
    ["The harvest of {G} in the northern provinces was good this year.", "Урожай {G} в северных провинциях в этом году был хорошим.", "Die Ernte an {G} war in diesem Jahr in den nördlichen Provinzen gut.", "今年北方各省的{G}收成很好。", "올해 북부 도들에서 {G} 수확은 좋았습니다."],
    ["The leaders of the friends are showing restraint on {T}.", "Руководители друзей проявляют сдержанность в вопросе {Tp}.", "Die Führer der Freunde zeigen Zurückhaltung bei {Td}.", "朋友们的领导人在{T}上表现克制。", "벗들의 지도자들은 {T에서} 자제를 보이고 있습니다."],
];

/// Sentences of US records, which have no translation (only the English
/// column is ever written).
pub(crate) const US_LINES: &[Tr] = &[
    us("The Department believes that {T} should first be explored through diplomatic channels."),
    us("The Embassy recommends that we make no public comment on {T} at this time."),
    us("Soviet officials have shown unusual interest in {T} during the past week."),
    us("It is our impression that the Soviet leadership wishes to avoid a confrontation over {T}."),
    us("The President is giving careful study to the proposals on {T}."),
    us("We should not allow the negotiations on {T} to become a pretext for delay."),
    us("The Ambassador was told that our position on {T} remains unchanged."),
    us("Our allies will have to be consulted before any reply is given."),
    us("Press reports from {C} suggest that the harvest was poor this year."),
    us("I told him that public opinion in the United States would not understand such a step."),
    us("The matter will be discussed with the British and French representatives in {C}."),
    us("We have no evidence that the shipments of {G} have been resumed."),
    us("The Secretary asked the Embassy to report any further developments without delay."),
    us("A meeting at the summit without adequate preparation could raise hopes that would then be disappointed."),
    us("The other side appears ready to make concessions on {T}."),
    us("{P} indicated that his government would study the proposal carefully."),
    us("We believe that the agreement should permit real contacts between our peoples."),
    us("The Embassy will continue to follow the situation closely and report."),
    us("It would be a mistake to read too much into these statements."),
    us("The Chinese side has not yet replied to our message of last month."),
    us("{P} said that the question of {T} could not be separated from the general situation in Europe."),
    us("We expect a formal note on {T} within the next few days."),
];

const fn us(en: &'static str) -> Tr {
    [en, "", "", "", ""]
}

/// Decisions of minuted meetings.
pub(crate) const DECISIONS: &[Tr] = &[
    ["To instruct the ministry of foreign trade to prepare proposals on {T} within two weeks.", "Поручить министерству внешней торговли в двухнедельный срок подготовить предложения {Tp}.", "Das Ministerium für Außenhandel wird beauftragt, innerhalb von zwei Wochen die Vorschläge zu {Td} vorzulegen.", "责成对外贸易部在两周内提出关于{T}的建议。", "대외무역성은 2주일 안으로 {T에} 관한 제의를 제출할 것이다."],
    ["To approve the draft of the letter with the amendments made at the meeting.", "Утвердить проект письма с поправками, внесенными на заседании.", "Der Entwurf des Briefes wird mit den in der Sitzung vorgenommenen Änderungen bestätigt.", "批准经会议修改的信件草稿。", "회의에서 수정된 편지 초안을 승인한다."],
    ["To take note of the information on {T}.", "Принять к сведению информацию {Tp}.", "Die Information über {Ta} wird zur Kenntnis genommen.", "听取关于{T}的通报。", "{T에} 관한 통보를 접수한다."],
    ["To send a delegation to {C} headed by a member of the Politburo.", "Направить в {Ca} делегацию во главе с членом Политбюро.", "Eine Delegation unter der Leitung eines Mitglieds des Politbüros wird nach {C} entsandt.", "派遣以政治局委员为首的代表团前往{C}。", "정치위원회 위원을 단장으로 하는 대표단을 {C}에 파견한다."],
    ["To consider the question again at one of the next meetings.", "Вернуться к рассмотрению вопроса на одном из ближайших заседаний.", "Die Frage wird auf einer der nächsten Sitzungen erneut behandelt.", "在最近的一次会议上再讨论这个问题。", "이 문제를 다음 회의들 중 한 회의에서 다시 심의한다."],
    ["To release {N} thousand tons of {G} from the state reserve.", "Выделить из государственного резерва {N} тысяч тонн {G}.", "Aus der Staatsreserve werden {N}.000 Tonnen {G} freigegeben.", "从国家储备中拨出{M}万吨{G}。", "국가 예비에서 {G} {M}만 톤을 내준다."],
    ["To publish the communiqué on the meeting in the press.", "Опубликовать в печати коммюнике о встрече.", "Das Kommuniqué über das Treffen wird in der Presse veröffentlicht.", "在报刊上发表会谈公报。", "회담에 관한 공보를 출판물에 발표한다."],
    ["To instruct the embassy to inform the friends about this decision.", "Поручить посольству проинформировать друзей об этом решении.", "Die Botschaft wird beauftragt, die Freunde über diesen Beschluss zu informieren.", "责成使馆将此决定通知朋友们。", "대사관은 이 결정을 벗들에게 통보할 것이다."],
    ["To approve the plan for {T} for {Y}.", "Утвердить план работы {Tp} на {Y} год.", "Der Plan zu {Td} für das Jahr {Y} wird bestätigt.", "批准{Y}年关于{T}的计划。", "{Y}년 {T에} 관한 계획을 승인한다."],
    ["To entrust the final editing of the document to the secretariat.", "Поручить окончательное редактирование документа секретариату.", "Das Sekretariat wird mit der endgültigen Redaktion des Dokuments beauftragt.", "委托书记处对文件作最后的修改。", "문건의 최종 편집을 비서국에 위임한다."],
];

/// Words handwritten above the line in the original; inserted into a sentence
/// they become `<sup>...</sup>` there and `[Inserted: ...]` in the English
/// translation.
pub(crate) const INSERTIONS: &[Tr] = &[
    [
        "in the near future",
        "в ближайшее время",
        "in nächster Zeit",
        "近期",
        "가까운 시일 안에",
    ],
    [
        "by the end of the year",
        "до конца года",
        "bis zum Ende des Jahres",
        "年底以前",
        "연말까지",
    ],
    [
        "if possible",
        "по возможности",
        "nach Möglichkeit",
        "如有可能",
        "가능하면",
    ],
    [
        "first of all",
        "в первую очередь",
        "in erster Linie",
        "首先",
        "우선",
    ],
    ["once again", "еще раз", "noch einmal", "再次", "다시 한번"],
    ["this year", "в этом году", "in diesem Jahr", "今年", "올해"],
    [
        "if necessary",
        "при необходимости",
        "wenn nötig",
        "必要时",
        "필요하면",
    ],
    [
        "within the agreed time",
        "в установленные сроки",
        "in der vereinbarten Frist",
        "按期",
        "기한 내에",
    ],
    ["mainly", "главным образом", "hauptsächlich", "主要", "주로"],
    [
        "in writing",
        "в письменной форме",
        "schriftlich",
        "以书面形式",
        "서면으로",
    ],
];

/// Words struck out in the original (the translation leaves them out).
pub(crate) const DELETIONS: [&[&str]; 5] = [
    &[
        "however",
        "immediately",
        "We believe",
        "in particular",
        "also",
    ],
    &[
        "однако",
        "срочно",
        "Мы считаем",
        "в частности",
        "вопрос",
        "также",
    ],
    &["jedoch", "sofort", "Wir meinen", "insbesondere", "auch"],
    &["我们认为", "立即", "但是", "特别"],
    &["즉시", "그러나", "특히", "우리는"],
];

/// Stage notes at the start of a turn: the original's and the translation's.
pub(crate) const NOTES: &[Tr] = &[
    [
        "(clarifies)",
        "(уточняет)",
        "(ergänzt)",
        "（插话）",
        "(보충하여)",
    ],
    [
        "(interrupting)",
        "(перебивая)",
        "(unterbricht)",
        "（打断）",
        "(말을 가로채며)",
    ],
    ["(laughs)", "(смеется)", "(lacht)", "（笑）", "(웃으며)"],
];

/// A paragraph noting a change of setting in a conversation.
pub(crate) const INTERLUDES: &[Tr] = &[
    [
        "From the conversation over lunch.",
        "Из беседы во время обеда.",
        "Aus dem Gespräch während des Mittagessens.",
        "午餐时的谈话。",
        "오찬 때의 담화에서.",
    ],
    [
        "After a short break the conversation was continued.",
        "После небольшого перерыва беседа продолжилась.",
        "Nach einer kurzen Pause wurde das Gespräch fortgesetzt.",
        "休息片刻以后谈话继续进行。",
        "잠시 휴식한 다음 담화는 계속되였다.",
    ],
    [
        "Then the conversation turned to economic questions.",
        "Затем разговор перешел на экономические вопросы.",
        "Dann wandte sich das Gespräch den wirtschaftlichen Fragen zu.",
        "随后谈话转到经济问题上。",
        "그 다음 담화는 경제 문제로 넘어갔다.",
    ],
];

/// Closing lines of a conversation record.
pub(crate) const CLOSINGS: &[Tr] = &[
    [
        "The conversation lasted one hour.",
        "Беседа продолжалась один час.",
        "Das Gespräch dauerte eine Stunde.",
        "谈话进行了一个小时。",
        "담화는 한 시간 동안 진행되였다.",
    ],
    [
        "The conversation lasted about two hours.",
        "Беседа продолжалась около двух часов.",
        "Das Gespräch dauerte etwa zwei Stunden.",
        "谈话进行了大约两个小时。",
        "담화는 약 두 시간 동안 진행되였다.",
    ],
    [
        "The conversation lasted one hour and twenty minutes.",
        "Беседа продолжалась 1 час 20 минут.",
        "Das Gespräch dauerte eine Stunde und zwanzig Minuten.",
        "谈话进行了一小时二十分钟。",
        "담화는 1시간 20분 동안 진행되였다.",
    ],
    [
        "The conversation took place in a cordial and friendly atmosphere.",
        "Беседа проходила в сердечной и дружественной обстановке.",
        "Das Gespräch verlief in einer herzlichen und freundschaftlichen Atmosphäre.",
        "谈话是在亲切友好的气氛中进行的。",
        "담화는 따뜻하고 친선적인 분위기 속에서 진행되였다.",
    ],
];

/// Classification markings by level: top secret, secret, confidential.
pub(crate) const MARKINGS: [[&[&str]; 5]; 3] = [
    [
        &["Top Secret", "TOP SECRET"],
        &["Совершенно секретно", "Сов. секретно", "СОВ. СЕКРЕТНО"],
        &["Streng geheim", "Streng geheim!"],
        &["绝密"],
        &["극비"],
    ],
    [
        &["Secret", "SECRET"],
        &["Секретно", "СЕКРЕТНО"],
        &["Geheim", "Geheime Verschlußsache"],
        &["机密"],
        &["비밀"],
    ],
    [
        &["Confidential", "CONFIDENTIAL", "Strictly confidential"],
        &["Конфиденциально"],
        &["Vertraulich", "Streng vertraulich"],
        &["秘密"],
        &["기밀"],
    ],
];

/// The head of a record of conversation, by original language.
pub(crate) const CONVERSATION_HEADS: &[Tr] = &[
    [
        "Record of Conversation",
        "ЗАПИСЬ БЕСЕДЫ",
        "Niederschrift über eine Unterredung",
        "谈话记录",
        "담화록",
    ],
    [
        "Record of a Conversation",
        "Запись беседы",
        "Aktenvermerk über ein Gespräch",
        "会谈记录",
        "담화 기록",
    ],
];

/// Section words of minutes: agenda, "on item", decision.
pub(crate) const AGENDA: Tr = ["Agenda", "Порядок дня", "Tagesordnung", "议程", "의정"];
pub(crate) const DECISION: Tr = ["Decision", "Постановили", "Beschluss", "决定", "결정"];

/// "Present", the words that open a participants list.
pub(crate) const PRESENT: [&[&str]; 5] = [
    &["Present", "Also present"],
    &["При участии", "Присутствовали"],
    &["Anwesend", "Teilnehmer"],
    &["参加者", "在座"],
    &["참석자"],
];

/// "Recorded by", the words that open the clerk's line.
pub(crate) const RECORDED: [&[&str]; 5] = [
    &["Recorded by"],
    &["Записал", "Запись вел"],
    &["Protokollführer:", "Aufgezeichnet von"],
    &["记录：", "记录人："],
    &["기록:", "기록자:"],
];

/// Closing formulas of letters.
pub(crate) const LETTER_CLOSINGS: &[Tr] = &[
    [
        "With communist greetings,",
        "С коммунистическим приветом",
        "Mit kommunistischem Gruß",
        "致以共产主义的敬礼",
        "공산주의적 인사를 드리며",
    ],
    [
        "With comradely greetings,",
        "С товарищеским приветом",
        "Mit sozialistischem Gruß",
        "致以同志的敬礼",
        "동지적 인사를 드리며",
    ],
];

/// Salutations of letters: to a comrade, to anyone else. `{}` is the name.
pub(crate) const SALUTATIONS: [Tr; 2] = [
    [
        "Dear Comrade {},",
        "Дорогой товарищ {}!",
        "Lieber Genosse {}!",
        "亲爱的{}同志！",
        "친애하는 {} 동지!",
    ],
    [
        "Dear Mr. {},",
        "Уважаемый господин {}!",
        "Sehr geehrter Herr {}!",
        "尊敬的{}先生！",
        "존경하는 {} 선생!",
    ],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cast::CAST;
    use crate::lang::L;
    use crate::sentence::{fill, Slots};
    use fonds_core::lang::{identify, Lang, LangEvidence};

    fn all_tables() -> Vec<(&'static str, &'static [Tr])> {
        vec![
            ("statements", STATEMENTS),
            ("questions", QUESTIONS),
            ("replies", REPLIES),
            ("narrative", NARRATIVE),
            ("decisions", DECISIONS),
            ("interludes", INTERLUDES),
            ("closings", CLOSINGS),
        ]
    }

    fn slots(k: usize) -> Slots {
        Slots {
            topic: k % TOPICS.len(),
            goods: k % GOODS.len(),
            city: k % CITIES.len(),
            n: 340,
            q: 104,
            r: 7,
            w: 9,
            year: 1957,
            person: &CAST[k % CAST.len()],
            formal: false,
        }
    }

    /// German and English share a script, so a reader tells them apart by
    /// their function words: every German sentence must look German and every
    /// English one English, or a translation's first paragraph could join the
    /// original (or the original's last paragraph the translation).
    #[test]
    fn latin_sentences_identify_as_their_language() {
        let de = Lang::from_code("de").unwrap();
        let en = Lang::from_code("en").unwrap();
        let mut bad = Vec::new();
        for (name, table) in all_tables() {
            for (i, t) in table.iter().enumerate() {
                for k in 0..TOPICS.len() {
                    let s = slots(k * 7 + i);
                    let g = fill(t[L::De.idx()], &s, L::De, false);
                    let e = fill(t[L::En.idx()], &s, L::En, false);
                    let ge = LangEvidence::of(&g);
                    let ee = LangEvidence::of(&e);
                    if ge.score(&de) <= ge.score(&en) || identify(&g).as_ref() == Some(&en) {
                        bad.push(format!("{name} {i} de: {g}"));
                    }
                    if ee.score(&en) <= ee.score(&de) || identify(&e).as_ref() == Some(&de) {
                        bad.push(format!("{name} {i} en: {e}"));
                    }
                }
            }
        }
        bad.dedup_by(|a, b| a.split(':').next() == b.split(':').next());
        assert!(
            bad.is_empty(),
            "{} sentences:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    #[test]
    fn sentences_hold_no_label_separators() {
        for (name, table) in all_tables().into_iter().chain([("us", US_LINES)]) {
            for (i, t) in table.iter().enumerate() {
                for s in t {
                    assert!(
                        !s.contains(" - ") && !s.contains(':') && !s.contains('：'),
                        "{name} {i}: {s}"
                    );
                }
            }
        }
    }
}
