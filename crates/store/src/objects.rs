//! Object storage: an S3-compatible bucket (`--objects s3://bucket/prefix`)
//! that keeps an institution's sources, scans, OCR files and derived files
//! instead of the node's folder, shared by every node.
//!
//! The connection (endpoint, keys, region) comes from the standard `AWS_*`
//! environment variables (`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`), so the keys are
//! never on a command line.
//!
//! Every request is retried with exponential backoff (100 ms, doubling, up
//! to 15 s between tries, 5 retries, never past 60 s); a file above 16 MiB
//! goes up in parts of 8 MiB. The service checks each upload against the
//! SHA-256 sent with it, and fonds checks every blob it reads against the
//! SHA-256 that names it.
//!
//! fonds' stores are called from reader threads and from async code alike,
//! so the requests run on a small runtime of their own (two threads), and
//! a caller waits for its answer: from a thread with [`Objects::wait`]'s
//! blocking form, from async code by awaiting.

use crate::blob::{hex, sha256_hex, BlobStore};
use crate::StoreError;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as Key;
use object_store::{
    BackoffConfig, ClientConfigKey, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
    WriteMultipart,
};
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Files above this go up in parts.
pub const MULTIPART_FROM: usize = 16 << 20;
/// The size of a part (S3 wants at least 5 MiB but for the last).
pub const PART_SIZE: usize = 8 << 20;
/// Blobs up to this size are sent without asking first whether the bucket
/// has them.
const SEND_WITHOUT_ASKING: usize = 64 << 10;
/// How long opening the bucket may take before fonds gives up on it.
const OPEN_WITHIN: Duration = Duration::from_secs(20);

/// The runtime that runs every request to object storage.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fonds-objects")
            .enable_all()
            .build()
            .expect("a runtime for object storage")
    })
}

/// A bucket and a prefix in it.
#[derive(Clone)]
pub struct Objects {
    store: Arc<AmazonS3>,
    /// `s3://bucket/prefix`, for messages.
    url: Arc<str>,
    prefix: Arc<str>,
    multipart_from: usize,
}

impl std::fmt::Debug for Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Objects").field("url", &self.url).finish()
    }
}

/// `s3://bucket/prefix` into its bucket and prefix (without slashes at
/// either end), or what is wrong with it.
pub fn parse_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("s3://")
        .ok_or_else(|| format!("object storage is given as s3://bucket/prefix, not {url:?}"))?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !bucket_ok {
        return Err(format!(
            "{url:?}: {bucket:?} is not a bucket name (3 to 63 lower-case letters, digits, '-' or '.')"
        ));
    }
    let prefix = prefix.trim_matches('/');
    if prefix
        .split('/')
        .any(|part| part == "." || part == ".." || (part.is_empty() && !prefix.is_empty()))
    {
        return Err(format!(
            "{url:?}: the prefix {prefix:?} has an empty, . or .. part"
        ));
    }
    Ok((bucket.to_string(), prefix.to_string()))
}

impl Objects {
    /// Opens `s3://bucket/prefix` with the connection the `AWS_*`
    /// environment variables describe, and checks that the bucket answers.
    pub async fn open(url: &str) -> Result<Objects, StoreError> {
        Objects::open_at(url, None).await
    }

    /// As [`Objects::open`], at `endpoint` (`http://host:port`) rather than
    /// the one `AWS_ENDPOINT_URL` names.
    pub async fn open_at(url: &str, endpoint: Option<&str>) -> Result<Objects, StoreError> {
        let objects = Objects::configure(url, endpoint)?;
        let probe = objects.clone();
        let answer = tokio::time::timeout(
            OPEN_WITHIN,
            probe.run(
                |s, key| async move {
                    match s.head(&key).await {
                        Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                        Err(e) => Err(e),
                    }
                },
                "fonds-check",
            ),
        )
        .await;
        match answer {
            Ok(Ok(())) => Ok(objects),
            Ok(Err(e)) => Err(objects.error("the bucket does not answer", &e)),
            Err(_) => Err(StoreError::Objects(format!(
                "{}: no answer within {} s",
                objects.url,
                OPEN_WITHIN.as_secs()
            ))),
        }
    }

