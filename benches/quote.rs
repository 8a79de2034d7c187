//! Benchmark stub, filled in by the issue that owns it.

fn main() {}
