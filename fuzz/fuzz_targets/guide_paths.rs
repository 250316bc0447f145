#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| throughline_fuzzing::guide_paths(data));