    fn configure(url: &str, endpoint: Option<&str>) -> Result<Objects, StoreError> {
        let (bucket, prefix) = parse_url(url).map_err(StoreError::Objects)?;
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(15),
                base: 2.0,
            },
            max_retries: 5,
            retry_timeout: Duration::from_secs(60),
        };
        let _inside = runtime().enter();
        // Set over what the environment says of the client (AWS_ALLOW_HTTP
        // among it), not in place of it.
        let mut builder = AmazonS3Builder::from_env()
            .with_config(
                AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout),
                "5s",
            )
            .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "120s");
        if let Some(endpoint) = endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .with_bucket_name(&bucket)
            .with_retry(retry)
            .with_checksum_algorithm(object_store::aws::Checksum::SHA256)
            .build()
            .map_err(|e| StoreError::Objects(format!("{url}: {e}")))?;
        Ok(Objects {
            store: Arc::new(store),
            url: Arc::from(format!("s3://{bucket}/{prefix}").trim_end_matches('/')),
            prefix: Arc::from(prefix),
            multipart_from: MULTIPART_FROM,
        })
    }

    /// The same bucket, with uploads above `bytes` in parts (for tests).
    pub fn with_multipart_from(mut self, bytes: usize) -> Objects {
        self.multipart_from = bytes.max(1);
        self
    }

    /// The bucket and prefix, `s3://bucket/prefix`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn key(&self, name: &str) -> Key {
        if self.prefix.is_empty() {
            Key::from(name)
        } else {
            Key::from(format!("{}/{name}", self.prefix))
        }
    }

    fn error(&self, what: &str, e: &object_store::Error) -> StoreError {
        let mut chain = String::new();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            chain.push_str(&format!(" / {s}"));
            source = s.source();
        }
        StoreError::Objects(format!("{}: {what}: {e}{chain}", self.url))
    }

    /// Runs `work` on the objects' runtime with the store and the key of
    /// `name`; awaitable from any runtime.
    async fn run<T, F, Fut>(&self, work: F, name: &str) -> Result<T, object_store::Error>
    where
        T: Send + 'static,
        F: FnOnce(Arc<AmazonS3>, Key) -> Fut,
        Fut: Future<Output = Result<T, object_store::Error>> + Send + 'static,
    {
        let task = runtime().spawn(work(self.store.clone(), self.key(name)));
        match task.await {
            Ok(answer) => answer,
            Err(e) => Err(object_store::Error::Generic {
                store: "S3",
                source: Box::new(e),
            }),
        }
    }

    /// Waits for `future` from a thread that is not running async code
    /// (a reader thread), or from one that is, without starting a runtime
    /// inside a runtime: the work runs on the objects' runtime either way.
    pub fn wait<T: Send + 'static>(&self, future: impl Future<Output = T> + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        runtime().spawn(async move {
            let _ = tx.send(future.await);
        });
        rx.recv().expect("the objects' runtime answers")
    }

    /// Writes `bytes` under `name` (in parts when large).
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        let multipart = bytes.len() > self.multipart_from;
        let part = PART_SIZE.min(self.multipart_from.max(5 << 20));
        self.run(
            move |s, key| async move {
                if multipart {
                    let upload = s.put_multipart(&key).await?;
                    let mut writer = WriteMultipart::new_with_chunk_size(upload, part);
                    writer.write(&bytes);
                    writer.finish().await.map(|_| ())
                } else {
                    s.put(&key, PutPayload::from(bytes)).await.map(|_| ())
                }
            },
            name,
        )
        .await
        .map_err(|e| self.error(&format!("writing {name}"), &e))
    }

    /// Puts the file at `path` under `blobs/` by its SHA-256 (unless it is
    /// there), read and sent 8 MiB at a time; returns the SHA-256, the size
    /// and whether it was sent (not there before).
    pub async fn upload_file(
        &self,
        path: &std::path::Path,
    ) -> Result<(String, u64, bool), StoreError> {
        use std::io::Read;
        let io = |e| StoreError::io(path, e);
        let (sha, size) = {
            let mut f = std::fs::File::open(path).map_err(io)?;
            let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
            let mut buf = vec![0u8; 1 << 20];
            let mut size = 0u64;
            loop {
                let n = f.read(&mut buf).map_err(io)?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                sha2::Digest::update(&mut hasher, &buf[..n]);
            }
            (hex(&sha2::Digest::finalize(hasher)), size)
        };
        let name = ObjectBlobs::name(&sha)?;
        if self.exists(&name).await? {
            return Ok((sha, size, false));
        }
        if size as usize <= self.multipart_from {
            let bytes = std::fs::read(path).map_err(io)?;
            if sha256_hex(&bytes) != sha {
                return Err(StoreError::Conflict(format!(
                    "{} changed while it was being sent",
                    path.display()
                )));
            }
            self.put(&name, bytes).await?;
            return Ok((sha, size, true));
        }
        let file = std::fs::File::open(path).map_err(io)?;
        let shown = path.display().to_string();
        let expected = sha.clone();
        let sent = self
            .run(
                move |s, key| async move {
                    let mut file = file;
                    let upload = s.put_multipart(&key).await?;
                    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
                    let mut buf = vec![0u8; PART_SIZE];
                    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
                    loop {
                        let n = match file.read(&mut buf) {
                            Ok(n) => n,
                            Err(e) => {
                                let _ = writer.abort().await;
                                return Err(object_store::Error::Generic {
                                    store: "S3",
                                    source: Box::new(e),
                                });
                            }
                        };
                        if n == 0 {
                            break;
                        }
                        sha2::Digest::update(&mut hasher, &buf[..n]);
                        // At most two parts in flight: memory stays bounded.
                        writer.wait_for_capacity(2).await?;
                        writer.write(&buf[..n]);
                    }
                    if hex(&sha2::Digest::finalize(hasher)) != expected {
                        let _ = writer.abort().await;
                        return Err(object_store::Error::Generic {
                            store: "S3",
                            source: format!("{shown} changed while it was being sent").into(),
                        });
                    }
                    writer.finish().await.map(|_| ())
                },
                &name,
            )
            .await;
        sent.map_err(|e| self.error(&format!("sending {}", path.display()), &e))?;
        Ok((sha, size, true))
    }

    /// Writes the blob `sha256` into the file at `path` as it arrives,
    /// checked against its SHA-256 (a file that fails is removed).
    pub async fn download_file(
        &self,
        sha256: &str,
        path: &std::path::Path,
    ) -> Result<u64, StoreError> {
        use std::io::Write;
        let name = ObjectBlobs::name(sha256)?;
        let out = std::fs::File::create(path).map_err(|e| StoreError::io(path, e))?;
        let got = self
            .run(
                |s, key| async move {
                    use futures_util::StreamExt as _;
                    let mut out = std::io::BufWriter::new(out);
                    let mut stream = s.get(&key).await?.into_stream();
                    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
                    let mut size = 0u64;
                    let io = |e: std::io::Error| object_store::Error::Generic {
                        store: "S3",
                        source: Box::new(e),
                    };
                    while let Some(chunk) = stream.next().await {
                        let chunk = chunk?;
                        size += chunk.len() as u64;
                        sha2::Digest::update(&mut hasher, &chunk);
                        out.write_all(&chunk).map_err(io)?;
                    }
                    out.flush().map_err(io)?;
                    Ok((hex(&sha2::Digest::finalize(hasher)), size))
                },
                &name,
            )
            .await;
        let fail = |e: StoreError| {
            let _ = std::fs::remove_file(path);
            e
        };
        let (sha, size) = got.map_err(|e| fail(self.error(&format!("reading {name}"), &e)))?;
        if sha != sha256 {
            return Err(fail(StoreError::Corrupt(format!(
                "{}/{name} does not match its checksum",
                self.url
            ))));
        }
        Ok(size)
    }

    /// Writes `bytes` under `name` followed by their SHA-256 (32 bytes), for
    /// files not named by their checksum (derived files), so that a read
    /// can check them all the same ([`Objects::get_sealed`]).
    pub async fn put_sealed(&self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let mut sealed = Vec::with_capacity(bytes.len() + 32);
        sealed.extend_from_slice(bytes);
        sealed.extend_from_slice(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
        self.put(name, sealed).await
    }

    /// The bytes [`Objects::put_sealed`] wrote under `name`, checked against
    /// the SHA-256 that follows them, at most `max` of them; None when there
    /// are none.
    pub async fn get_sealed(&self, name: &str, max: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(mut bytes) = self.get_at_most(name, max.saturating_add(32)).await? else {
            return Ok(None);
        };
        let whole = bytes.len() >= 32 && {
            let (body, seal) = bytes.split_at(bytes.len() - 32);
            <sha2::Sha256 as sha2::Digest>::digest(body).as_slice() == seal
        };
        if !whole {
            return Err(StoreError::Corrupt(format!(
                "{}/{name} does not match its checksum",
                self.url
            )));
        }
        bytes.truncate(bytes.len() - 32);
        Ok(Some(bytes))
    }

    /// The bytes under `name`, or None when there are none.
    pub async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.get_at_most(name, u64::MAX).await
    }

    /// The bytes under `name`, or None when there are none; refused, as
    /// they arrive, once there are more than `max`.
    pub async fn get_at_most(&self, name: &str, max: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let answer = self
            .run(
                move |s, key| async move {
                    use futures_util::StreamExt as _;
                    let mut stream = match s.get(&key).await {
                        Ok(got) => got.into_stream(),
                        Err(object_store::Error::NotFound { .. }) => return Ok(Ok(None)),
                        Err(e) => return Err(e),
                    };
                    let mut out = Vec::new();
                    while let Some(chunk) = stream.next().await {
                        let chunk = chunk?;
                        if (out.len() + chunk.len()) as u64 > max {
                            return Ok(Err(()));
                        }
                        out.extend_from_slice(&chunk);
                    }
                    Ok(Ok(Some(out)))
                },
                name,
            )
            .await
            .map_err(|e| self.error(&format!("reading {name}"), &e))?;
        answer.map_err(|()| {
            StoreError::Corrupt(format!(
                "{}/{name} is larger than the {max} bytes it may be",
                self.url
            ))
        })
    }

    /// Whether there is anything under `name`.
    pub async fn exists(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.meta(name).await?.is_some())
    }

    /// The size and entity tag of what is under `name`, if anything.
    pub async fn meta(&self, name: &str) -> Result<Option<(u64, Option<String>)>, StoreError> {
        self.run(
            |s, key| async move {
                match s.head(&key).await {
                    Ok(meta) => Ok(Some((meta.size, meta.e_tag))),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            },
            name,
        )
        .await
        .map_err(|e| self.error(&format!("looking for {name}"), &e))
    }

    /// Removes what is under `name` (nothing there is not an error).
    pub async fn delete(&self, name: &str) -> Result<(), StoreError> {
        self.run(
            |s, key| async move {
                match s.delete(&key).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(e),
                }
            },
            name,
        )
        .await
        .map_err(|e| self.error(&format!("removing {name}"), &e))
    }

    /// The names under `folder` (relative to the prefix) with their sizes,
    /// at most `limit` of them.
    pub async fn list(&self, folder: &str, limit: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let skip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        let listed = self
            .run(
                move |s, key| async move {
                    let mut out = Vec::new();
                    let mut stream = s.list(Some(&key));
                    use futures_util::StreamExt as _;
                    while let Some(meta) = stream.next().await {
                        let meta = meta?;
                        out.push((meta.location.to_string(), meta.size));
                        if out.len() >= limit {
                            break;
                        }
                    }
                    Ok(out)
                },
                folder,
            )
            .await
            .map_err(|e| self.error(&format!("listing {folder}"), &e))?;
        Ok(listed
            .into_iter()
            .map(|(name, size)| (name.get(skip..).unwrap_or(&name).to_string(), size))
            .collect())
    }
}

