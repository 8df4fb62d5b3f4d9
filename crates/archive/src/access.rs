//! Who may read what. A document is public, restricted (to roles or named
//! users) or embargoed until a day, by a rule of its own or of its
//! collection (the citation's publisher: a volume, a collection); its own
//! rule comes before its collection's. Admins read everything.
//!
//! This is the one place the rule is decided. For a reader it becomes a
//! [`Hidden`] set, which the store renders as SQL and the index as a
//! filter, and [`Archive::may_read`] answers for one document; every
//! answer the archive gives a reader goes through one of them. An embargo
//! ends by the clock: the set is worked out again each day, so the
//! document appears without a rebuild.

use crate::{Archive, ArchiveError};
use fonds_store::{AccessRow, Hidden, MAX_HIDDEN};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the rules a server holds are used before it asks the store
/// whether another process changed them: a rule set by `fonds access`
/// holds on a running server within this.
pub const RULES_CHECKED: Duration = Duration::from_secs(1);

/// What an account may do. Each role can do what the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Reader,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reader, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Who asks: no one logged in, a user with a role, or the archive's owner
/// at the console (an admin).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Viewer {
    user: Option<(String, Role)>,
}

impl Viewer {
    pub fn anonymous() -> Viewer {
        Viewer { user: None }
    }

    pub fn user(name: &str, role: Role) -> Viewer {
        Viewer {
            user: Some((name.to_string(), role)),
        }
    }

    /// The owner of the archive's files, at the console: what `fonds`
    /// commands act as.
    pub fn owner() -> Viewer {
        Viewer::user("console", Role::Admin)
    }

    /// The user's name, or "anonymous".
    pub fn name(&self) -> &str {
        self.user.as_ref().map_or("anonymous", |(n, _)| n)
    }

    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|(_, r)| *r)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    pub fn may_edit(&self) -> bool {
        self.role() >= Some(Role::Editor)
    }

    pub fn logged_in(&self) -> bool {
        self.user.is_some()
    }
}

/// What a rule says of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Public,
    Restricted,
    Embargoed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Public => "public",
            State::Restricted => "restricted",
            State::Embargoed => "embargoed",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        [State::Public, State::Restricted, State::Embargoed]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// What a rule is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Document,
    Collection,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Collection => "collection",
        }
    }
}

/// A rule to set: who may read a document or a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub state: State,
    /// The day an embargo ends (YYYY-MM-DD); required for an embargo.
    pub until: Option<String>,
    /// Roles that may read it meanwhile (each role above them too).
    pub roles: Vec<Role>,
    /// Users that may read it meanwhile.
    pub users: Vec<String>,
    /// Why, for admins.
    pub reason: String,
}

/// Whether a kept rule lets `viewer` read on `today` (YYYY-MM-DD).
fn open_to(rule: &AccessRow, viewer: &Viewer, today: &str) -> bool {
    match State::parse(&rule.state) {
        Some(State::Public) => return true,
        Some(State::Embargoed) if rule.until.as_deref().is_some_and(|u| u <= today) => return true,
        // A state this fonds does not know hides, as restricted.
        _ => {}
    }
    let Some((name, role)) = &viewer.user else {
        return false;
    };
    *role == Role::Admin
        || rule.users.iter().any(|u| u == name)
        || rule
            .roles
            .iter()
            .filter_map(|r| Role::parse(r))
            .any(|r| *role >= r)
}

/// The rules as last read, with the hidden sets worked out from them.
pub(crate) struct Rules {
    version: i64,
    documents: HashMap<String, AccessRow>,
    collections: HashMap<String, AccessRow>,
    /// Hidden sets by viewer and day.
    hidden: Mutex<HashMap<(Viewer, String), Arc<Hidden>>>,
    /// The index's query of each hidden set, kept so that each segment's
    /// hidden documents are found once ([`fonds_search::Index::hiding`]).
    queries: Mutex<Vec<(Arc<Hidden>, IndexQuery)>>,
    /// When each reader's reading of each document not public was last
    /// written to the audit log, so that one visit (the page, its scans,
    /// its downloads) is one entry.
    reads: Mutex<HashMap<(String, String), i64>>,
}

/// A query of the index.
type IndexQuery = Box<dyn fonds_search::TantivyQuery>;

/// How long one reading of a document is one entry of the audit log.
const READ_LOGGED_FOR: i64 = 3600;

impl Rules {
    fn of(version: i64, rows: Vec<AccessRow>) -> Rules {
        let (mut documents, mut collections) = (HashMap::new(), HashMap::new());
        for r in rows {
            if r.scope == Scope::Collection.as_str() {
                collections.insert(r.name.clone(), r);
            } else {
                documents.insert(r.name.clone(), r);
            }
        }
        Rules {
            version,
            documents,
            collections,
            hidden: Mutex::default(),
            queries: Mutex::default(),
            reads: Mutex::default(),
        }
    }

