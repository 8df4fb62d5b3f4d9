//! OCFL 1.1, the Oxford Common File Layout, both ways: the storage root
//! `fonds export --format ocfl` writes (one object per document, each
//! stored version an OCFL version with its date and message), and the
//! check an object passes before its sources are read back, every version
//! in the order the archive took them in.
//!
//! The root uses the storage layout extension
//! `0003-hash-and-id-n-tuple-storage-layout` (SHA-256 of the object's id,
//! three tuples of three, then the id itself, percent-encoded), so that a
//! person can find a document's object by its id and a million objects
//! spread over folders of at most 4,096. Content is addressed by SHA-512;
//! the inventory's fixity block gives SHA-256 as well, the checksum the
//! archive keeps its sources under.
//!
//! A document's version holds its source (`source/NAME`), the document as
//! JSON, TEI and plain text, its citations, and `fonds/version.json`, which
//! says what the archive knew of the version: its number, when it was
//! imported, the source's name and SHA-256, and where the source is. A
//! source several documents were read from (a printed volume) is an object
//! of its own, `source:SHA256`, which their versions name instead of each
//! holding a copy.

use crate::bag::{digest, files_under, hex, safe_path, PayloadFile};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256, Sha512};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The storage root's declaration (NAMASTE file).
pub const ROOT_DECLARATION: &str = "0=ocfl_1.1";
const OBJECT_DECLARATION: &str = "0=ocfl_object_1.1";
/// The layout extension every root fonds writes uses.
pub const LAYOUT: &str = "0003-hash-and-id-n-tuple-storage-layout";
/// The file in each version of a document's object that says what the
/// archive knew of the version.
pub const VERSION_FILE: &str = "fonds/version.json";
/// Where a document's own source is in its versions.
pub const SOURCE_DIR: &str = "source";

/// The largest inventory read.
const MAX_INVENTORY: u64 = 64 << 20;
/// The largest `fonds/version.json` read.
const MAX_VERSION_FILE: u64 = 1 << 20;
/// The most versions an object may have.
const MAX_VERSIONS: usize = 100_000;
/// The most objects a root may hold.
const MAX_OBJECTS: usize = 10_000_000;
/// How deep objects may lie under a root.
const MAX_DEPTH: usize = 32;

/// The id of the object holding a source several documents share.
pub fn source_object_id(sha256: &str) -> String {
    format!("source:{sha256}")
}

/// An object's path under the root, by the 0003 layout: the SHA-256 of the
/// id in three tuples of three characters, then the id with every
/// character but `A-Za-z0-9-_` percent-encoded (cut to 100 characters and
/// followed by the digest when longer).
pub fn object_path(id: &str) -> String {
    let digest = hex(&Sha256::digest(id.as_bytes()));
    let mut encoded = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            encoded.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{b:02x}"));
            }
        }
    }
    if encoded.len() > 100 {
        encoded = format!("{}-{digest}", &encoded[..100]);
    }
    format!(
        "{}/{}/{}/{encoded}",
        &digest[0..3],
        &digest[3..6],
        &digest[6..9]
    )
}