/// A prefix of its own in the bucket `FONDS_TEST_OBJECTS` names, for a
/// test (None when it names none).
pub fn scratch() -> Option<String> {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let bucket = std::env::var("FONDS_TEST_OBJECTS").unwrap_or_default();
    if bucket.is_empty() {
        return None;
    }
    Some(format!(
        "{}/test-{}-{}-{}",
        bucket.trim_end_matches('/'),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros()),
        std::process::id(),
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ))
}

/// Blobs as objects named `blobs/ab/cdef...` under the prefix.
pub struct ObjectBlobs {
    objects: Objects,
}

impl ObjectBlobs {
    pub fn new(objects: Objects) -> ObjectBlobs {
        ObjectBlobs { objects }
    }

    pub fn objects(&self) -> &Objects {
        &self.objects
    }

    /// The object name of the blob `sha256` (`blobs/ab/cdef...`).
    pub fn name(sha256: &str) -> Result<String, StoreError> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::BadAddress(sha256.to_string()));
        }
        Ok(format!("blobs/{}/{}", &sha256[..2], &sha256[2..]))
    }
}

impl ObjectBlobs {
    /// The blob `sha256`, checked against it; awaited rather than waited
    /// for, so that async code does not hold its thread meanwhile.
    pub async fn fetch(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.fetch_at_most(sha256, u64::MAX).await
    }

