//! Fetch and push, authenticating as plain git would: the ssh agent, then the usual
//! ssh keys, then git's credential helpers. A failure names the remote, its URL and
//! every method tried, and says whether the remote could not be reached at all.

use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;

use super::repo::{Id, Repo};

/// Where a remote is: a remote name of this repository, or a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// As the configuration wrote it.
    pub spec: String,
    pub url: String,
}

/// Why talking to a remote failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// The credentials offered were refused (or there were none to offer).
    Authentication {
        remote: String,
        url: String,
        tried: Vec<String>,
        detail: String,
    },
    /// The remote could not be reached or read.
    Unreachable {
        remote: String,
        url: String,
        detail: String,
    },
    /// A git lock file is in the way (of this repository's or the remote's
    /// refs): a git command is running, or a killed one left it.
    Locked {
        remote: String,
        url: String,
        detail: String,
    },
    /// The remote refused the update (it moved: not a fast-forward).
    Rejected {
        remote: String,
        url: String,
        refname: String,
        detail: String,
    },
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteError::Authentication {
                remote,
                url,
                tried,
                detail,
            } => {
                let tried = if tried.is_empty() {
                    "nothing (no method was offered)".to_string()
                } else {
                    tried.join(", ")
                };
                write!(
                    f,
                    "authentication failed for `{remote}` ({url}): {detail}\n  tried: {tried}\n  help: check that your ssh agent holds a key the remote accepts, or that a git credential helper knows this host (`git ls-remote {url}` shows what git itself does)"
                )
            }
            RemoteError::Unreachable {
                remote,
                url,
                detail,
            } => write!(
                f,
                "cannot reach `{remote}` ({url}): {detail}\n  help: check the URL in storyboard.toml and your network; nothing was changed"
            ),
            RemoteError::Locked {
                remote,
                url,
                detail,
            } => write!(
                f,
                "a git lock file is in the way while talking to `{remote}` ({url}): {detail}\n  help: a git command may be running on that repository; if none is, a killed process left the file behind: remove it and run this again (nothing was changed)"
            ),
            RemoteError::Rejected {
                remote,
                url,
                refname,
                detail,
            } => write!(
                f,
                "`{remote}` ({url}) refused to update {refname}: {detail}\n  help: someone else changed it meanwhile; fetch and try again (storyboard never force-pushes)"
            ),
        }
    }
}

impl std::error::Error for RemoteError {}

/// The directory of a remote on this machine: a `file://` URL or a path to a
/// directory that exists.
fn local_dir(url: &str) -> Option<PathBuf> {
    let path = match url.strip_prefix("file://") {
        Some(p) => p,
        None if url.starts_with('/') || url.starts_with('.') => url,
        None => return None,
    };
    let dir = PathBuf::from(path);
    dir.is_dir().then_some(dir)
}

/// The refs of a repository on this machine that `refspecs` fetch, and what
/// each points at (a symbolic ref as the ref it names), read without looking up
/// any object, and without reading the refs no refspec names (a team remote's
/// story branches, when main and the releases are fetched).
/// `None` when any of them cannot be read: then the transport is asked.
fn local_refs(there: &git2::Repository, refspecs: &[String]) -> Option<Vec<(String, git2::Oid)>> {
    let mut out = Vec::new();
    for spec in refspecs {
        let (src, _) = source_and_destination(spec);
        let found: Vec<git2::Reference<'_>> = if src.ends_with('*') {
            there
                .references_glob(src)
                .ok()?
                .collect::<Result<_, _>>()
                .ok()?
        } else {
            match there.find_reference(src) {
                Ok(r) => vec![r],
                Err(e) if e.code() == git2::ErrorCode::NotFound => Vec::new(),
                Err(_) => return None,
            }
        };
        for r in found {
            let id = r.resolve().ok()?.target()?;
            out.push((r.name().ok()?.to_string(), id));
        }
    }
    Some(out)
}

/// A fetch refspec's source and destination (`+src:dst`, either ending in `*`).
fn source_and_destination(spec: &str) -> (&str, &str) {
    let spec = spec.strip_prefix('+').unwrap_or(spec);
    spec.split_once(':').unwrap_or((spec, ""))
}

