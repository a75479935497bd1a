//! `storyboard check` as a report: the configuration found, the environments and
//! the pipeline, then the project's warnings and every environment rendered in
//! memory (round trip and leak guard). Pure: the caller reads the files; the
//! command line prints the report, and anything else can.

use std::fmt::Write;
use std::path::Path;

use crate::config::Config;
use crate::fileset::FileSet;
use crate::{env, lookml, project};

/// What `check` found: `out` for standard output, `problems` (warnings and
/// refusals, each with file:line:col) for standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub out: String,
    pub problems: String,
    /// Every environment renders and comes back byte for byte, and none leaks.
    pub ok: bool,
}

/// Checks the project `canonical` (the files under `root`, the directory of
/// storyboard.toml) against `config`.
pub fn check(config: &Config, root: &Path, canonical: &FileSet) -> CheckReport {
    let mut out = configuration(config);
    let mut problems = String::new();
    if !canonical
        .files
        .keys()
        .any(|p| lookml::Dialect::of(p).is_some())
    {
        let _ = writeln!(
            out,
            "no LookML files under {} yet: renders not checked\n\nok",
            root.display()
        );
        return CheckReport {
            out,
            problems,
            ok: true,
        };
    }
    // Parameters whose values become SQL where a render cannot map them.
    let coverage = env::places::coverage_warnings(canonical);
    for w in project::warnings(canonical).into_iter().chain(coverage) {
        let _ = writeln!(problems, "warning: {w}");
    }
    let _ = writeln!(
        out,
        "renders of {} (round trip and leak guard):",
        root.display()
    );
    let mut ok = true;
    let mut unparsed_shown = false;
    for e in &config.environments {
        match env::render(canonical, e, &config.environments) {
            Ok(r) => {
                let _ = writeln!(
                    out,
                    "  {}: ok ({} tokens changed, {} model files renamed)",
                    e.name,
                    r.edits.len(),
                    r.renamed.len()
                );
            }
            // The same files fail to parse for every environment: say so once.
            Err(err) if err.unparsed => {
                ok = false;
                let _ = writeln!(
                    out,
                    "  {}: not rendered: {} file(s) do not parse",
                    e.name,
                    err.problems.len()
                );
                if !unparsed_shown {
                    let _ = writeln!(problems, "{err}");
                    unparsed_shown = true;
                }
            }
            Err(err) => {
                ok = false;
                let _ = writeln!(out, "  {}: refused", e.name);
                let _ = writeln!(problems, "{err}");
            }
        }
    }
    out.push_str(if ok { "\nok\n" } else { "\ncheck failed\n" });
    CheckReport { out, problems, ok }
}

/// Where the remotes stand, as far as can be told without the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteKnown {
    /// A remote name this clone has, or a URL to a server.
    Ok,
    /// A remote name this clone does not have.
    NoSuchName,
    /// A `file://` URL or a path to nothing.
    NoSuchPath,
}

/// Warnings on remotes this clone cannot use as configured: a remote *name*
/// it lacks, a local path that is not there. Warnings only: a team runs
/// `init` and `check` before its remotes exist. `known` says what the clone
/// knows of a remote spec.
pub fn remote_warnings(config: &Config, known: impl Fn(&str) -> RemoteKnown) -> Vec<String> {
    let mut specs: Vec<(String, &str)> = vec![(
        "the team remote".to_string(),
        config.project.remote.as_str(),
    )];
    specs.extend(
        config
            .environments
            .iter()
            .map(|e| (format!("environment `{}`", e.name), e.remote.as_str())),
    );
    let mut out = Vec::new();
    for (what, spec) in specs {
        match known(spec) {
            RemoteKnown::Ok => {}
            RemoteKnown::NoSuchName => out.push(format!(
                "{what}: this clone has no remote `{spec}`; add it with `git remote add {spec} URL`"
            )),
            RemoteKnown::NoSuchPath => out.push(format!("{what}: `{spec}` does not exist here")),
        }
    }
    out
}

/// Every companion not cloned where this clone looks for it (`workdir` is
/// the LookML clone's main checkout), each with how to clone it.
pub fn companion_warnings(config: &Config, workdir: &Path) -> Vec<String> {
    config
        .companions
        .iter()
        .filter_map(|c| {
            let path = config.companion_path(workdir, &c.name);
            if crate::git::Repo::open(&path).is_ok() {
                return None;
            }
            Some(format!(
                "companion `{}` is not cloned at {}; clone it (`git clone {} {}`), or say where it is in the personal file: [companions] {} = \"DIR\"",
                c.name,
                path.display(),
                c.remote,
                path.display(),
                c.name
            ))
        })
        .collect()
}

/// The files read, the environments with their maps, and the pipeline.
fn configuration(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "configuration: {}", config.team_file.display());
    match &config.personal_file {
        Some(p) => {
            let _ = writeln!(out, "personal:      {}", p.display());
        }
        None => out.push_str("personal:      (none)\n"),
    }
    if let (Some(user), Some(from)) = (&config.personal.user, &config.user_source) {
        let _ = writeln!(out, "user:          {user} (from {from})");
    }
    out.push_str("\nenvironments:\n");
    for env in &config.environments {
        let mut notes = Vec::new();
        if env.protected {
            notes.push("protected".to_string());
        }
        if let Some(t) = &env.template {
            notes.push(format!("from {t}"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}  -> {} {}{}",
            env.name, env.remote, env.branch, notes
        );
        if !env.model_prefix.is_empty() || !env.model_suffix.is_empty() {
            let _ = writeln!(
                out,
                "      models:      {}<model>{}",
                env.model_prefix, env.model_suffix
            );
        }
        for (label, map) in [
            ("connections", &env.connections),
            ("constants", &env.constants),
            ("schemas", &env.schemas),
        ] {
            if !map.is_empty() {
                let pairs: Vec<String> = map.iter().map(|(k, v)| format!("{k} -> {v}")).collect();
                let _ = writeln!(out, "      {label:<12} {}", pairs.join(", "));
            }
        }
    }
    out.push('\n');
    if config.stages.is_empty() {
        out.push_str("pipeline: (no stages)\n");
    } else {
        let _ = writeln!(out, "pipeline: {}", config.stages.join(" -> "));
        if let Some(r) = &config.release_from {
            let _ = writeln!(
                out,
                "releases: {}, cut from what {} holds, taken from {r} on",
                config.project.release_branch, config.stages[0]
            );
        }
        if let Some(a) = &config.require_acceptance {
            let after = config
                .stages
                .iter()
                .skip_while(|s| *s != a)
                .skip(1)
                .cloned()
                .collect::<Vec<_>>();
            let _ = writeln!(
                out,
                "sign-off: {} take(s) only stories accepted on {a} (`storyboard accept`)",
                after.join(", ")
            );
        }
    }
    if !config.companions.is_empty() {
        // The order is the deploy order: schema before ETL before views.
        let names: Vec<&str> = config.companions.iter().map(|c| c.name.as_str()).collect();
        let _ = writeln!(
            out,
            "companions: {}, deployed in this order before the LookML",
            names.join(" -> ")
        );
        for c in &config.companions {
            let _ = writeln!(out, "  {}  -> {} {}", c.name, c.remote, c.main);
            let _ = writeln!(out, "      deploy       {}", c.deploy.join(" "));
            if let Some(r) = &c.rollback {
                let _ = writeln!(out, "      rollback     {}", r.join(" "));
            }
        }
    }
    out.push('\n');
    out
}
