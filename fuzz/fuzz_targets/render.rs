//! Render and unrender on arbitrary file contents: no panic, and every render that
//! succeeds unrenders to the input byte for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use storyboard::config::Config;
use storyboard::env;
use storyboard::fileset::FileSet;

const TEAM: &str = r#"
[environment.production]
remote = "p"
branch = "main"
protected = true

[environment.dev]
remote = "d"
branch = "dev"
model_suffix = "_dev"
connections = { warehouse = "warehouse_dev" }
schemas = { analytics = "analytics_dev" }
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(config) = Config::from_texts((Path::new("storyboard.toml"), TEAM), None) else { return };
    let Some(dev) = config.environment("dev") else { return };
    let split = data.iter().position(|&b| b == 0xff).unwrap_or(data.len());
    let (view, dashboard) = data.split_at(split);
    let mut files = FileSet::default();
    files.insert("models/shop.model.lkml", "connection: \"warehouse\"\n");
    files.insert("views/fuzz.view.lkml", view.to_vec());
    files.insert("dashboards/fuzz.dashboard.lookml", dashboard.get(1..).unwrap_or_default().to_vec());
    if let Ok(r) = env::render(&files, dev, &config.environments) {
        let back = env::unrender(&r.files, dev, Some(&files)).expect("a render unrenders");
        assert_eq!(back.files, files);
    }
    let _ = env::unrender(&files, dev, None);
});
