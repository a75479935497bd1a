//! The semantic diff's catalogue of edits: each case under `tests/semdiff/cases/` is
//! a small project before and after one kind of edit, and its `.golden` file holds
//! the diff in all three formats, old → new and new → old.
//!
//! A case file starts with `#` lines: a description, `# expect: none` (no change at
//! all), `# expect: moved` (only moves), or `# expect: sql, presentation` (the
//! classes of the changes, in both directions); `# options: comments` compares
//! comments. Then `--- old PATH`, `--- new PATH` or `--- both PATH` sections hold
//! the files.
//!
//! `SEMDIFF_BLESS=1 cargo test --test semdiff_catalogue` rewrites the goldens; the
//! expectations are checked either way, so a wrong golden cannot be blessed in.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use storyboard::semdiff::{self, ChangeOp, Diff, Format, Options, ParseCache};
use support::project_root;

type Files = Vec<(PathBuf, Vec<u8>)>;

struct Case {
    expect: Expect,
    options: Options,
    old: Files,
    new: Files,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Nothing,
    Moved,
    Classes(BTreeSet<String>),
}

fn cases_dir() -> PathBuf {
    project_root().join("tests/semdiff/cases")
}

fn read_case(name: &str) -> Case {
    let path = cases_dir().join(format!("{name}.case"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut case = Case {
        expect: Expect::Nothing,
        options: Options::default(),
        old: Vec::new(),
        new: Vec::new(),
    };
    let mut expect = None;
    let mut current: Option<(String, PathBuf, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("--- ") {
            flush(&mut case, current.take());
            let (side, file) = header.trim().split_once(' ').expect("--- SIDE PATH");
            current = Some((side.to_string(), PathBuf::from(file), String::new()));
        } else if let Some((_, _, body)) = &mut current {
            body.push_str(line);
        } else if let Some(e) = line.strip_prefix("# expect:") {
            expect = Some(parse_expect(e.trim()));
        } else if line.trim() == "# options: comments" {
            case.options.comments = true;
        }
    }
    flush(&mut case, current);
    for side in [&case.old, &case.new] {
        let paths: BTreeSet<&PathBuf> = side.iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths.len(),
            side.len(),
            "{name}: a path given twice on one side"
        );
    }
    case.expect = expect.unwrap_or_else(|| panic!("{name}: no `# expect:` line"));
    case
}

fn parse_expect(e: &str) -> Expect {
    match e {
        "none" => Expect::Nothing,
        "moved" => Expect::Moved,
        classes => Expect::Classes(classes.split(',').map(|c| c.trim().to_string()).collect()),
    }
}

fn flush(case: &mut Case, section: Option<(String, PathBuf, String)>) {
    let Some((side, path, body)) = section else {
        return;
    };
    let file = (path, body.into_bytes());
    match side.as_str() {
        "old" => case.old.push(file),
        "new" => case.new.push(file),
        "both" => {
            case.old.push(file.clone());
            case.new.push(file);
        }
        other => panic!("unknown side {other}"),
    }
}

fn diff(old: &Files, new: &Files, options: &Options) -> Diff {
    let mut cache = ParseCache::new();
    let a = cache.load(old);
    let b = cache.load(new);
    assert!(a.errors().is_empty(), "{:?}", a.errors());
    assert!(b.errors().is_empty(), "{:?}", b.errors());
    semdiff::diff(&a, &b, options)
}

fn check_expectation(name: &str, direction: &str, expect: &Expect, d: &Diff) {
    let moved = d.changes.iter().any(|c| c.op == ChangeOp::Moved);
    let classes: BTreeSet<String> = d
        .changes
        .iter()
        .filter(|c| c.counts())
        .map(|c| c.class.as_str().to_string())
        .collect();
    match expect {
        Expect::Nothing => assert!(d.changes.is_empty(), "{name} {direction}: {d:#?}"),
        Expect::Moved => assert!(!d.has_changes() && moved, "{name} {direction}: {d:#?}"),
        Expect::Classes(want) => assert_eq!(&classes, want, "{name} {direction}: {d:#?}"),
    }
}

/// new → old is old → new mirrored: the same objects and properties, added and
/// removed swapped, old and new values swapped.
fn check_mirror(name: &str, forward: &Diff, backward: &Diff) {
    let key = |d: &Diff, flip: bool| -> BTreeSet<String> {
        d.changes
            .iter()
            .map(|c| {
                let op = match (c.op, flip) {
                    (ChangeOp::Added, true) => ChangeOp::Removed,
                    (ChangeOp::Removed, true) => ChangeOp::Added,
                    (op, _) => op,
                };
                let (old, new) = if flip && c.op != ChangeOp::Moved {
                    (&c.new, &c.old)
                } else {
                    (&c.old, &c.new)
                };
                let values = if c.op == ChangeOp::Moved {
                    String::new()
                } else {
                    format!("{old:?} {new:?}")
                };
                format!(
                    "{op:?} {:?} {:?} {:?} {values}",
                    c.path, c.property, c.class
                )
            })
            .collect()
    };
    assert_eq!(
        key(forward, false),
        key(backward, true),
        "{name}: not mirrored"
    );
}

fn render_all(d: &Diff) -> String {
    let mut out = String::new();
    for (label, format) in [
        ("text", Format::Text),
        ("json", Format::Json),
        ("markdown", Format::Markdown),
    ] {
        out.push_str(&format!("==== {label}\n"));
        out.push_str(&semdiff::render::render(d, format, false));
    }
    out
}

fn run_case(name: &str) {
    let case = read_case(name);
    let forward = diff(&case.old, &case.new, &case.options);
    let backward = diff(&case.new, &case.old, &case.options);
    check_expectation(name, "old -> new", &case.expect, &forward);
    check_expectation(name, "new -> old", &case.expect, &backward);
    check_mirror(name, &forward, &backward);
    let got = format!(
        "======== old -> new\n{}======== new -> old\n{}",
        render_all(&forward),
        render_all(&backward)
    );
    let golden = cases_dir().join(format!("{name}.golden"));
    if std::env::var_os("SEMDIFF_BLESS").is_some() {
        std::fs::write(&golden, &got).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with SEMDIFF_BLESS=1 to write it",
            golden.display()
        )
    });
    assert!(
        want == got,
        "{name}: output differs from {}\n--- want\n{want}\n--- got\n{got}",
        golden.display()
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_case(stringify!($name));
            }
        )*

        /// Every case file has a test above, and every test a case file.
        #[test]
        fn every_case_file_is_listed() {
            let listed: BTreeSet<&str> = [$(stringify!($name)),*].into_iter().collect();
            let on_disk: BTreeSet<String> = std::fs::read_dir(cases_dir())
                .expect("cases directory")
                .filter_map(|e| {
                    let p = e.ok()?.path();
                    (p.extension()? == "case").then(|| file_stem(&p))
                })
                .collect();
            let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
            assert_eq!(listed, on_disk);
        }
    };
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