    /// As [`ObjectBlobs::fetch`], refused once it is larger than `max`.
    pub async fn fetch_at_most(&self, sha256: &str, max: u64) -> Result<Vec<u8>, StoreError> {
        let name = ObjectBlobs::name(sha256)?;
        let bytes = self.objects.get_at_most(&name, max).await?.ok_or_else(|| {
            StoreError::NotFound(format!("blob {sha256} in {}", self.objects.url()))
        })?;
        self.checked(sha256, &name, bytes)
    }

    fn checked(&self, sha256: &str, name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        if sha256_hex(&bytes) != sha256 {
            return Err(StoreError::Corrupt(format!(
                "{}/{name} does not match its checksum",
                self.objects.url()
            )));
        }
        Ok(bytes)
    }
}

impl BlobStore for ObjectBlobs {
    fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = sha256_hex(bytes);
        let name = ObjectBlobs::name(&sha)?;
        let objects = self.objects.clone();
        let bytes = bytes.to_vec();
        self.objects.wait(async move {
            // Named by its checksum: a blob already there is these bytes,
            // and is not sent again; a small one is sent in the time it
            // takes to ask, and writing it again changes nothing.
            if bytes.len() <= SEND_WITHOUT_ASKING || !objects.exists(&name).await? {
                objects.put(&name, bytes).await?;
            }
            Ok::<_, StoreError>(())
        })?;
        Ok(sha)
    }

    fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let name = ObjectBlobs::name(sha256)?;
        let objects = self.objects.clone();
        let read = name.clone();
        let bytes = self
            .objects
            .wait(async move { objects.get(&read).await })?
            .ok_or_else(|| {
                StoreError::NotFound(format!("blob {sha256} in {}", self.objects.url()))
            })?;
        self.checked(sha256, &name, bytes)
    }

    fn contains(&self, sha256: &str) -> bool {
        let Ok(name) = ObjectBlobs::name(sha256) else {
            return false;
        };
        let objects = self.objects.clone();
        self.objects
            .wait(async move { objects.exists(&name).await })
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_bucket_and_a_prefix() {
        assert_eq!(
            parse_url("s3://fonds/archive/main/").unwrap(),
            ("fonds".into(), "archive/main".into())
        );
        assert_eq!(
            parse_url("s3://fonds").unwrap(),
            ("fonds".into(), "".into())
        );
        for bad in [
            "fonds",
            "http://x/y",
            "s3://Fonds/a",
            "s3://ab",
            "s3://fonds/a/../b",
            "s3://fonds/a//b",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        assert!(parse_url("s3://ab")
            .unwrap_err()
            .contains("not a bucket name"));
    }
}

/// Against the S3 server `FONDS_TEST_OBJECTS` names (`scripts/seaweedfs.sh`
/// starts one); skipped without it.
#[cfg(test)]
mod on_a_server {
    use super::*;
    use crate::{Place, Store};
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn bucket() -> Option<Objects> {
        let url = scratch()?;
        Some(Objects::open(&url).await.expect("the test bucket opens"))
    }

    fn bytes(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[tokio::test]
    async fn blobs_go_up_whole_or_in_parts_and_come_back_checked() {
        let Some(objects) = bucket().await else {
            return;
        };
        let blobs = ObjectBlobs::new(objects.clone().with_multipart_from(5 << 20));
        let small = b"Memorandum of Conversation".to_vec();
        // Above the threshold: three parts of 5 MiB and a last of 1 MiB.
        let large = bytes(16 << 20, 7);
        let a = blobs.put(&small).unwrap();
        let b = blobs.put(&large).unwrap();
        assert_eq!(a, sha256_hex(&small));
        assert_eq!(blobs.get(&a).unwrap(), small);
        assert_eq!(blobs.get(&b).unwrap(), large);
        assert!(blobs.contains(&b));
        // An upload in parts has an entity tag that counts them.
        let (size, tag) = objects
            .meta(&format!("blobs/{}/{}", &b[..2], &b[2..]))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(size, large.len() as u64);
        assert!(
            tag.as_deref()
                .is_some_and(|t| t.trim_matches('"').ends_with("-4")),
            "{tag:?}"
        );
        assert!(!blobs.contains(&sha256_hex(b"never stored")));
        // Stored twice, kept once.
        assert_eq!(blobs.put(&small).unwrap(), a);
        let mut listed = objects.list("blobs", 10).await.unwrap();
        listed.sort();
        let mut expected = vec![
            (format!("blobs/{}/{}", &a[..2], &a[2..]), small.len() as u64),
            (format!("blobs/{}/{}", &b[..2], &b[2..]), large.len() as u64),
        ];
        expected.sort();
        assert_eq!(listed, expected);
        let missing = blobs.get(&sha256_hex(b"never stored")).unwrap_err();
        assert!(matches!(missing, StoreError::NotFound(_)), "{missing}");
    }

    #[tokio::test]
    async fn a_derived_file_is_kept_sealed_by_its_checksum() {
        let Some(objects) = bucket().await else {
            return;
        };
        objects
            .put_sealed("derived/a.png", b"rendered")
            .await
            .unwrap();
        assert_eq!(
            objects
                .get_sealed("derived/a.png", 1 << 20)
                .await
                .unwrap()
                .unwrap(),
            b"rendered"
        );
        assert_eq!(
            objects.get_sealed("derived/b.png", 1 << 20).await.unwrap(),
            None
        );
        objects
            .put("derived/a.png", b"rendered but changed".to_vec())
            .await
            .unwrap();
        let e = objects
            .get_sealed("derived/a.png", 1 << 20)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("derived/a.png does not match its checksum"),
            "{e}"
        );
        // More than it may be: refused as it arrives.
        objects
            .put_sealed("derived/c.png", &[7u8; 4096])
            .await
            .unwrap();
        let e = objects
            .get_sealed("derived/c.png", 1000)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("derived/c.png is larger than"), "{e}");
    }

    #[tokio::test]
    async fn a_blob_changed_in_the_bucket_is_refused_on_reading() {
        let Some(objects) = bucket().await else {
            return;
        };
        let blobs = ObjectBlobs::new(objects.clone());
        let sha = blobs.put(b"Telegram No. 114").unwrap();
        let name = format!("blobs/{}/{}", &sha[..2], &sha[2..]);
        objects
            .put(&name, b"Telegram No. 115".to_vec())
            .await
            .unwrap();
        let e = blobs.get(&sha).unwrap_err().to_string();
        assert!(e.contains("does not match its checksum"), "{e}");
        assert!(e.contains(objects.url()) && e.contains(&name), "{e}");
    }

    /// A proxy in front of the server that answers the first `fail`
    /// requests with 503 and passes the rest on.
    fn failing_proxy(to: &str, fail: usize) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let to = to.trim_start_matches("http://").to_string();
        let failed = Arc::new(AtomicUsize::new(0));
        let count = failed.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                if count.load(Ordering::SeqCst) < fail {
                    count.fetch_add(1, Ordering::SeqCst);
                    let mut head = [0u8; 4096];
                    let _ = conn.read(&mut head);
                    let _ = conn.write_all(
                        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    continue;
                }
                let Ok(upstream) = TcpStream::connect(&to) else {
                    continue;
                };
                let (mut a, b) = (conn.try_clone().unwrap(), upstream.try_clone().unwrap());
                std::thread::spawn(move || std::io::copy(&mut a, &mut b.try_clone().unwrap()));
                let (mut c, mut d) = (upstream, conn);
                std::thread::spawn(move || std::io::copy(&mut c, &mut d));
            }
        });
        (format!("http://{addr}"), failed)
    }

    #[tokio::test]
    async fn requests_are_tried_again_after_the_service_fails() {
        let Some(url) = scratch() else { return };
        let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("the test server's endpoint");
        let (proxy, failed) = failing_proxy(&endpoint, 3);
        let objects = Objects::open_at(&url, Some(&proxy)).await.unwrap();
        let blobs = ObjectBlobs::new(objects);
        let sha = blobs.put(b"Minutes of the meeting").unwrap();
        assert_eq!(blobs.get(&sha).unwrap(), b"Minutes of the meeting");
        assert_eq!(failed.load(Ordering::SeqCst), 3, "three answers were 503");
    }

    #[tokio::test]
    async fn a_service_that_does_not_answer_is_named() {
        let Some(url) = scratch() else { return };
        // A port nothing listens on.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let e = Objects::open_at(&url, Some(&format!("http://127.0.0.1:{port}")))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains(&url) && e.contains("does not answer"), "{e}");
        assert!(e.contains("onnect"), "a connection refused: {e}");
    }

    #[tokio::test]
    async fn a_store_with_object_storage_keeps_its_sources_there() {
        let Some(url) = scratch() else { return };
        let dir = std::env::temp_dir().join(format!("fonds-objects-{}", std::process::id()));
        let place = Place::new(&dir, None).with_objects(Some(url.clone()));
        let store = Store::open(place.clone()).await.unwrap();
        let doc = crate::tests::doc("note", "A note");
        let source = "Title: A note\n\nисходник\n".as_bytes();
        store.put(&doc, source, "note.txt").await.unwrap();
        let id = doc.id.clone();
        assert_eq!(store.source(&id, 1).await.unwrap(), source);
        let in_table: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sources")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(in_table, 0, "the source is in the bucket, not the database");
        let objects = store.objects().unwrap().clone();
        assert_eq!(objects.list("blobs", 10).await.unwrap().len(), 1);
        assert!(!dir.join("blobs").exists(), "nothing in the folder");
        store.close().await;
        let reading = Store::open_read_only(place).await.unwrap();
        assert_eq!(reading.source(&id, 1).await.unwrap(), source);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
