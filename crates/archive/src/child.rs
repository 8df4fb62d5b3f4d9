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
            return Err(format!("it took longer than {time:?}, and was stopped"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A shell that reads 100 MB into a variable.
    fn greedy(memory: u64) -> Result<(ExitStatus, String), String> {
        let scratch = Scratch::new("test").unwrap();
        let mut cmd = bounded("sh", memory);
        cmd.args([
            "-c",
            "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x} >&2",
        ]);
        run(&mut cmd, &scratch, Duration::from_secs(60), "no sh")
    }

    #[test]
    fn a_program_over_its_memory_bound_fails_and_under_it_runs() {
        let (status, said) = greedy(32 << 20).unwrap();
        assert!(
            !status.success() || !said.contains("100000000"),
            "{status} {said}"
        );
        let (status, said) = greedy(2 << 30).unwrap();
        assert!(
            status.success() && said.contains("100000000"),
            "{status} {said}"
        );
    }

    #[test]
    fn a_program_over_its_time_is_stopped() {
        let scratch = Scratch::new("test").unwrap();
        let mut cmd = bounded("sleep", 1 << 30);
        cmd.arg("30");
        let start = Instant::now();
        let err = run(&mut cmd, &scratch, Duration::from_millis(300), "no sleep").unwrap_err();
        assert!(err.contains("longer than"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_missing_program_is_named() {
        let scratch = Scratch::new("test").unwrap();
        let mut cmd = bounded("fonds-no-such-program", 1 << 30);
        let err = run(&mut cmd, &scratch, Duration::from_secs(10), "install it").unwrap_err();
        assert_eq!(err, "install it");
    }
}