/// Makes `root` an OCFL storage root if it is not one: it must then be
/// missing or empty. A root of another layout is refused, since objects
/// could not be found in it by their ids.
pub fn init_root(root: &Path) -> std::io::Result<()> {
    if root.join(ROOT_DECLARATION).is_file() {
        let layout = std::fs::read_to_string(root.join("ocfl_layout.json")).unwrap_or_default();
        let named = serde_json::from_str::<Value>(&layout)
            .ok()
            .and_then(|v| v.get("extension")?.as_str().map(str::to_string));
        if named.as_deref() != Some(LAYOUT) {
            return Err(std::io::Error::other(format!(
                "{} is an OCFL storage root of another layout ({}); fonds writes only into roots of {LAYOUT}",
                root.display(),
                named.unwrap_or_else(|| "none named".into())
            )));
        }
        return Ok(());
    }
    if root.exists()
        && std::fs::read_dir(root)?
            .flatten()
            .any(|e| e.file_name() != "manifest.json")
    {
        return Err(std::io::Error::other(format!(
            "{} is neither empty nor an OCFL storage root",
            root.display()
        )));
    }
    std::fs::create_dir_all(root.join("extensions").join(LAYOUT))?;
    std::fs::write(root.join(ROOT_DECLARATION), "ocfl_1.1\n")?;
    let layout = json!({
        "extension": LAYOUT,
        "description": "Hashed Truncated N-tuple Trees with Object ID Encapsulating Directory",
    });
    std::fs::write(
        root.join("ocfl_layout.json"),
        serde_json::to_string_pretty(&layout)? + "\n",
    )?;
    let config = json!({
        "extensionName": LAYOUT,
        "digestAlgorithm": "sha256",
        "tupleSize": 3,
        "numberOfTuples": 3,
    });
    std::fs::write(
        root.join("extensions").join(LAYOUT).join("config.json"),
        serde_json::to_string_pretty(&config)? + "\n",
    )
}

/// A version to write: when it was made, what it was, and its files by
/// their logical paths.
pub struct Version {
    pub created: String,
    pub message: String,
    pub files: Vec<PayloadFile>,
}

/// What writing an object did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new object, with this many versions.
    New(usize),
    /// An object the root held, with this many versions added.
    Appended(usize),
    /// An object the root held with every version already.
    Unchanged,
}

/// Writes the object `id` with `versions` into the storage root. A new
/// object is written beside its place under a hidden name and renamed
/// into place whole. An object the root already holds gains the versions
/// it lacks: its versions must be the first of `versions` (their dates
/// agree), the new versions' folders are written first and its inventory
/// replaced last, so that an interrupted run leaves the object as it was
/// (the next run removes the folders it left).
pub fn write_object(root: &Path, id: &str, versions: &[Version]) -> std::io::Result<Written> {
    let dir = root.join(object_path(id));
    let mut inventory = if dir.join("inventory.json").is_file() {
        let (inv, _) = read_inventory(&dir).map_err(std::io::Error::other)?;
        if inv.id != id {
            return Err(std::io::Error::other(format!(
                "{} holds the object {:?}, not {id:?}",
                dir.display(),
                inv.id
            )));
        }
        inv
    } else {
        Inventory {
            id: id.to_string(),
            algorithm: "sha512".into(),
            manifest: BTreeMap::new(),
            fixity: BTreeMap::new(),
            versions: Vec::new(),
        }
    };
    let held = inventory.versions.len();
    for (n, (had, ours)) in inventory.versions.iter().zip(versions).enumerate() {
        if had.created != ours.created {
            return Err(std::io::Error::other(format!(
                "the object {id:?} in the root has another version {} (made {}, the archive's {})",
                n + 1,
                had.created,
                ours.created
            )));
        }
    }
    if held > versions.len() {
        return Err(std::io::Error::other(format!(
            "the object {id:?} in the root has {held} versions, the archive {}",
            versions.len()
        )));
    }
    if held == versions.len() {
        return Ok(Written::Unchanged);
    }
    let fresh = held == 0;
    let target = if fresh {
        let partial = crate::partial_name(&dir);
        let _ = std::fs::remove_dir_all(&partial);
        std::fs::create_dir_all(&partial)?;
        std::fs::write(partial.join(OBJECT_DECLARATION), "ocfl_object_1.1\n")?;
        partial
    } else {
        dir.clone()
    };
    for (n, v) in versions.iter().enumerate().skip(held) {
        let name = format!("v{}", n + 1);
        let vdir = target.join(&name);
        // Left by a run that stopped before the inventory named it.
        let _ = std::fs::remove_dir_all(&vdir);
        std::fs::create_dir_all(&vdir)?;
        let mut state: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &v.files {
            let logical = safe_path(&f.path);
            let sha512 = hex(&Sha512::digest(&f.bytes));
            if !inventory.manifest.contains_key(&sha512) {
                let content = format!("{name}/content/{logical}");
                let path = target.join(&content);
                if let Some(p) = path.parent() {
                    std::fs::create_dir_all(p)?;
                }
                std::fs::write(&path, &f.bytes)?;
                inventory
                    .fixity
                    .entry(hex(&Sha256::digest(&f.bytes)))
                    .or_default()
                    .push(content.clone());
                inventory.manifest.insert(sha512.clone(), vec![content]);
            }
            let paths = state.entry(sha512).or_default();
            if !paths.contains(&logical) {
                paths.push(logical);
            }
        }
        inventory.versions.push(InventoryVersion {
            created: v.created.clone(),
            message: v.message.clone(),
            state,
        });
        write_inventory(&vdir, &inventory)?;
    }
    if fresh {
        write_inventory(&target, &inventory)?;
        std::fs::rename(&target, &dir)?;
        Ok(Written::New(versions.len()))
    } else {
        write_inventory(&target, &inventory)?;
        Ok(Written::Appended(versions.len() - held))
    }
}

