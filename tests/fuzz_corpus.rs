//! Replays the fuzz corpus (`fuzz/corpus/pipeline`) through the whole pipeline on stable
//! Rust: every input that ever found new behaviour must still run without a panic.

#[test]
fn every_corpus_input_runs_without_panicking() {
    let dir = std::path::Path::new("fuzz/corpus/pipeline");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is missing");
    for path in files {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| propose::fuzzing::run(&data));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
}
