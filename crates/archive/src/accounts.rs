//! Accounts: users with a role, their passwords (Argon2id), sessions and
//! API tokens, and the audit log they write to.
//!
//! A password is kept only as its Argon2id hash (RFC 9106), in the PHC
//! string form with its parameters: 19 MiB of memory, 2 passes, 1 lane, a
//! 16-byte salt from the operating system's random source and a 32-byte
//! hash (the OWASP recommendation for Argon2id). A hash made with other
//! parameters still verifies with its own. Sessions and tokens are random
//! 256-bit secrets the client holds; the store keeps only their SHA-256.

use crate::access::{Role, Viewer};
use crate::{Archive, ArchiveError};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use fonds_store::{AuditEntry, StoreError, TokenRow, UserRow};
use sha2::Digest;

/// Argon2id's memory in KiB, passes and lanes.
pub const ARGON2_PARAMS: (u32, u32, u32) = (19 * 1024, 2, 1);

/// The shortest and the longest password taken (longer ones would make
/// hashing a way to spend the server's time).
pub const PASSWORD_CHARS: (usize, usize) = (10, 256);

/// How long a session lasts at most, and idle.
pub const SESSION_SECONDS: i64 = 12 * 3600;
pub const SESSION_IDLE_SECONDS: i64 = 2 * 3600;

/// The longest user name.
const NAME_CHARS: usize = 64;

fn argon2() -> argon2::Argon2<'static> {
    let (m, t, p) = ARGON2_PARAMS;
    let params = argon2::Params::new(m, t, p, Some(32)).expect("valid Argon2 parameters");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// `n` bytes from the operating system's random source.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], ArchiveError> {
    use std::io::Read;
    const SOURCE: &str = "/dev/urandom";
    let mut out = [0; N];
    std::fs::File::open(SOURCE)
        .and_then(|mut f| f.read_exact(&mut out))
        .map_err(|e| StoreError::io(std::path::Path::new(SOURCE), e))?;
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret for a session, a token or a form: 256 random bits as hex.
pub fn new_secret() -> Result<String, ArchiveError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// The SHA-256 of a secret, as the store keeps it.
fn digest(secret: &str) -> String {
    hex(&sha2::Sha256::digest(secret.as_bytes()))
}

/// A password's Argon2id hash in the PHC string form.
pub fn hash_password(password: &str) -> Result<String, ArchiveError> {
    let chars = password.chars().count();
    if chars < PASSWORD_CHARS.0 || chars > PASSWORD_CHARS.1 {
        return Err(ArchiveError::Invalid(format!(
            "a password has from {} to {} characters",
            PASSWORD_CHARS.0, PASSWORD_CHARS.1
        )));
    }
    let salt = random_bytes::<16>()?;
    argon2()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ArchiveError::Invalid(format!("the password cannot be hashed: {e}")))
}

/// Whether `password` is the one `phc` is the hash of.
pub fn password_matches(password: &str, phc: &str) -> bool {
    password.chars().count() <= PASSWORD_CHARS.1
        && argon2().verify_password(password.as_bytes(), phc).is_ok()
}

/// A session begun: the secret for the cookie and the token its forms carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub secret: String,
    pub csrf: String,
    pub viewer: Viewer,
    /// Unix seconds.
    pub expires_at: i64,
}

fn check_name(name: &str) -> Result<(), ArchiveError> {
    let ok = !name.is_empty()
        && name.chars().count() <= NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(())
    } else {
        Err(ArchiveError::Invalid(format!(
            "a user name has 1 to {NAME_CHARS} letters, digits and . - _ @: {name:?} is not one"
        )))
    }
}

fn viewer_of(u: &UserRow) -> Option<Viewer> {
    (!u.disabled)
        .then(|| Role::parse(&u.role))
        .flatten()
        .map(|r| Viewer::user(&u.name, r))
}

fn only_admins(by: &Viewer, what: &str) -> Result<(), ArchiveError> {
    if by.is_admin() {
        Ok(())
    } else {
        Err(ArchiveError::Forbidden(format!("only an admin {what}")))
    }
}

impl Archive {
    /// Adds a user; only an admin may.
    pub async fn add_user(
        &self,
        by: &Viewer,
        name: &str,
        role: Role,
        password: &str,
    ) -> Result<(), ArchiveError> {
        only_admins(by, "adds users")?;
        check_name(name)?;
        let phc = hash_in_background(password).await?;
        self.store.add_user(name, role.as_str(), &phc).await?;
        self.store
            .audit(by.name(), "user-add", name, role.as_str())
            .await?;
        Ok(())
    }