/// The dates of the versions the root holds of the object `id`: empty when
/// it holds no such object or its inventory does not check.
pub fn held_versions(root: &Path, id: &str) -> Vec<String> {
    match read_inventory(&root.join(object_path(id))) {
        Ok((inv, _)) if inv.id == id => inv.versions.into_iter().map(|v| v.created).collect(),
        _ => Vec::new(),
    }
}

/// An inventory, as far as fonds reads and writes one.
struct Inventory {
    id: String,
    algorithm: String,
    /// Digest to content paths.
    manifest: BTreeMap<String, Vec<String>>,
    /// SHA-256 to content paths.
    fixity: BTreeMap<String, Vec<String>>,
    versions: Vec<InventoryVersion>,
}

struct InventoryVersion {
    created: String,
    message: String,
    /// Digest to logical paths.
    state: BTreeMap<String, Vec<String>>,
}

/// Writes `inventory.json` and its sidecar into `dir` (each written to a
/// temporary file and renamed: the sidecar last, so that a stop between
/// them is found by a check).
fn write_inventory(dir: &Path, inv: &Inventory) -> std::io::Result<()> {
    let mut versions = Map::new();
    for (n, v) in inv.versions.iter().enumerate() {
        versions.insert(
            format!("v{}", n + 1),
            json!({
                "created": v.created,
                "message": v.message,
                "state": v.state,
                // Who made a version: the program that imported it (an
                // import has no person behind it the archive knows).
                "user": { "name": "fonds" },
            }),
        );
    }
    let mut value = json!({
        "id": inv.id,
        "type": "https://ocfl.io/1.1/spec/#inventory",
        "digestAlgorithm": inv.algorithm,
        "head": format!("v{}", inv.versions.len()),
        "contentDirectory": "content",
        "manifest": inv.manifest,
        "versions": versions,
    });
    if !inv.fixity.is_empty() {
        value["fixity"] = json!({ "sha256": inv.fixity });
    }
    let text = serde_json::to_string_pretty(&value)? + "\n";
    let sum = match inv.algorithm.as_str() {
        "sha256" => hex(&Sha256::digest(text.as_bytes())),
        _ => hex(&Sha512::digest(text.as_bytes())),
    };
    crate::write_whole(&dir.join("inventory.json"), text.as_bytes())?;
    crate::write_whole(
        &dir.join(format!("inventory.json.{}", inv.algorithm)),
        format!("{sum} inventory.json\n").as_bytes(),
    )
}