/// The destination of the remote ref `name` under a refspec, when its source
/// matches: exactly, or by the prefix before a trailing `*`.
fn maps(src: &str, dst: &str, name: &str) -> Option<String> {
    match src.strip_suffix('*') {
        Some(prefix) => {
            let rest = name.strip_prefix(prefix)?;
            Some(format!("{}{rest}", dst.strip_suffix('*').unwrap_or(dst)))
        }
        None => (name == src).then(|| dst.to_string()),
    }
}

/// What a push expects the remote's ref to be before it moves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Anything the pushed commit fast-forwards (a plain push).
    Any,
    /// The ref must not exist yet.
    Absent,
    /// The ref must be at this commit.
    At(Id),
}

impl Repo {
    /// Resolves a remote name of this repository or a URL.
    pub fn remote(&self, spec: &str) -> Remote {
        let url = self.remote_url(spec).unwrap_or_else(|| spec.to_string());
        Remote {
            spec: spec.to_string(),
            url,
        }
    }

    /// Fetches `refspecs` (`+src:dst`) from `remote`. A source ref the remote does not
    /// have is not an error: its destination is left as it was.
    pub fn fetch(&self, remote: &Remote, refspecs: &[String]) -> Result<(), RemoteError> {
        self.fetch_mirroring(remote, refspecs, &[])
    }

    /// [`Repo::fetch`], and then each of `mirrored` (a glob refspec, also in
    /// `refspecs`) mirrors the remote: a destination ref whose source the
    /// remote no longer has is deleted (a release branch the team deleted is
    /// no release any more). Nothing is deleted unless the remote's refs were
    /// all listed.
    pub fn fetch_mirroring(
        &self,
        remote: &Remote,
        refspecs: &[String],
        mirrored: &[String],
    ) -> Result<(), RemoteError> {
        let available = self.fetch_listing(remote, refspecs)?;
        for spec in mirrored {
            self.prune(remote, spec, &available)?;
        }
        Ok(())
    }

    /// Deletes the destination refs of the glob refspec `spec` whose source is
    /// not in `available`.
    fn prune(
        &self,
        remote: &Remote,
        spec: &str,
        available: &[(String, git2::Oid)],
    ) -> Result<(), RemoteError> {
        let (src, dst) = source_and_destination(spec);
        let (Some(src_prefix), Some(dst_prefix)) = (src.strip_suffix('*'), dst.strip_suffix('*'))
        else {
            return Ok(());
        };
        let failed = |e: git2::Error| RemoteError::Unreachable {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: format!("cannot drop what the remote deleted: {}", e.message()),
        };
        let here: Vec<String> = self
            .inner
            .references_glob(dst)
            .map_err(failed)?
            .names()
            .flatten()
            .map(str::to_string)
            .collect();
        for name in here {
            let Some(rest) = name.strip_prefix(dst_prefix) else {
                continue;
            };
            let source = format!("{src_prefix}{rest}");
            if !available.iter().any(|(n, _)| *n == source)
                && let Ok(mut r) = self.inner.find_reference(&name)
            {
                r.delete().map_err(failed)?;
            }
        }
        Ok(())
    }

