//! The parser and the project model on arbitrary bytes: no panic, no hang, and what
//! parses prints back byte for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use storyboard::lookml;
use storyboard::project::Project;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("views/fuzz.view.lkml");
    if let Ok(file) = lookml::parse_file(path, data) {
        assert_eq!(file.print().as_bytes(), data);
        let _ = lookml::to_json(&file);
    }
    let project = Project::from_files(vec![(PathBuf::from("models/fuzz.model.lkml"), data.to_vec())]);
    let _ = project.explores();
});
