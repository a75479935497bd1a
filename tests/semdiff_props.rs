//! Properties of the semantic diff over whole projects:
//!
//! - a project diffed with a reformatted copy of itself (re-indented, reordered,
//!   re-quoted, re-commented, SQL re-flowed) is empty, and with files split in two
//!   shows only moves;
//! - the incremental diff (files shared through a parse cache, most of them never
//!   looked at) is the same as the diff of two independently parsed projects.
//!
//! `SEMDIFF_PROJECT=DIR cargo test --test semdiff_props` runs the reformatting
//! check on any LookML project on disk as well.

#[path = "support/reformat.rs"]
mod reformat;
mod support;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use reformat::{Files, Style, reformat};
use storyboard::project::{Project, lookml_files};
use storyboard::semdiff::{self, ChangeOp, Diff, Options, ParseCache, Snapshot};
use support::project_root;

fn read_project(dir: &Path) -> Files {
    lookml_files(dir)
        .expect("project directory")
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p.strip_prefix(dir).unwrap_or(&p).to_path_buf(), bytes)
        })
        .collect()
}

fn demo(name: &str) -> Files {
    read_project(&project_root().join("assets/demo").join(name))
}

fn cached_diff(old: &Files, new: &Files) -> Diff {
    let mut cache = ParseCache::new();
    let (a, b) = (cache.load(old), cache.load(new));
    assert!(a.errors().is_empty(), "{:?}", a.errors());
    assert!(b.errors().is_empty(), "{:?}", b.errors());
    semdiff::diff(&a, &b, &Options::default())
}

fn full_diff(old: &Files, new: &Files) -> Diff {
    let a = Snapshot::from(Project::from_files(old.clone()));
    let b = Snapshot::from(Project::from_files(new.clone()));
    semdiff::diff(&a, &b, &Options::default())
}

fn only_moves(d: &Diff) -> bool {
    d.changes.iter().all(|c| c.op == ChangeOp::Moved)
}

fn text(d: &Diff) -> String {
    semdiff::render::text(d, false)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_reformatted_project_shows_no_change(
        seed in any::<u64>(),
        reorder in any::<bool>(),
        requote in any::<bool>(),
        comments in any::<bool>(),
        reflow in any::<bool>(),
    ) {
        let style = Style { seed, reorder, requote, comments, reflow, split: false, merge: false };
        for name in ["project", "legacy"] {
            let files = demo(name);
            let copy = reformat(&files, style);
            let d = cached_diff(&files, &copy);
            prop_assert!(d.changes.is_empty(), "{name}: {}", text(&d));
        }
    }

    #[test]
    fn split_files_show_only_moves(seed in any::<u64>()) {
        let files = demo("project");
        let copy = reformat(&files, Style::everything(seed));
        let d = cached_diff(&files, &copy);
        prop_assert!(only_moves(&d), "{}", text(&d));
        prop_assert!(cached_diff(&copy, &files).changes.iter().all(|c| c.op == ChangeOp::Moved));
    }

    #[test]
    fn the_incremental_diff_is_the_full_diff(seed in any::<u64>(), edits in 1usize..12) {
        let base = synth::generate(&synth::SynthConfig { files: 60, target_bytes: 400_000, seed });
        let story = synth::mutate_story(&base, edits, seed ^ 1);
        let pairs = |fs: &[synth::SynthFile]| -> Files {
            fs.iter().map(|f| (PathBuf::from(&f.path), f.bytes.clone())).collect()
        };
        let (old, mut new) = (pairs(&base), pairs(&story));
        // Some files moved as well, and the new side reformatted.
        new = reformat(&new, Style::everything(seed));
        let cached = cached_diff(&old, &new);
        let full = full_diff(&old, &new);
        prop_assert_eq!(text(&cached), text(&full));
        prop_assert!(cached.has_changes());
    }
}

/// The demo re-indented, reordered, re-commented, with a file split in two (the
/// explores) and, diffed the other way, view files split: nothing but moves.
#[test]
fn the_demo_reindented_reordered_recommented_and_split_shows_no_change() {
    let files = demo("project");
    let copy = reformat(&files, Style::everything(7));
    assert_ne!(files, copy, "the copy differs");
    assert!(copy.len() > files.len(), "a file was split");
    let d = cached_diff(&files, &copy);
    assert!(!d.has_changes(), "{}", text(&d));
    assert!(d.changes.iter().any(|c| c.op == ChangeOp::Moved));
    assert!(
        text(&d).ends_with("moved (no behaviour change).\n"),
        "{}",
        text(&d)
    );

    let merged = reformat(
        &files,
        Style {
            merge: true,
            split: false,
            ..Style::everything(8)
        },
    );
    assert!(merged.len() < files.len(), "view files were merged");
    let d = cached_diff(&merged, &files);
    assert!(!d.has_changes(), "{}", text(&d));
    assert!(
        d.changes
            .iter()
            .any(|c| c.op == ChangeOp::Moved && c.path[0].starts_with("view:"))
    );
}

/// `SEMDIFF_PROJECT=DIR`: the same check on a project on disk, both ways (split
/// and merged).
#[test]
fn a_project_on_disk_reformatted_shows_no_change() {
    let Some(dir) = std::env::var_os("SEMDIFF_PROJECT") else {
        return;
    };
    let files = read_project(Path::new(&dir));
    for seed in 0..5 {
        let split = reformat(&files, Style::everything(seed));
        let merged = reformat(
            &files,
            Style {
                merge: true,
                split: false,
                ..Style::everything(seed)
            },
        );
        for (label, d) in [
            ("split", cached_diff(&files, &split)),
            ("merged, diffed as a split", cached_diff(&merged, &files)),
        ] {
            assert!(!d.has_changes(), "seed {seed}, {label}: {}", text(&d));
            eprintln!(
                "{}: {} files; {label}: {} moved, no other change",
                Path::new(&dir).display(),
                files.len(),
                d.changes.len()
            );
        }
    }
}
