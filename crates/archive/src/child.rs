//! The programs fonds runs on a file (poppler's `pdftoppm`, Tesseract):
//! each in a scratch folder of its own, removed afterwards, with a bound on
//! its time and its memory, and what it said kept to name a failure.

use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A folder of its own under the system's temporary folder, removed with
/// everything in it when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(what: &str) -> std::io::Result<Scratch> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "fonds-{what}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A command for `program` whose address space is bounded to `memory`
/// bytes (through the shell's `ulimit -v`, which every Unix has): a hostile
/// file that makes it allocate without end fails it, not the machine.
pub fn bounded(program: &str, memory: u64) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"ulimit -v "$1" && shift && exec "$@""#)
        .arg("sh")
        .arg((memory / 1024).to_string())
        .arg(program);
    cmd
}

/// Runs `cmd` to its end within `time`, standard input closed and
/// standard error kept in `scratch`; returns its status and what it said.
/// `missing` says what to install when the program is not there.
pub fn run(
    cmd: &mut Command,
    scratch: &Scratch,
    time: Duration,
    missing: &str,
) -> Result<(ExitStatus, String), String> {
    let said_path = scratch.dir.join("stderr");
    let said = std::fs::File::create(&said_path).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(said)
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > time {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("it took longer than {} s", time.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let said = std::fs::read_to_string(&said_path).unwrap_or_default();
    // The shell says 127 when it cannot find the program it is to run.
    if status.code() == Some(127) && said.contains("not found") {
        return Err(missing.to_string());
    }
    Ok((status, said))
}

/// The first line of what a program said, or "".
pub fn first_line(said: &str) -> &str {
    said.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}