/// Reads and checks an object's inventory: its declaration, its sidecar's
/// digest, its shape (an id, versions v1 to the head, every state's digest
/// in the manifest). Returns it with the text's digest.
fn read_inventory(dir: &Path) -> Result<(Inventory, String), String> {
    if !dir.join(OBJECT_DECLARATION).is_file() && !dir.join("0=ocfl_object_1.0").is_file() {
        return Err("no object declaration (0=ocfl_object_1.1)".into());
    }
    let path = dir.join("inventory.json");
    let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("inventory.json: {e}"))?;
    if !meta.is_file() {
        return Err("inventory.json is not a file".into());
    }
    if meta.len() > MAX_INVENTORY {
        return Err(format!(
            "inventory.json is {} bytes, more than the {MAX_INVENTORY} read",
            meta.len()
        ));
    }
    let bytes = read_whole(&path).map_err(|e| format!("inventory.json: {e}"))?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("inventory.json: {e}"))?;
    let field = |name: &str| {
        value
            .get(name)
            .ok_or_else(|| format!("inventory.json has no {name:?}"))
    };
    let text = |name: &str| -> Result<String, String> {
        field(name)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("inventory.json: {name:?} is not a string"))
    };
    let id = text("id")?;
    let algorithm = text("digestAlgorithm")?;
    let sum = match algorithm.as_str() {
        "sha512" => hex(&Sha512::digest(&bytes)),
        "sha256" => hex(&Sha256::digest(&bytes)),
        other => {
            return Err(format!(
                "the digest algorithm {other:?} is not one fonds reads"
            ))
        }
    };
    let sidecar = std::fs::read_to_string(dir.join(format!("inventory.json.{algorithm}")))
        .map_err(|e| format!("inventory.json.{algorithm}: {e}"))?;
    let said = sidecar.split_whitespace().next().unwrap_or_default();
    if !said.eq_ignore_ascii_case(&sum) {
        return Err(format!(
            "inventory.json does not have the digest its sidecar inventory.json.{algorithm} gives"
        ));
    }
    if field("contentDirectory")
        .ok()
        .is_some_and(|c| c.as_str() != Some("content"))
    {
        return Err("a content directory other than \"content\" is not read".into());
    }
    let lists = |v: &Value, what: &str| -> Result<BTreeMap<String, Vec<String>>, String> {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("inventory.json: {what} is not an object"))?;
        obj.iter()
            .map(|(k, paths)| {
                let paths = paths
                    .as_array()
                    .ok_or_else(|| format!("inventory.json: {what}[{k:?}] is not a list"))?
                    .iter()
                    .map(|p| {
                        p.as_str().map(str::to_string).ok_or_else(|| {
                            format!("inventory.json: {what}[{k:?}] holds a non-string")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((k.to_ascii_lowercase(), paths))
            })
            .collect()
    };
    let manifest = lists(field("manifest")?, "manifest")?;
    let fixity = match value.get("fixity").and_then(|f| f.get("sha256")) {
        Some(f) => lists(f, "fixity.sha256")?,
        None => BTreeMap::new(),
    };
    let all = field("versions")?
        .as_object()
        .ok_or("inventory.json: versions is not an object")?;
    if all.len() > MAX_VERSIONS {
        return Err(format!("more than {MAX_VERSIONS} versions"));
    }
    let head = text("head")?;
    let mut versions = Vec::new();
    for n in 1..=all.len() {
        let v = all
            .get(&format!("v{n}"))
            .or_else(|| {
                all.iter()
                    .find(|(k, _)| version_number(k) == Some(n))
                    .map(|(_, v)| v)
            })
            .ok_or_else(|| format!("inventory.json: version {n} is missing"))?;
        let state = lists(
            v.get("state").ok_or(format!("version {n} has no state"))?,
            "state",
        )?;
        if let Some(d) = state.keys().find(|d| !manifest.contains_key(*d)) {
            return Err(format!(
                "version {n}'s state names the digest {d}, which the manifest lacks"
            ));
        }
        versions.push(InventoryVersion {
            created: v
                .get("created")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            message: v
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            state,
        });
    }
    if version_number(&head) != Some(versions.len()) {
        return Err(format!(
            "inventory.json: the head {head:?} is not the last version"
        ));
    }
    Ok((
        Inventory {
            id,
            algorithm,
            manifest,
            fixity,
            versions,
        },
        sum,
    ))
}

/// A regular file's bytes, no link followed.
fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut crate::source::open_regular(path)?, &mut bytes)?;
    Ok(bytes)
}