    /// The fetch itself; returns the remote's refs as listed (every ref
    /// `refspecs` name, at least).
    fn fetch_listing(
        &self,
        remote: &Remote,
        refspecs: &[String],
    ) -> Result<Vec<(String, git2::Oid)>, RemoteError> {
        // A remote on this machine is asked directly whether anything changed:
        // its transport looks up the object of every ref it lists, which was
        // most of a fetch that had nothing to bring. When it cannot be opened
        // or read here, the transport below says why.
        if let Some(dir) = local_dir(&remote.url)
            && let Ok(there) = git2::Repository::open(&dir)
            && let Some(listed) = local_refs(&there, refspecs)
            && self.holds_already(refspecs, &listed)
        {
            return Ok(listed);
        }
        let mut handle = self.remote_handle(remote)?;
        let tried = RefCell::new(Vec::new());
        let mut options = git2::FetchOptions::new();
        options.remote_callbacks(callbacks(&self.inner, &tried));
        options.download_tags(git2::AutotagOption::None);
        // One connection: list what the remote has, then download over it. Only
        // refs the remote has are asked for: a missing branch (an environment never
        // deployed) is a state, not an error.
        let mut connection = handle
            .connect_auth(
                git2::Direction::Fetch,
                Some(callbacks(&self.inner, &tried)),
                None,
            )
            .map_err(|e| classify(remote, e, &tried))?;
        let available: Vec<(String, git2::Oid)> = connection
            .list()
            .map_err(|e| classify(remote, e, &tried))?
            .iter()
            .map(|h| (h.name().to_string(), h.oid()))
            .collect();
        let wanted: Vec<&String> = refspecs
            .iter()
            .filter(|spec| {
                let (src, _) = source_and_destination(spec);
                available
                    .iter()
                    .any(|(name, _)| maps(src, "", name).is_some())
            })
            .collect();
        // Nothing the remote has, or everything as it has it already: a
        // download would bring nothing.
        if wanted.is_empty() || self.holds_already(refspecs, &available) {
            return Ok(available);
        }
        let connected = connection.remote();
        connected
            .download(&wanted, Some(&mut options))
            .map_err(|e| classify(remote, e, &tried))?;
        let mut tips = callbacks(&self.inner, &tried);
        connected
            .update_tips(
                Some(&mut tips),
                git2::RemoteUpdateFlags::UPDATE_FETCHHEAD,
                git2::AutotagOption::None,
                Some("storyboard: fetch"),
            )
            .map_err(|e| classify(remote, e, &tried))?;
        Ok(available)
    }

    /// Whether every ref of `available` (a remote's refs and their ids) that
    /// `refspecs` fetch is already in its destination ref here.
    fn holds_already(&self, refspecs: &[String], available: &[(String, git2::Oid)]) -> bool {
        refspecs.iter().all(|spec| {
            let (src, dst) = source_and_destination(spec);
            available
                .iter()
                .all(|(name, id)| match maps(src, dst, name) {
                    Some(local) => self.inner.refname_to_id(&local).ok() == Some(*id),
                    None => true,
                })
        })
    }

    /// Whether `remote` answers: connects and lists its refs, nothing more.
    pub fn reach(&self, remote: &Remote) -> Result<(), RemoteError> {
        let mut handle = self.remote_handle(remote)?;
        let tried = RefCell::new(Vec::new());
        let connection = handle
            .connect_auth(
                git2::Direction::Fetch,
                Some(callbacks(&self.inner, &tried)),
                None,
            )
            .map_err(|e| classify(remote, e, &tried))?;
        connection
            .list()
            .map(|_| ())
            .map_err(|e| classify(remote, e, &tried))
    }

    /// Pushes `id` to `refname` on `remote`, never forcing: the remote must be at an
    /// ancestor of `id` (or not have the ref yet).
    pub fn push(&self, remote: &Remote, id: Id, refname: &str) -> Result<(), RemoteError> {
        self.push_expecting(remote, id, refname, Expected::Any)
    }

    /// Pushes `id` to `refname` on `remote` only if the remote's ref is what
    /// `expected` says, never forcing. The remote's value is checked when the
    /// push is negotiated, and the remote applies the update only from that
    /// value, so a concurrent push is never overwritten (git's
    /// `--force-with-lease`, without the force).
    pub fn push_expecting(
        &self,
        remote: &Remote,
        id: Id,
        refname: &str,
        expected: Expected,
    ) -> Result<(), RemoteError> {
        // A handle of its own: its configuration gets a process-only override that
        // nothing else may see or write through.
        let own = Repo::open(self.inner.path()).map_err(|e| RemoteError::Unreachable {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: e.to_string(),
        })?;
        own.without_delta_search();
        if expected != Expected::Any
            && let Some(dir) = local_dir(&remote.url)
        {
            return super::local_push::push(&own.inner, remote, &dir, id.0, refname, expected);
        }
        own.push_here(remote, id, refname, expected)
    }