    fn hidden(&self, viewer: &Viewer, today: &str) -> Arc<Hidden> {
        let key = (viewer.clone(), today.to_string());
        let mut cache = self.hidden.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = cache.get(&key) {
            return h.clone();
        }
        let mut h = Hidden::default();
        if !viewer.is_admin() {
            for (id, rule) in &self.documents {
                if open_to(rule, viewer, today) {
                    h.shown.push(id.clone());
                } else {
                    h.ids.push(id.clone());
                }
            }
            for (name, rule) in &self.collections {
                if !open_to(rule, viewer, today) {
                    h.collections.push(name.clone());
                }
            }
            if h.collections.is_empty() {
                h.shown.clear();
            }
            h.ids.sort();
            h.collections.sort();
            h.shown.sort();
        }
        // Few viewers are seen in a day; a new day starts the cache again.
        if cache.len() > 10_000 || cache.keys().any(|(_, d)| d != today) {
            cache.clear();
        }
        let h = Arc::new(h);
        cache.insert(key, h.clone());
        h
    }
}

/// The day of Unix second `t`, YYYY-MM-DD (UTC).
fn day(t: i64) -> String {
    let stamp = fonds_store::rfc3339(t);
    stamp[..stamp.find('T').unwrap_or(stamp.len())].to_string()
}

/// Whether `s` is a day YYYY-MM-DD of the calendar.
pub fn valid_day(s: &str) -> bool {
    s.len() == 10 && jiff::civil::Date::strptime("%Y-%m-%d", s).is_ok()
}

impl Archive {
    /// The rules, read again when another process changed them: whether
    /// one did is asked of the store at most once every [`RULES_CHECKED`]
    /// (a rule this process sets holds at once).
    pub(crate) async fn rules(&self) -> Result<Arc<Rules>, ArchiveError> {
        {
            let kept = self.access.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((r, _)) = kept.as_ref().filter(|(_, at)| at.elapsed() < RULES_CHECKED) {
                return Ok(r.clone());
            }
        }
        let version = self.store.access_version().await?;
        {
            let mut kept = self.access.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((r, at)) = kept.as_mut().filter(|(r, _)| r.version == version) {
                *at = Instant::now();
                return Ok(r.clone());
            }
        }
        let rows = self.store.access_rules().await?;
        let version = rows.iter().map(|r| r.changed).max().unwrap_or(0);
        let rules = Arc::new(Rules::of(version, rows));
        *self.access.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((rules.clone(), Instant::now()));
        Ok(rules)
    }

    /// Today by the store's clock (YYYY-MM-DD).
    pub fn today(&self) -> String {
        day(self.store.now())
    }

    /// The documents `viewer` may not read today.
    pub async fn hidden(&self, viewer: &Viewer) -> Result<Arc<Hidden>, ArchiveError> {
        let h = self.rules().await?.hidden(viewer, &self.today());
        if h.ids.len() + h.collections.len() + h.shown.len() > MAX_HIDDEN {
            return Err(ArchiveError::Limit(format!(
                "more than {MAX_HIDDEN} documents and collections have rules of their own; \
                 set rules on collections rather than on each document"
            )));
        }
        Ok(h)
    }