/// `v3` or `v003` as 3.
fn version_number(name: &str) -> Option<usize> {
    let digits = name.strip_prefix('v')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// Whether `dir` is an OCFL storage root.
pub fn is_root(dir: &Path) -> bool {
    dir.join(ROOT_DECLARATION).is_file() || dir.join("0=ocfl_1.0").is_file()
}

/// Whether `dir` is an OCFL object.
pub fn is_object(dir: &Path) -> bool {
    dir.join(OBJECT_DECLARATION).is_file() || dir.join("0=ocfl_object_1.0").is_file()
}

/// A source to import from a root: the content file, the name it was
/// imported under and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub path: PathBuf,
    pub name: String,
    pub imported_at: Option<String>,
}

/// What a root or an object gives: its sources in the order to import
/// them, and the objects refused, each with the first thing wrong.
#[derive(Debug, Default)]
pub struct Reading {
    pub sources: Vec<Source>,
    pub refused: Vec<(PathBuf, String)>,
}

/// An object that checked: where it is and what it holds.
struct Checked {
    dir: PathBuf,
    inventory: Inventory,
}

impl Checked {
    /// The content file of a logical path in version `n` (1-based).
    fn file(&self, n: usize, logical: &str) -> Option<PathBuf> {
        let state = &self.inventory.versions.get(n.checked_sub(1)?)?.state;
        let (digest, _) = state
            .iter()
            .find(|(_, paths)| paths.iter().any(|p| p == logical))?;
        let content = self.inventory.manifest.get(digest)?.first()?;
        Some(self.dir.join(content))
    }

    /// The SHA-256 the inventory's fixity block gives a content file.
    fn fixity_sha256(&self, file: &Path) -> Option<&str> {
        let content = file.strip_prefix(&self.dir).ok()?.to_str()?;
        self.inventory
            .fixity
            .iter()
            .find(|(_, paths)| paths.iter().any(|p| p == content))
            .map(|(sum, _)| sum.as_str())
    }
}

/// Checks an object whole: its inventory, then every content file against
/// the manifest's digest, and that no content file is unlisted.
fn check_object(dir: &Path) -> Result<Checked, String> {
    let (inventory, _) = read_inventory(dir)?;
    let mut listed = HashSet::new();
    for (sum, paths) in &inventory.manifest {
        for p in paths {
            if p.split('/').any(|part| part == ".." || part.is_empty())
                || version_number(p.split('/').next().unwrap_or_default()).is_none()
            {
                return Err(format!("the manifest lists {p:?}, not a content path"));
            }
            let actual = digest(&dir.join(p), inventory.algorithm == "sha512")
                .map_err(|e| format!("{p}: {e}"))?;
            if !actual.eq_ignore_ascii_case(sum) {
                return Err(format!(
                    "{p}: its digest is not the one the inventory gives"
                ));
            }
            listed.insert(p.clone());
        }
    }
    for n in 1..=inventory.versions.len() {
        let content = dir.join(format!("v{n}/content"));
        if !content.is_dir() {
            continue;
        }
        let mut present = Vec::new();
        files_under(dir, &content, &mut present).map_err(|e| format!("v{n}/content: {e}"))?;
        if let Some(extra) = present.iter().find(|p| !listed.contains(*p)) {
            return Err(format!("{extra} is in the object but not in its manifest"));
        }
    }
    Ok(Checked {
        dir: dir.to_path_buf(),
        inventory,
    })
}

/// The objects under a root (not descending into an object), links not
/// followed.
fn find_objects(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if is_object(dir) {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Err(format!(
            "{} lies deeper than {MAX_DEPTH} folders",
            dir.display()
        ));
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let extensions = depth == 0 && name == "extensions";
            !(name.starts_with('.') || extensions)
        })
        .collect();
    entries.sort();
    for e in entries {
        find_objects(&e, depth + 1, out)?;
        if out.len() > MAX_OBJECTS {
            return Err(format!("more than {MAX_OBJECTS} objects"));
        }
    }
    Ok(())
}

/// A version's `fonds/version.json`, as far as reading back needs it.
struct VersionNote {
    imported_at: Option<String>,
    name: String,
    sha256: String,
    /// The object holding the source (None: this one) and its logical path
    /// there.
    object: Option<String>,
    path: String,
}

