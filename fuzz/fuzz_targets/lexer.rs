//! The lexer on arbitrary text: tokens cover every byte, in order, without gaps.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyboard::lookml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(tokens) = lookml::tokenize(text) {
        let mut at = 0;
        for (_, range) in tokens {
            assert_eq!(range.start, at);
            assert!(range.end > range.start);
            at = range.end;
        }
        assert_eq!(at, text.len());
    }
});
