//! Catalog files and templates → load and check → quote and render an intake of each model:
//! nothing that loads may panic, hang or exhaust memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    propose::fuzzing::run_overrides(data);
});