    fn push_here(
        &self,
        remote: &Remote,
        id: Id,
        refname: &str,
        expected: Expected,
    ) -> Result<(), RemoteError> {
        let mut handle = self.remote_handle(remote)?;
        let tried = RefCell::new(Vec::new());
        let refused: RefCell<Option<String>> = RefCell::new(None);
        let moved: RefCell<Option<String>> = RefCell::new(None);
        let mut cb = callbacks(&self.inner, &tried);
        cb.push_update_reference(|_name, status| {
            if let Some(s) = status {
                *refused.borrow_mut() = Some(s.to_string());
            }
            Ok(())
        });
        cb.push_negotiation(|updates| {
            for update in updates {
                let there = update.src();
                let there = (!there.is_zero()).then_some(Id(there));
                let agreed = match expected {
                    Expected::Any => true,
                    Expected::Absent => there.is_none(),
                    Expected::At(want) => there == Some(want),
                };
                if !agreed {
                    *moved.borrow_mut() = Some(match there {
                        Some(at) => format!("it is at {} now", at.short()),
                        None => "it does not exist there now".to_string(),
                    });
                    return Err(git2::Error::from_str("the remote ref moved"));
                }
            }
            Ok(())
        });
        let mut options = git2::PushOptions::new();
        options.remote_callbacks(cb);
        // git2 pushes refs, not ids: a temporary local ref carries the commit.
        let carrier = crate::refs::push_carrier(&id.to_string());
        self.inner
            .reference(&carrier, id.0, true, "storyboard: push")
            .map_err(|e| RemoteError::Unreachable {
                remote: remote.spec.clone(),
                url: remote.url.clone(),
                detail: format!("cannot prepare the push: {}", e.message()),
            })?;
        let result = handle.push(&[format!("{carrier}:{refname}")], Some(&mut options));
        let _ = self.delete_ref(&carrier);
        drop(options);
        if let Some(now) = moved.into_inner() {
            return Err(RemoteError::Rejected {
                remote: remote.spec.clone(),
                url: remote.url.clone(),
                refname: refname.to_string(),
                detail: format!(
                    "expected {}, and {now}",
                    match expected {
                        Expected::Any => "any value".to_string(),
                        Expected::Absent => "no such ref".to_string(),
                        Expected::At(id) => id.short(),
                    }
                ),
            });
        }
        if let Err(e) = result {
            let message = e.message().to_string();
            if message.contains("fast-forward")
                || message.contains("fastforward")
                || message.contains("rejected")
            {
                return Err(RemoteError::Rejected {
                    remote: remote.spec.clone(),
                    url: remote.url.clone(),
                    refname: refname.to_string(),
                    detail: message,
                });
            }
            return Err(classify(remote, e, &tried));
        }
        if let Some(detail) = refused.into_inner() {
            if detail.contains("failed to lock file") {
                return Err(RemoteError::Locked {
                    remote: remote.spec.clone(),
                    url: remote.url.clone(),
                    detail,
                });
            }
            return Err(RemoteError::Rejected {
                remote: remote.spec.clone(),
                url: remote.url.clone(),
                refname: refname.to_string(),
                detail,
            });
        }
        Ok(())
    }

    /// A deployment pushes a few dozen new files and trees; searching them for deltas
    /// costs more time than the bytes it saves. No delta search for this process
    /// (an override for this handle only: the repository's config files are not
    /// touched, and nothing is ever written through this handle's configuration).
    fn without_delta_search(&self) {
        if let Ok(mut config) = self.inner.config()
            && let Ok(snapshot_dir) = tempfile_in_git_dir(&self.inner)
        {
            let _ = config.add_file(&snapshot_dir, git2::ConfigLevel::App, true);
        }
    }

    fn remote_handle(&self, remote: &Remote) -> Result<git2::Remote<'_>, RemoteError> {
        let found = if self.remote_url(&remote.spec).is_some() {
            self.inner.find_remote(&remote.spec)
        } else {
            self.inner.remote_anonymous(&remote.url)
        };
        let handle = found.map_err(|e| RemoteError::Unreachable {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: e.message().to_string(),
        })?;
        // The URLs as libgit2 will use them (after `insteadOf` rewriting).
        let urls = [
            Some(remote.url.as_str()),
            handle.url().ok(),
            handle.pushurl().ok().flatten(),
        ];
        if urls.into_iter().flatten().any(super::tls::uses_tls) {
            super::tls::trust_system_certificates().map_err(|e| RemoteError::Unreachable {
                remote: remote.spec.clone(),
                url: remote.url.clone(),
                detail: e.to_string(),
            })?;
        }
        Ok(handle)
    }
}

