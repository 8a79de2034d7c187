//! Intake text → check → quote → render Markdown and PDF: nothing may panic or hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    propose::fuzzing::run(data);
});