    /// Changes a user's role, password or whether they may log in; an
    /// admin may for anyone, a user only their own password. Their
    /// sessions end.
    pub async fn change_user(
        &self,
        by: &Viewer,
        name: &str,
        role: Option<Role>,
        password: Option<&str>,
        disabled: Option<bool>,
    ) -> Result<(), ArchiveError> {
        let own_password = by.logged_in()
            && by.name() == name
            && role.is_none()
            && disabled.is_none()
            && password.is_some();
        if !own_password {
            only_admins(by, "changes other users")?;
        }
        let phc = match password {
            Some(p) => Some(hash_in_background(p).await?),
            None => None,
        };
        self.store
            .update_user(name, role.map(Role::as_str), phc.as_deref(), disabled)
            .await?;
        let mut what = Vec::new();
        if let Some(r) = role {
            what.push(format!("role {}", r.as_str()));
        }
        if password.is_some() {
            what.push("password".to_string());
        }
        if let Some(d) = disabled {
            what.push(if d { "disabled" } else { "enabled" }.to_string());
        }
        self.store
            .audit(by.name(), "user-change", name, &what.join("; "))
            .await?;
        Ok(())
    }

    /// Every user, for an admin.
    pub async fn users(&self, by: &Viewer) -> Result<Vec<UserRow>, ArchiveError> {
        only_admins(by, "lists users")?;
        Ok(self.store.users().await?)
    }