fn callbacks<'a>(
    repo: &'a git2::Repository,
    tried: &'a RefCell<Vec<String>>,
) -> git2::RemoteCallbacks<'a> {
    let mut cb = git2::RemoteCallbacks::new();
    cb.credentials(move |url, username, allowed| {
        next_credential(repo, tried, url, username, allowed)
    });
    cb
}

/// Offers the next method not yet tried, in the order git uses them.
fn next_credential(
    repo: &git2::Repository,
    tried: &RefCell<Vec<String>>,
    url: &str,
    username: Option<&str>,
    allowed: git2::CredentialType,
) -> Result<git2::Cred, git2::Error> {
    let mut tried = tried.borrow_mut();
    let user = username.unwrap_or("git");
    if allowed.contains(git2::CredentialType::USERNAME) && !tried.iter().any(|t| t == "user name") {
        tried.push("user name".into());
        return git2::Cred::username(user);
    }
    if allowed.contains(git2::CredentialType::SSH_KEY) {
        if !tried.iter().any(|t| t == "ssh agent") {
            tried.push("ssh agent".into());
            return git2::Cred::ssh_key_from_agent(user);
        }
        for key in ssh_keys() {
            let label = key.display().to_string();
            if !tried.contains(&label) {
                tried.push(label);
                return git2::Cred::ssh_key(user, None, &key, None);
            }
        }
    }
    if allowed.contains(git2::CredentialType::USER_PASS_PLAINTEXT)
        && !tried.iter().any(|t| t.starts_with("git credential helper"))
    {
        let config = repo.config()?;
        return match git2::Cred::credential_helper(&config, url, username) {
            Ok(cred) => {
                tried.push("git credential helper".into());
                Ok(cred)
            }
            Err(e) => {
                tried.push("git credential helper (none configured for this host)".into());
                Err(e)
            }
        };
    }
    if allowed.contains(git2::CredentialType::DEFAULT) && !tried.iter().any(|t| t == "default") {
        tried.push("default".into());
        return git2::Cred::default();
    }
    Err(git2::Error::from_str("no more credentials to try"))
}

fn ssh_keys() -> Vec<PathBuf> {
    let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().join(".ssh")) else {
        return Vec::new();
    };
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .iter()
        .map(|k| home.join(k))
        .filter(|p| p.is_file())
        .collect()
}

fn classify(remote: &Remote, e: git2::Error, tried: &RefCell<Vec<String>>) -> RemoteError {
    let tried = tried.borrow().clone();
    let message = e.message().to_lowercase();
    let auth = e.code() == git2::ErrorCode::Auth
        || e.class() == git2::ErrorClass::Callback
        || [
            "auth",
            "credential",
            "username/password",
            "401",
            "403",
            "permission denied",
        ]
        .iter()
        .any(|m| message.contains(m));
    if message.contains("failed to lock file") || message.contains(".lock': file exists") {
        return RemoteError::Locked {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: e.message().to_string(),
        };
    }
    if auth && !tried.is_empty() {
        RemoteError::Authentication {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            tried,
            detail: e.message().to_string(),
        }
    } else {
        RemoteError::Unreachable {
            remote: remote.spec.clone(),
            url: remote.url.clone(),
            detail: e.message().to_string(),
        }
    }
}