cases!(
    // Edits that must show no change at all.
    reindent_is_no_change,
    field_order_is_no_change,
    object_order_is_no_change,
    property_order_is_no_change,
    quoting_is_no_change,
    comments_are_no_change_by_default,
    sql_whitespace_is_no_change,
    html_whitespace_is_no_change,
    unordered_lists_are_no_change,
    dashboard_layout_is_no_change,
    legacy_yaml_layout_is_no_change,
    // Edits that move objects between files.
    view_moved_to_another_file,
    view_file_split_in_two,
    explore_moved_out_of_its_model,
    refinement_moved_among_several,
    model_file_moved,
    view_moved_out_of_model_includes,
    // Edits that change behaviour or what users see.
    label_changed,
    description_added,
    sql_changed,
    sql_string_literal_whitespace,
    sql_line_comment_joined,
    long_sql_line_diff,
    long_one_line_sql_word_diff,
    html_changed,
    timeframes_reordered,
    drill_fields_reordered,
    set_fields_reordered,
    sql_table_name_changed,
    derived_table_sql_changed,
    type_and_hidden_changed,
    join_changed,
    field_added_and_removed,
    view_added,
    explore_added_to_model,
    link_blocks_by_position,
    parameter_allowed_values,
    datagroup_and_access_grant,
    manifest_constant_changed,
    model_includes_and_connection,
    explore_refinement_in_included_file,
    dashboard_elements_and_filters,
    dashboard_filter_order,
    legacy_yaml_field_changed,
    comments_compared_when_asked,
);