    /// Logs a user in: a new session when the password is theirs, else
    /// None, in about the same time whether the user exists or not.
    pub async fn log_in(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<Session>, ArchiveError> {
        let user = self.store.user(name).await?;
        // An unknown name is checked against a hash of nothing, so that
        // the time taken does not say which names exist.
        static NO_ONE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let phc = match &user {
            Some(u) => u.password.clone(),
            None => NO_ONE
                .get_or_init(|| hash_password("no one has this password").unwrap_or_default())
                .clone(),
        };
        let password = password.to_string();
        let matches = tokio::task::spawn_blocking(move || password_matches(&password, &phc))
            .await
            .unwrap_or(false);
        let Some(viewer) = user.as_ref().filter(|_| matches).and_then(viewer_of) else {
            // A name no user has is not written: it may be a password
            // typed in the wrong field.
            let who = user.as_ref().map_or("(unknown)", |u| u.name.as_str());
            self.store
                .audit("anonymous", "log-in-refused", who, "")
                .await?;
            return Ok(None);
        };
        let (secret, csrf) = (new_secret()?, new_secret()?);
        let expires_at = self.store.now() + SESSION_SECONDS;
        self.store
            .add_session(&digest(&secret), viewer.name(), &csrf, expires_at)
            .await?;
        self.store.audit(viewer.name(), "log-in", name, "").await?;
        Ok(Some(Session {
            secret,
            csrf,
            viewer,
            expires_at,
        }))
    }

    /// The session a cookie's secret opens, while it lasts and is used.
    pub async fn session(&self, secret: &str) -> Result<Option<Session>, ArchiveError> {
        let key = digest(secret);
        let Some(s) = self.store.session(&key).await? else {
            return Ok(None);
        };
        let now = self.store.now();
        let viewer = viewer_of(&s.user);
        if now >= s.expires_at || now - s.last_seen >= SESSION_IDLE_SECONDS || viewer.is_none() {
            self.store.end_session(&key).await?;
            return Ok(None);
        }
        // Noted at most once a minute, so that reading is not writing.
        if now - s.last_seen >= 60 {
            self.store.touch_session(&key, now).await?;
        }
        Ok(viewer.map(|viewer| Session {
            secret: secret.to_string(),
            csrf: s.csrf,
            viewer,
            expires_at: s.expires_at,
        }))
    }

    pub async fn log_out(&self, session: &Session) -> Result<(), ArchiveError> {
        self.store.end_session(&digest(&session.secret)).await?;
        self.store
            .audit(session.viewer.name(), "log-out", session.viewer.name(), "")
            .await?;
        Ok(())
    }

    /// A new API token for `user`, given by an admin (or the user for
    /// themselves): the secret, shown once.
    pub async fn new_token(
        &self,
        by: &Viewer,
        user: &str,
        label: &str,
    ) -> Result<String, ArchiveError> {
        if !(by.logged_in() && by.name() == user) {
            only_admins(by, "makes tokens for others")?;
        }
        if self.store.user(user).await?.is_none() {
            return Err(ArchiveError::Invalid(format!("there is no user {user:?}")));
        }
        let secret = format!("fonds_{}", new_secret()?);
        self.store.add_token(&digest(&secret), user, label).await?;
        self.store
            .audit(by.name(), "token-add", user, label)
            .await?;
        Ok(secret)
    }

    pub async fn tokens(&self, by: &Viewer) -> Result<Vec<TokenRow>, ArchiveError> {
        only_admins(by, "lists tokens")?;
        Ok(self.store.tokens().await?)
    }

    pub async fn revoke_token(&self, by: &Viewer, id: &str) -> Result<u64, ArchiveError> {
        only_admins(by, "revokes tokens")?;
        let n = self.store.revoke_token(id).await?;
        self.store
            .audit(by.name(), "token-revoke", id, &format!("{n} revoked"))
            .await?;
        Ok(n)
    }

    /// Who an API token's secret stands for.
    pub async fn token_viewer(&self, secret: &str) -> Result<Option<Viewer>, ArchiveError> {
        Ok(self
            .store
            .token_user(&digest(secret))
            .await?
            .as_ref()
            .and_then(viewer_of))
    }

    /// Writes to the audit log: `by` did `action` to `target`.
    pub async fn audit(
        &self,
        by: &Viewer,
        action: &str,
        target: &str,
        detail: &str,
    ) -> Result<(), ArchiveError> {
        Ok(self.store.audit(by.name(), action, target, detail).await?)
    }

    /// The last `limit` entries of the audit log, the newest first, for an
    /// admin.
    pub async fn audit_tail(
        &self,
        by: &Viewer,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, ArchiveError> {
        only_admins(by, "reads the audit log")?;
        Ok(self.store.audit_tail(limit as i64).await?)
    }

    /// The audit log after entry `after`, for an admin.
    pub async fn audit_log(
        &self,
        by: &Viewer,
        after: i64,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, ArchiveError> {
        only_admins(by, "reads the audit log")?;
        Ok(self.store.audit_log(after, limit as i64).await?)
    }
}

/// Hashing takes tens of milliseconds of one core: off the async threads.
async fn hash_in_background(password: &str) -> Result<String, ArchiveError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ArchiveError::Invalid(format!("hashing stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_salted() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("horse"));
        assert!(password_matches("correct horse battery", &a));
        assert!(password_matches("correct horse battery", &b));
        assert!(!password_matches("correct horse batterz", &a));
        assert!(!password_matches("", &a));
        assert!(!password_matches("correct horse battery", "not a hash"));
        assert!(hash_password("short").is_err());
        assert!(hash_password(&"x".repeat(300)).is_err());
    }

    #[tokio::test]
    async fn sessions_end_when_they_expire_or_idle() {
        let clock = std::sync::Arc::new(fonds_store::FixedClock::new(1_800_000_000));
        let archive = Archive::in_memory_with_clock(clock.clone()).await.unwrap();
        let owner = Viewer::owner();
        archive
            .add_user(&owner, "ann", Role::Editor, "a long enough secret")
            .await
            .unwrap();
        assert!(archive
            .log_in("ann", "wrong password!")
            .await
            .unwrap()
            .is_none());
        assert!(archive
            .log_in("bob", "a long enough secret")
            .await
            .unwrap()
            .is_none());
        let s = archive
            .log_in("ann", "a long enough secret")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.viewer, Viewer::user("ann", Role::Editor));
        assert!(archive.session(&s.secret).await.unwrap().is_some());
        assert!(archive.session("not the secret").await.unwrap().is_none());
        // Idle too long: over.
        clock.advance(SESSION_IDLE_SECONDS);
        assert!(archive.session(&s.secret).await.unwrap().is_none());
        // Used within the idle limit, it still ends at its end.
        let s = archive
            .log_in("ann", "a long enough secret")
            .await
            .unwrap()
            .unwrap();
        for _ in 0..(SESSION_SECONDS / 3600) - 1 {
            clock.advance(3600);
            assert!(archive.session(&s.secret).await.unwrap().is_some());
        }
        clock.advance(3600);
        assert!(archive.session(&s.secret).await.unwrap().is_none());
        // A changed password ends the sessions.
        let s = archive
            .log_in("ann", "a long enough secret")
            .await
            .unwrap()
            .unwrap();
        archive
            .change_user(&s.viewer, "ann", None, Some("another long secret"), None)
            .await
            .unwrap();
        assert!(archive.session(&s.secret).await.unwrap().is_none());
        // Nothing secret is kept or logged.
        let log = archive.audit_log(&owner, 0, 100).await.unwrap();
        let all = format!("{log:?} {:?}", archive.users(&owner).await.unwrap());
        for secret in [
            "a long enough secret",
            "another long secret",
            &s.secret,
            &s.csrf,
        ] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
        // Only admins add users.
        assert!(matches!(
            archive
                .add_user(&s.viewer, "eve", Role::Admin, "a long enough secret")
                .await,
            Err(ArchiveError::Forbidden(_))
        ));
    }

    #[tokio::test]
    async fn tokens_stand_for_their_user_until_revoked() {
        let archive = Archive::in_memory().await.unwrap();
        let owner = Viewer::owner();
        archive
            .add_user(&owner, "bot", Role::Editor, "a long enough secret")
            .await
            .unwrap();
        let t = archive.new_token(&owner, "bot", "nightly").await.unwrap();
        assert_eq!(
            archive.token_viewer(&t).await.unwrap(),
            Some(Viewer::user("bot", Role::Editor))
        );
        let listed = archive.tokens(&owner).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(!format!("{listed:?}").contains(&t));
        assert_eq!(
            archive.revoke_token(&owner, &listed[0].id).await.unwrap(),
            1
        );
        assert_eq!(archive.token_viewer(&t).await.unwrap(), None);
    }
}