/// A config file of this process's overrides, in the git directory's storyboard state.
fn tempfile_in_git_dir(repo: &git2::Repository) -> std::io::Result<PathBuf> {
    let dir = repo.commondir().join("storyboard");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("push.config");
    // libgit2 1.9 reads its big-file threshold (objects larger are never searched
    // for deltas) from `pack.deltaCacheSize`; git names it `core.bigFileThreshold`,
    // set too for a libgit2 that reads that. A one-byte window is the fallback.
    let text = "# Written by storyboard: settings for its own pushes only.\n\
                [pack]\n\tdeltaCacheSize = 1\n\twindowMemory = 1\n\
                [core]\n\tbigFileThreshold = 1\n";
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
        std::fs::write(&path, text)?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refspec_maps_a_remote_ref_exactly_or_by_its_prefix() {
        let (src, dst) = source_and_destination("+refs/heads/release/*:refs/storyboard/releases/*");
        assert_eq!(src, "refs/heads/release/*");
        assert_eq!(
            maps(src, dst, "refs/heads/release/2026-12-06").as_deref(),
            Some("refs/storyboard/releases/2026-12-06")
        );
        assert_eq!(maps(src, dst, "refs/heads/main"), None);
        let (src, dst) = source_and_destination("refs/heads/main:refs/storyboard/team/main");
        assert_eq!(
            maps(src, dst, "refs/heads/main").as_deref(),
            Some("refs/storyboard/team/main")
        );
        assert_eq!(maps(src, dst, "refs/heads/main2"), None);
    }

    /// A commit of one file on `branch` in `repo`.
    fn commit_on(repo: &git2::Repository, branch: &str, text: &str) -> git2::Oid {
        let blob = repo.blob(text.as_bytes()).unwrap();
        let mut tree = repo.treebuilder(None).unwrap();
        tree.insert("a.view.lkml", blob, 0o100644).unwrap();
        let tree = repo.find_tree(tree.write().unwrap()).unwrap();
        let who = git2::Signature::now("t", "t@example.com").unwrap();
        let parent = repo
            .refname_to_id(branch)
            .ok()
            .map(|p| repo.find_commit(p).unwrap());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some(branch), &who, &who, text, &tree, &parents)
            .unwrap()
    }

    #[test]
    fn a_fetch_from_this_machine_brings_what_moved_and_skips_what_did_not() {
        let dir = tempfile::tempdir().unwrap();
        let there = git2::Repository::init_bare(dir.path().join("team.git")).unwrap();
        let here_dir = dir.path().join("clone");
        git2::Repository::init(&here_dir).unwrap();
        let here = Repo::open(&here_dir).unwrap();
        let remote = here.remote(&format!("file://{}", dir.path().join("team.git").display()));
        let specs = ["+refs/heads/release/*:refs/storyboard/releases/*".to_string()];
        let target = |name: &str| here.inner.refname_to_id(name).ok();

        let first = commit_on(&there, "refs/heads/release/one", "one");
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/one"), Some(first));
        assert!(here.inner.find_commit(first).is_ok());

        // Nothing moved: nothing to bring, and the refs stay.
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/one"), Some(first));

        // One ref moved and one is new: both arrive, with their objects.
        let moved = commit_on(&there, "refs/heads/release/one", "two");
        let new = commit_on(&there, "refs/heads/release/two", "three");
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/one"), Some(moved));
        assert_eq!(target("refs/storyboard/releases/two"), Some(new));
        assert!(here.inner.find_commit(new).unwrap().tree().is_ok());

        // A name with a slash after the prefix is fetched too, also when it
        // is the only ref that moved.
        let nested = commit_on(&there, "refs/heads/release/team/three", "four");
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/team/three"), Some(nested));
        let again = commit_on(&there, "refs/heads/release/team/three", "five");
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/team/three"), Some(again));

        // Deleted there: a plain fetch keeps the tracking ref, a mirroring
        // one drops it (and only it), whether or not anything else moved.
        there
            .find_reference("refs/heads/release/two")
            .unwrap()
            .delete()
            .unwrap();
        here.fetch(&remote, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/two"), Some(new));
        here.fetch_mirroring(&remote, &specs, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/two"), None);
        assert_eq!(target("refs/storyboard/releases/one"), Some(moved));
        there
            .find_reference("refs/heads/release/one")
            .unwrap()
            .delete()
            .unwrap();
        let last = commit_on(&there, "refs/heads/release/team/three", "six");
        here.fetch_mirroring(&remote, &specs, &specs).unwrap();
        assert_eq!(target("refs/storyboard/releases/one"), None);
        assert_eq!(target("refs/storyboard/releases/team/three"), Some(last));
    }
}
