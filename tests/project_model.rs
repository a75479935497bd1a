//! The typed project model over the demo projects, modern and legacy: every object the
//! issue names is found, with its file and a span that points at its text.

mod support;

use storyboard::project::{Object, Project};
use support::project_root;

fn load(dir: &str) -> Project {
    let p = Project::from_dir(&project_root().join(dir)).expect("project loads");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    p
}

fn text_of(p: &Project, o: &Object) -> String {
    let file = p
        .files
        .iter()
        .find(|f| f.path == o.file)
        .expect("object's file is loaded");
    file.parsed.text()[o.span.clone()].to_string()
}

#[test]
fn modern_project_objects_point_at_their_text() {
    let p = load("assets/demo/project");
    let models: Vec<&str> = p.models().map(|m| m.name.as_str()).collect();
    assert_eq!(models, ["ecommerce", "marketing"]);
    let ecommerce = p.models().next().expect("model");
    assert_eq!(ecommerce.get("connection"), Some("warehouse"));
    assert!(ecommerce.all("include").count() >= 5);
    assert!(ecommerce.children_of("datagroup").count() >= 1);
    assert!(ecommerce.children_of("access_grant").count() >= 1);

    let views: Vec<&Object> = p.views().collect();
    assert!(views.len() >= 16, "{} views", views.len());
    assert!(views.iter().any(|v| v.is_refinement()));
    for v in &views {
        let text = text_of(&p, v);
        assert!(text.starts_with("view:"), "{}: {text:.40}", v.name);
        for f in v.fields() {
            let t = text_of(&p, f);
            assert!(
                t.starts_with(&format!("{}:", f.kind)),
                "{}.{}: {t:.40}",
                v.name,
                f.name
            );
        }
    }
    let kinds: std::collections::BTreeSet<&str> = views
        .iter()
        .flat_map(|v| v.fields().map(|f| f.kind.as_str()))
        .collect();
    for k in [
        "dimension",
        "dimension_group",
        "measure",
        "filter",
        "parameter",
    ] {
        assert!(kinds.contains(k), "no {k} in the demo project");
    }
    assert!(
        views
            .iter()
            .any(|v| v.children_of("derived_table").next().is_some())
    );
    assert!(views.iter().any(|v| v.children_of("set").next().is_some()));

    let explores = p.explores();
    assert!(
        explores
            .iter()
            .any(|(m, e)| *m == "ecommerce" && e.name == "+orders"),
        "refinement from an included file"
    );
    assert!(
        explores
            .iter()
            .any(|(_, e)| e.children_of("join").count() >= 2)
    );

    let manifest = p.manifest().expect("manifest");
    let constants: Vec<&str> = manifest
        .children_of("constant")
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        constants.contains(&"CONNECTION") && constants.contains(&"SCHEMA"),
        "{constants:?}"
    );

    let dashboards: Vec<&Object> = p.dashboards().collect();
    assert_eq!(dashboards.len(), 3);
    for d in &dashboards {
        assert!(d.children_of("element").count() >= 2, "{}", d.name);
        for e in d.children_of("element") {
            if let Some(model) = e.property("model") {
                let file = p.files.iter().find(|f| f.path == e.file).expect("file");
                assert_eq!(
                    &file.parsed.text()[model.span.clone()].trim_matches(['"', '\'']),
                    &model.value.as_str().unwrap_or_default()
                );
            }
        }
    }
}

#[test]
fn legacy_yaml_project_objects() {
    let p = load("assets/demo/legacy");
    let model = p.models().next().expect("legacy model");
    assert_eq!(model.name, "shop");
    assert!(model.get("connection").is_some());
    assert!(model.children_of("explore").count() >= 1);
    let views: Vec<&Object> = p.views().collect();
    assert!(views.len() >= 4);
    assert!(views.iter().all(|v| v.fields().count() > 0));
    assert!(p.dashboards().count() >= 1);
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let files = vec![
        (
            "views/a.view.lkml".into(),
            b"view: a { dimension: x {} }".to_vec(),
        ),
        (
            "views/b.view.lkml".into(),
            b"view: b { dimension: y { ".to_vec(),
        ),
        ("views/c.view.lkml".into(), vec![0xff, 0xfe, 0x00]),
        ("README.md".into(), b"not lookml".to_vec()),
    ];
    let p = Project::from_files(files);
    assert_eq!(
        p.views().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
    let errors: Vec<String> = p.errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("views/b.view.lkml:1:24: this `{` is never closed"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("views/c.view.lkml:1:1: the file is not valid UTF-8"),
        "{}",
        errors[1]
    );
}

#[test]
fn a_directory_loads_as_its_files_do() {
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = vec![
        (
            "views/a.view.lkml".into(),
            b"view: a { dimension: x {} }".to_vec(),
        ),
        ("views/b.view.lkml".into(), b"view: b { ".to_vec()),
        (
            "dash/d.dashboard.lookml".into(),
            b"- dashboard: d\n  title: [x\n".to_vec(),
        ),
        (
            "dash/e.dashboard.lookml".into(),
            b"- dashboard: e\n  title: E\n".to_vec(),
        ),
        ("notes.md".into(), b"not lookml".to_vec()),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in &files {
        let at = dir.path().join(path);
        std::fs::create_dir_all(at.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(at, bytes).expect("write");
    }
    let from_dir = Project::from_dir(dir.path()).expect("loads");
    let from_files = Project::from_files(files);
    let shown = |p: &Project| {
        (
            p.files
                .iter()
                .map(|f| (f.path.to_path_buf(), f.objects.clone()))
                .collect::<Vec<_>>(),
            p.errors.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(shown(&from_dir), shown(&from_files));
    assert_eq!(from_dir.files.len(), 2);
    assert_eq!(from_dir.errors.len(), 2, "{:?}", shown(&from_dir).1);
}

#[test]
fn a_single_file_loads_under_its_own_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("orders.view.lkml");
    std::fs::write(&file, "view: orders { dimension: id {} }").expect("write");
    let p = Project::from_dir(&file).expect("loads");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.files.len(), 1);
    assert_eq!(&*p.files[0].path, std::path::Path::new("orders.view.lkml"));
    assert_eq!(
        p.views().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["orders"]
    );
}
