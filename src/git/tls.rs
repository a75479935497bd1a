//! Certificate authorities for HTTPS remotes, loaded when one is first contacted.
//!
//! libgit2 loads the system's whole CA bundle when it starts, and OpenSSL 3 decodes
//! every certificate in it: about half of a story switch on a 5,000-file project,
//! paid by every process although most runs reach only `file://` and ssh remotes.
//! [`start_libgit2_before_threads`] starts libgit2 with an empty bundle instead, and
//! [`trust_system_certificates`] loads the real one before the first HTTPS
//! connection. Certificates are verified exactly as before; only when they are read
//! changes.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::GitError;

const CERT_FILE_VAR: &str = "SSL_CERT_FILE";

/// The bundle libgit2 would have loaded at start, when loading it was put off.
static DEFERRED_BUNDLE: OnceLock<PathBuf> = OnceLock::new();

/// Starts libgit2 without reading the CA bundle; [`trust_system_certificates`]
/// reads it when an HTTPS remote is contacted.
///
/// # Safety
///
/// Call it first thing in `main`, before any thread starts: it changes the
/// process environment for a moment, which is only sound while no other thread
/// can read it.
pub unsafe fn start_libgit2_before_threads() {
    if !cfg!(unix) || DEFERRED_BUNDLE.get().is_some() {
        return;
    }
    // The same search git2 makes at start (the variable when it names a file, then
    // the usual places), so the bundle loaded later is the one it would have loaded.
    let Some(bundle) = openssl_probe::probe().cert_file else {
        // No bundle found where git2 looks: leave OpenSSL to its compiled-in
        // default, read at start as before.
        super::repo::configure_libgit2();
        return;
    };
    // SAFETY: the caller guarantees no other thread exists yet.
    unsafe { std::env::set_var(CERT_FILE_VAR, "/dev/null") };
    super::repo::configure_libgit2();
    // SAFETY: as above. The variable ends as git2 leaves it when it starts (naming
    // the bundle it found), for child processes such as credential helpers.
    unsafe { std::env::set_var(CERT_FILE_VAR, &bundle) };
    let _ = DEFERRED_BUNDLE.set(bundle);
}

/// Loads the CA bundle put off at start, once; a no-op when it was not put off.
pub(crate) fn trust_system_certificates() -> Result<(), GitError> {
    static LOADED: OnceLock<Result<(), String>> = OnceLock::new();
    let Some(bundle) = DEFERRED_BUNDLE.get() else {
        return Ok(());
    };
    let loaded = LOADED.get_or_init(|| {
        // SAFETY: libgit2's certificate locations are process-wide; the OnceLock
        // makes this the only call, and every HTTPS connection waits for it.
        unsafe { git2::opts::set_ssl_cert_file(bundle) }.map_err(|e| e.message().to_string())
    });
    loaded.clone().map_err(|message| {
        GitError::other(
            format!(
                "loading the certificate authorities from {}",
                bundle.display()
            ),
            format!("{message} (set SSL_CERT_FILE to your CA bundle)"),
        )
    })
}

/// Whether `url` is reached over TLS by libgit2.
pub(crate) fn uses_tls(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_use_tls() {
        assert!(uses_tls("https://github.com/acme/lookml.git"));
        assert!(uses_tls("HTTPS://example.com/x"));
        assert!(!uses_tls("http://localhost:8080/x"));
        assert!(!uses_tls("file:///tmp/remote.git"));
        assert!(!uses_tls("git@github.com:acme/lookml.git"));
        assert!(!uses_tls("ssh://git@host/x"));
        assert!(!uses_tls("https"));
    }
}
