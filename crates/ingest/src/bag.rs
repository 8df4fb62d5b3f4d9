//! BagIt bags (RFC 8493), both ways: the layout fonds writes a document's
//! bag in, and the check a bag passes before its sources are read back.
//!
//! A document's bag holds, under `data/`, every stored version's source byte
//! for byte (`data/sources/v1/NAME`, `v2`, ...), the document as JSON, TEI
//! and plain text, and its citation; `manifest-sha256.txt` and
//! `manifest-sha512.txt` list every payload file, `bag-info.txt` says what
//! the bag is. Reading a bag back checks `bagit.txt`, that every file the
//! manifests list is there with those checksums and that no payload file
//! is unlisted; only then are its sources read, oldest version first, under
//! the names they were imported with.

use sha2::{Digest, Sha256, Sha512};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The folder under `data/` that holds the versions' sources.
pub const SOURCES: &str = "sources";

/// The most files a bag's manifest may list.
const MAX_LISTED: usize = 100_000;

/// A file of a bag's payload: its path under the bag (`data/...`, with '/')
/// and its bytes.
pub struct PayloadFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A name as a path under `data/`: its parts kept, path separators and
/// control characters, `.` and `..` left out.
pub fn safe_path(name: &str) -> String {
    name.split(['/', '\\'])
        .map(|part| part.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|part| !part.is_empty() && part != "." && part != "..")
        .collect::<Vec<_>>()
        .join("/")
}

