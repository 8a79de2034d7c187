//! Any bytes as a file to `verify` against an example intake: nothing may panic, hang or
//! exhaust memory, whatever the file holds.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    propose::fuzzing::verify(data);
});