    /// What `viewer` may not read, as the index selects it (for
    /// [`fonds_search::Index::within`]); None when they may read everything.
    pub(crate) async fn hidden_query(
        &self,
        viewer: &Viewer,
    ) -> Result<Option<Box<dyn fonds_search::TantivyQuery>>, ArchiveError> {
        /// How many hidden sets' queries are kept.
        const KEPT: usize = 64;
        let h = self.hidden(viewer).await?;
        if h.is_empty() {
            return Ok(None);
        }
        let rules = self.rules().await?;
        let mut kept = rules.queries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, q)) = kept.iter().find(|(k, _)| **k == *h) {
            return Ok(Some(q.box_clone()));
        }
        let q = self.index.hiding(&h.ids, &h.collections, &h.shown);
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.push((h, q.box_clone()));
        Ok(Some(q))
    }

    /// Whether `viewer` may read the document `id` today (false for a
    /// document there is not). Reading a document that is not public is
    /// written to the audit log.
    pub async fn may_read(&self, viewer: &Viewer, id: &str) -> Result<bool, ArchiveError> {
        let rules = self.rules().await?;
        let rule = match rules.documents.get(id) {
            Some(r) => Some(r),
            None => {
                let Some(collection) = self.store.collection_of(id).await? else {
                    return Ok(false);
                };
                rules.collections.get(&collection)
            }
        };
        let Some(rule) = rule else {
            return Ok(true);
        };
        let today = self.today();
        let open = open_to(rule, viewer, &today);
        let public = rule.state == "public"
            || (rule.state == "embargoed" && rule.until.as_deref().is_some_and(|u| *u <= *today));
        // A server that opened the archive read-only writes nothing, the
        // audit log included: its readings of what is not public go
        // unrecorded (its operator chose a read-only server).
        if open && !public && !self.read_only() {
            let now = self.store.now();
            let due = {
                let mut reads = rules.reads.lock().unwrap_or_else(|e| e.into_inner());
                if reads.len() > 100_000 {
                    reads.clear();
                }
                let key = (viewer.name().to_string(), id.to_string());
                match reads.get(&key) {
                    Some(&at) if now - at < READ_LOGGED_FOR => false,
                    _ => {
                        reads.insert(key, now);
                        true
                    }
                }
            };
            if due {
                self.store
                    .audit(
                        viewer.name(),
                        "read",
                        id,
                        &format!("{} document", rule.state),
                    )
                    .await?;
            }
        }
        Ok(open)
    }

    /// Sets who may read a document or a collection; only an admin may.
    /// The change shows at once on every surface of every server of the
    /// archive, and goes to the audit log.
    pub async fn set_access(
        &self,
        by: &Viewer,
        scope: Scope,
        name: &str,
        rule: &Rule,
    ) -> Result<AccessRow, ArchiveError> {
        if !by.is_admin() {
            return Err(ArchiveError::Forbidden(
                "only an admin sets who may read what".into(),
            ));
        }
        if name.trim().is_empty() {
            return Err(ArchiveError::Invalid(format!(
                "a {} needs a name",
                scope.as_str()
            )));
        }
        match (&rule.state, &rule.until) {
            (State::Embargoed, None) => {
                return Err(ArchiveError::Invalid(
                    "an embargo needs the day it ends (--until YYYY-MM-DD)".into(),
                ))
            }
            (State::Embargoed, Some(u)) if !valid_day(u) => {
                return Err(ArchiveError::Invalid(format!(
                    "{u:?} is not a day YYYY-MM-DD"
                )))
            }
            (State::Public | State::Restricted, Some(_)) => {
                return Err(ArchiveError::Invalid(
                    "only an embargo ends on a day (--until)".into(),
                ))
            }
            _ => {}
        }
        if scope == Scope::Document && self.store.collection_of(name).await?.is_none() {
            return Err(ArchiveError::Invalid(format!(
                "there is no document {name:?}"
            )));
        }
        let roles: Vec<String> = rule.roles.iter().map(|r| r.as_str().to_string()).collect();
        // This process's next answer reads the rules again.
        *self.access.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let row = self
            .store
            .set_access(
                scope.as_str(),
                name,
                rule.state.as_str(),
                rule.until.as_deref(),
                &roles,
                &rule.users,
                &rule.reason,
                by.name(),
            )
            .await?;
        let detail = format!(
            "{}{}{}{}{}",
            rule.state.as_str(),
            rule.until
                .as_deref()
                .map(|u| format!(" until {u}"))
                .unwrap_or_default(),
            if roles.is_empty() {
                String::new()
            } else {
                format!("; roles {}", roles.join(","))
            },
            if rule.users.is_empty() {
                String::new()
            } else {
                format!("; users {}", rule.users.join(","))
            },
            if rule.reason.is_empty() {
                String::new()
            } else {
                format!("; reason: {}", rule.reason)
            },
        );
        self.store
            .audit(
                by.name(),
                "access",
                &format!("{} {name}", scope.as_str()),
                &detail,
            )
            .await?;
        Ok(row)
    }

    /// Every rule, for an admin.
    pub async fn access_rules(&self, by: &Viewer) -> Result<Vec<AccessRow>, ArchiveError> {
        if !by.is_admin() {
            return Err(ArchiveError::Forbidden(
                "only an admin sees the access rules".into(),
            ));
        }
        Ok(self.store.access_rules().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, until: Option<&str>, roles: &[&str], users: &[&str]) -> AccessRow {
        AccessRow {
            scope: "document".into(),
            name: "d".into(),
            state: state.into(),
            until: until.map(String::from),
            roles: roles.iter().map(|s| s.to_string()).collect(),
            users: users.iter().map(|s| s.to_string()).collect(),
            reason: String::new(),
            changed: 1,
            set_at: String::new(),
            set_by: String::new(),
        }
    }

    #[test]
    fn rules_open_to_whom_they_name_and_admins() {
        let anon = Viewer::anonymous();
        let reader = Viewer::user("ann", Role::Reader);
        let editor = Viewer::user("bo", Role::Editor);
        let admin = Viewer::user("cy", Role::Admin);
        let today = "2026-12-04";
        let restricted = row("restricted", None, &["editor"], &["ann"]);
        assert!(!open_to(&restricted, &anon, today));
        assert!(open_to(&restricted, &reader, today), "named");
        assert!(open_to(&restricted, &editor, today), "by role");
        assert!(open_to(&restricted, &admin, today));
        assert!(!open_to(
            &restricted,
            &Viewer::user("dee", Role::Reader),
            today
        ));
        let embargo = row("embargoed", Some("2026-12-05"), &[], &[]);
        assert!(!open_to(&embargo, &editor, today));
        assert!(open_to(&embargo, &admin, today));
        assert!(open_to(&embargo, &anon, "2026-12-05"), "ends that day");
        assert!(!open_to(&row("secret", None, &[], &[]), &anon, today));
    }

    #[test]
    fn days_are_checked() {
        assert!(valid_day("2030-01-31"));
        assert!(!valid_day("2030-02-30"));
        assert!(!valid_day("2030-1-3"));
        assert_eq!(day(0), "1970-01-01");
    }
}