/// A path as a manifest line writes it (RFC 8493 2.1.3): `%`, CR and LF
/// percent-encoded.
fn encode(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn decode(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes a bag at `dir`, which must not exist: it is written beside it
/// under a hidden name and renamed into place whole, so that a bag is
/// either all there or not there. `info` becomes `bag-info.txt` (with the
/// payload's size, `Payload-Oxum`, added).
pub fn write(
    dir: &Path,
    payload: &[PayloadFile],
    info: &[(String, String)],
) -> std::io::Result<()> {
    let partial = crate::partial_name(dir);
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(partial.join("data"))?;
    let (mut m256, mut m512) = (String::new(), String::new());
    let mut octets = 0usize;
    for f in payload {
        let path = partial.join(&f.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&path, &f.bytes)?;
        octets += f.bytes.len();
        m256.push_str(&format!(
            "{}  {}\n",
            hex(&Sha256::digest(&f.bytes)),
            encode(&f.path)
        ));
        m512.push_str(&format!(
            "{}  {}\n",
            hex(&Sha512::digest(&f.bytes)),
            encode(&f.path)
        ));
    }
    let mut bag_info = String::new();
    for (k, v) in info {
        // A value is one line.
        let v: String = v
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        bag_info.push_str(&format!("{k}: {}\n", v.trim()));
    }
    bag_info.push_str(&format!("Payload-Oxum: {octets}.{}\n", payload.len()));
    let tags: [(&str, String); 4] = [
        (
            "bagit.txt",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".into(),
        ),
        ("bag-info.txt", bag_info),
        ("manifest-sha256.txt", m256),
        ("manifest-sha512.txt", m512),
    ];
    let (mut t256, mut t512) = (String::new(), String::new());
    for (file, text) in &tags {
        std::fs::write(partial.join(file), text)?;
        t256.push_str(&format!(
            "{}  {file}\n",
            hex(&Sha256::digest(text.as_bytes()))
        ));
        t512.push_str(&format!(
            "{}  {file}\n",
            hex(&Sha512::digest(text.as_bytes()))
        ));
    }
    std::fs::write(partial.join("tagmanifest-sha256.txt"), t256)?;
    std::fs::write(partial.join("tagmanifest-sha512.txt"), t512)?;
    std::fs::rename(&partial, dir)
}

/// A source of a bag, to import: the file and the name it was imported
/// under.
#[derive(Debug, Clone, PartialEq)]
pub struct BagSource {
    pub path: PathBuf,
    pub name: String,
    pub version: u32,
}

/// Whether `dir` is a bag (it holds `bagit.txt`).
pub fn is_bag(dir: &Path) -> bool {
    dir.join("bagit.txt").is_file()
}

/// Checks the bag at `dir` and returns its sources, oldest version first;
/// an error names the first thing that is wrong.
pub fn sources(dir: &Path) -> Result<Vec<BagSource>, String> {
    let declaration =
        std::fs::read_to_string(dir.join("bagit.txt")).map_err(|e| format!("bagit.txt: {e}"))?;
    if !declaration.lines().any(|l| {
        l.trim_start_matches('\u{feff}')
            .starts_with("BagIt-Version:")
    }) {
        return Err("bagit.txt does not declare a BagIt-Version".into());
    }
    let mut listed: Vec<String> = Vec::new();
    let mut manifests = 0;
    for (file, sha512) in [
        ("manifest-sha256.txt", false),
        ("manifest-sha512.txt", true),
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        manifests += 1;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let (sum, path) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("{file}, line {}: no checksum and path", n + 1))?;
            let path = decode(path.trim_start());
            if !path.starts_with("data/") || path.split('/').any(|p| p == "..") {
                return Err(format!("{file}, line {}: {path:?} is not in data/", n + 1));
            }
            let actual =
                digest(&dir.join(&path), sha512).map_err(|e| format!("{file}: {path}: {e}"))?;
            if !actual.eq_ignore_ascii_case(sum) {
                return Err(format!("{path}: its checksum is not the one {file} lists"));
            }
            if !listed.contains(&path) {
                if listed.len() == MAX_LISTED {
                    return Err(format!("the manifests list more than {MAX_LISTED} files"));
                }
                listed.push(path);
            }
        }
    }
    if manifests == 0 {
        return Err("the bag has no manifest-sha256.txt or manifest-sha512.txt".into());
    }
    // Complete: every payload file is listed.
    let mut present = Vec::new();
    files_under(dir, &dir.join("data"), &mut present).map_err(|e| format!("data/: {e}"))?;
    if let Some(extra) = present.iter().find(|p| !listed.contains(p)) {
        return Err(format!("{extra} is in the bag but in no manifest"));
    }
    let mut out: Vec<BagSource> = listed
        .iter()
        .filter_map(|p| {
            let rest = p.strip_prefix(&format!("data/{SOURCES}/v"))?;
            let (version, name) = rest.split_once('/')?;
            Some(BagSource {
                path: dir.join(p),
                name: name.to_string(),
                version: version.parse().ok()?,
            })
        })
        .collect();
    out.sort_by(|a, b| a.version.cmp(&b.version).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// The checksum of a file, read in pieces.
pub(crate) fn digest(path: &Path, sha512: bool) -> std::io::Result<String> {
    let mut f = crate::source::open_regular(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    let (mut a, mut b) = (Sha256::new(), Sha512::new());
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if sha512 {
            b.update(&buf[..n]);
        } else {
            a.update(&buf[..n]);
        }
    }
    Ok(if sha512 {
        hex(&b.finalize())
    } else {
        hex(&a.finalize())
    })
}

/// The files under `dir`, as paths relative to `root` with '/'; links are
/// not followed.
pub(crate) fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let t = entry.file_type()?;
        let path = entry.path();
        if t.is_dir() {
            files_under(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        if out.len() > MAX_LISTED {
            return Err(std::io::Error::other("too many files"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bag_reads_back_and_a_changed_byte_is_refused() {
        let root = std::env::temp_dir().join(format!("fonds-bag-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let bag = root.join("d1");
        let payload = [
            PayloadFile {
                path: format!("data/{SOURCES}/v2/folder/rec 100%.txt"),
                bytes: b"second".to_vec(),
            },
            PayloadFile {
                path: format!("data/{SOURCES}/v1/folder/rec 100%.txt"),
                bytes: b"first".to_vec(),
            },
            PayloadFile {
                path: "data/d1.json".into(),
                bytes: b"{}".to_vec(),
            },
        ];
        write(
            &bag,
            &payload,
            &[("External-Identifier".into(), "d1".into())],
        )
        .unwrap();
        assert!(is_bag(&bag));
        let found = sources(&bag).unwrap();
        let names: Vec<(u32, &str)> = found.iter().map(|s| (s.version, s.name.as_str())).collect();
        assert_eq!(
            names,
            [(1, "folder/rec 100%.txt"), (2, "folder/rec 100%.txt")]
        );
        let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
        assert!(info.contains("Payload-Oxum: 13.3"), "{info}");

        // A flipped byte, and a file no manifest lists.
        std::fs::write(
            bag.join(format!("data/{SOURCES}/v1/folder/rec 100%.txt")),
            b"firsT",
        )
        .unwrap();
        let e = sources(&bag).unwrap_err();
        assert!(e.contains("rec 100%.txt") && e.contains("checksum"), "{e}");
        std::fs::write(
            bag.join(format!("data/{SOURCES}/v1/folder/rec 100%.txt")),
            b"first",
        )
        .unwrap();
        std::fs::write(bag.join("data/stray.txt"), b"x").unwrap();
        let e = sources(&bag).unwrap_err();
        assert!(e.contains("stray.txt"), "{e}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn names_become_safe_paths() {
        assert_eq!(safe_path("/abs/../x/./y.txt"), "abs/x/y.txt");
        assert_eq!(safe_path("a\\b\nc.txt"), "a/bc.txt");
    }
}