fn version_note(file: &Path) -> Result<VersionNote, String> {
    let meta = std::fs::symlink_metadata(file).map_err(|e| format!("{VERSION_FILE}: {e}"))?;
    if meta.len() > MAX_VERSION_FILE {
        return Err(format!(
            "{VERSION_FILE} is larger than {MAX_VERSION_FILE} bytes"
        ));
    }
    let v: Value =
        serde_json::from_slice(&read_whole(file).map_err(|e| format!("{VERSION_FILE}: {e}"))?)
            .map_err(|e| format!("{VERSION_FILE}: {e}"))?;
    let s = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    let source = v
        .get("source")
        .ok_or(format!("{VERSION_FILE} says nothing of the source"))?;
    Ok(VersionNote {
        imported_at: s(&v, "imported_at"),
        name: s(source, "name").ok_or(format!("{VERSION_FILE}: the source has no name"))?,
        sha256: s(source, "sha256").unwrap_or_default().to_ascii_lowercase(),
        object: s(source, "object"),
        path: s(source, "path").ok_or(format!("{VERSION_FILE}: the source has no path"))?,
    })
}

/// Checks the root or object at `dir` and returns its sources: each
/// document object's versions' sources, oldest first, a source several
/// documents share once for each time it was imported, in an order that
/// keeps every object's versions in theirs. An object that does not check
/// is refused with the first thing wrong and the rest go on; an object
/// fonds did not write gives the files of its last version (`ID/PATH`).
pub fn sources(dir: &Path) -> Result<Reading, String> {
    let mut found = Vec::new();
    find_objects(dir, 0, &mut found)?;
    let mut reading = Reading::default();
    let mut objects: HashMap<String, Checked> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for o in found {
        match check_object(&o) {
            Ok(c) => {
                let id = c.inventory.id.clone();
                if objects.contains_key(&id) {
                    reading
                        .refused
                        .push((o, format!("a second object with the id {id:?}")));
                    continue;
                }
                order.push(id.clone());
                objects.insert(id, c);
            }
            Err(why) => reading.refused.push((o, why)),
        }
    }
    // Every import as a node; each object's versions in their order as
    // edges between them.
    struct Node {
        key: String,
        source: Source,
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    let mut referenced: HashSet<String> = HashSet::new();
    let mut checked_sums: HashMap<PathBuf, String> = HashMap::new();
    let mut chains: Vec<Vec<usize>> = Vec::new();
    'objects: for id in &order {
        let object = &objects[id];
        if object.file(1, VERSION_FILE).is_none() {
            continue;
        }
        let mut chain = Vec::new();
        for n in 1..=object.inventory.versions.len() {
            let Some(file) = object.file(n, VERSION_FILE) else {
                reading.refused.push((
                    object.dir.clone(),
                    format!("version {n} has no {VERSION_FILE}"),
                ));
                continue 'objects;
            };
            let note = match version_note(&file) {
                Ok(note) => note,
                Err(why) => {
                    reading
                        .refused
                        .push((object.dir.clone(), format!("version {n}: {why}")));
                    continue 'objects;
                }
            };
            let holder = match &note.object {
                None => Some((object, n)),
                Some(other) => objects.get(other).map(|o| (o, o.inventory.versions.len())),
            };
            let Some((holder, path)) = holder.and_then(|(o, v)| Some((o, o.file(v, &note.path)?)))
            else {
                let place = note.object.as_deref().unwrap_or("this object");
                reading.refused.push((
                    object.dir.clone(),
                    format!(
                        "version {n}'s source {:?} is not in {place}, or {place} is not in what was read",
                        note.path
                    ),
                ));
                continue 'objects;
            };
            if let Some(other) = &note.object {
                referenced.insert(other.clone());
            }
            if !note.sha256.is_empty() {
                // The inventory's fixity block gives the SHA-256 of a file
                // its digest was checked against; read the file again only
                // for an inventory that has none.
                let sum = match holder.fixity_sha256(&path) {
                    Some(sum) => sum.to_string(),
                    None => match checked_sums.get(&path) {
                        Some(sum) => sum.clone(),
                        None => {
                            let sum = digest(&path, false)
                                .map_err(|e| format!("{}: {e}", path.display()))?;
                            checked_sums.insert(path.clone(), sum.clone());
                            sum
                        }
                    },
                };
                if sum != note.sha256 {
                    reading.refused.push((
                        object.dir.clone(),
                        format!(
                            "version {n}'s source does not have the SHA-256 {VERSION_FILE} gives"
                        ),
                    ));
                    continue 'objects;
                }
            }
            let key = format!(
                "{}\u{0}{}\u{0}{}",
                note.imported_at.as_deref().unwrap_or_default(),
                note.sha256,
                note.name
            );
            let node = *by_key.entry(key.clone()).or_insert_with(|| {
                nodes.push(Node {
                    key: note.imported_at.clone().unwrap_or_default(),
                    source: Source {
                        path,
                        name: note.name.clone(),
                        imported_at: note.imported_at.clone(),
                    },
                });
                edges.push(Vec::new());
                nodes.len() - 1
            });
            if chain.last() != Some(&node) {
                chain.push(node);
            }
        }
        chains.push(chain);
    }
    for chain in &chains {
        for w in chain.windows(2) {
            edges[w[0]].push(w[1]);
        }
    }
    // Objects fonds did not write, and sources no document names: the
    // files of their last version.
    for id in &order {
        let object = &objects[id];
        if object.file(1, VERSION_FILE).is_some() || referenced.contains(id) {
            continue;
        }
        let Some(last) = object.inventory.versions.last() else {
            continue;
        };
        let n = object.inventory.versions.len();
        let mut paths: Vec<&String> = last.state.values().flatten().collect();
        paths.sort();
        for p in paths {
            if !crate::RECORD_EXTENSIONS
                .iter()
                .any(|ext| p.to_ascii_lowercase().ends_with(&format!(".{ext}")))
            {
                continue;
            }
            let Some(path) = object.file(n, p) else {
                continue;
            };
            let name = if id.starts_with("source:") {
                p.clone()
            } else {
                format!("{id}/{p}")
            };
            nodes.push(Node {
                key: last.created.clone(),
                source: Source {
                    path,
                    name,
                    imported_at: None,
                },
            });
            edges.push(Vec::new());
        }
    }
    // The earliest import whose predecessors are all taken, each time.
    let mut incoming = vec![0usize; nodes.len()];
    for targets in &edges {
        for t in targets {
            incoming[*t] += 1;
        }
    }
    let mut ready: BinaryHeap<std::cmp::Reverse<(String, usize)>> = (0..nodes.len())
        .filter(|i| incoming[*i] == 0)
        .map(|i| std::cmp::Reverse((nodes[i].key.clone(), i)))
        .collect();
    let mut taken = vec![false; nodes.len()];
    let mut sequence = Vec::with_capacity(nodes.len());
    loop {
        let next = match ready.pop() {
            Some(std::cmp::Reverse((_, i))) => i,
            // A circle (two objects disagreeing about order): the earliest
            // left.
            None => match (0..nodes.len())
                .filter(|i| !taken[*i])
                .min_by(|a, b| nodes[*a].key.cmp(&nodes[*b].key).then(a.cmp(b)))
            {
                Some(i) => i,
                None => break,
            },
        };
        if taken[next] {
            continue;
        }
        taken[next] = true;
        sequence.push(next);
        for t in &edges[next] {
            incoming[*t] = incoming[*t].saturating_sub(1);
            if incoming[*t] == 0 && !taken[*t] {
                ready.push(std::cmp::Reverse((nodes[*t].key.clone(), *t)));
            }
        }
    }
    let mut nodes: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    reading.sources = sequence
        .into_iter()
        .filter_map(|i| nodes[i].take().map(|n| n.source))
        .collect();
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> PayloadFile {
        PayloadFile {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    fn note(
        version: u32,
        at: &str,
        name: &str,
        bytes: &[u8],
        object: Option<&str>,
        path: &str,
    ) -> PayloadFile {
        let mut source = json!({
            "name": name,
            "sha256": hex(&Sha256::digest(bytes)),
            "path": path,
        });
        if let Some(o) = object {
            source["object"] = json!(o);
        }
        file(
            VERSION_FILE,
            json!({ "version": version, "imported_at": at, "source": source })
                .to_string()
                .as_bytes(),
        )
    }

    #[test]
    fn object_paths_follow_the_0003_layout() {
        // The extension's own worked example: "object-01" under SHA-256.
        assert_eq!(object_path("object-01"), "3c0/ff4/240/object-01");
        assert_eq!(
            object_path("..hor/rib:le-$id"),
            "487/326/d8c/%2e%2ehor%2frib%3ale-%24id"
        );
        let long = "x".repeat(120);
        let p = object_path(&long);
        assert!(p.ends_with(&hex(&Sha256::digest(long.as_bytes()))), "{p}");
    }

    #[test]
    fn versions_read_back_in_order_and_a_changed_byte_refuses_the_object() {
        let root = std::env::temp_dir().join(format!("fonds-ocfl-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        init_root(&root).unwrap();
        let volume = b"<TEI>two documents</TEI>";
        let shared = source_object_id(&hex(&Sha256::digest(volume)));
        let w = write_object(
            &root,
            &shared,
            &[Version {
                created: "2020-01-01T00:00:00Z".into(),
                message: "the volume".into(),
                files: vec![file("vol.xml", volume)],
            }],
        )
        .unwrap();
        assert_eq!(w, Written::New(1));
        // d1: first from the volume, then from a file of its own; d2 from
        // the volume alone, imported at the same moment.
        let at1 = "2020-01-01T00:00:00Z";
        let at2 = "2020-02-01T00:00:00Z";
        let d1 = [
            Version {
                created: at1.into(),
                message: "imported".into(),
                files: vec![note(1, at1, "vol.xml", volume, Some(&shared), "vol.xml")],
            },
            Version {
                created: at2.into(),
                message: "imported again".into(),
                files: vec![
                    note(2, at2, "d1.txt", b"d1 corrected", None, "source/d1.txt"),
                    file("source/d1.txt", b"d1 corrected"),
                ],
            },
        ];
        assert_eq!(
            write_object(&root, "d1", &d1[..1]).unwrap(),
            Written::New(1)
        );
        assert_eq!(
            write_object(&root, "d1", &d1).unwrap(),
            Written::Appended(1)
        );
        assert_eq!(write_object(&root, "d1", &d1).unwrap(), Written::Unchanged);
        let d2 = [Version {
            created: at1.into(),
            message: "imported".into(),
            files: vec![note(1, at1, "vol.xml", volume, Some(&shared), "vol.xml")],
        }];
        write_object(&root, "d2", &d2).unwrap();
        let r = sources(&root).unwrap();
        assert!(r.refused.is_empty(), "{:?}", r.refused);
        let got: Vec<(&str, Option<&str>)> = r
            .sources
            .iter()
            .map(|s| (s.name.as_str(), s.imported_at.as_deref()))
            .collect();
        assert_eq!(got, [("vol.xml", Some(at1)), ("d1.txt", Some(at2))]);

        // A version of other dates is not appended over.
        let other = [Version {
            created: "1999-01-01T00:00:00Z".into(),
            message: String::new(),
            files: vec![],
        }];
        assert!(write_object(&root, "d1", &other).is_err());

        // A flipped byte: that object is refused, the others read.
        let content = root
            .join(object_path("d1"))
            .join("v2/content/source/d1.txt");
        std::fs::write(&content, b"d1 Corrected").unwrap();
        let r = sources(&root).unwrap();
        assert_eq!(r.refused.len(), 1, "{:?}", r.refused);
        assert!(r.refused[0].1.contains("digest"), "{:?}", r.refused);
        assert_eq!(r.sources.len(), 1);
        let _ = std::fs::remove_dir_all(&root);
    }
}
