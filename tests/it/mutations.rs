//! Random mutations of the example intakes give an error or a proposal, never a panic: the
//! property-test twin of the fuzz target, on stable Rust.

use proptest::prelude::*;

fn examples() -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir("examples").unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// One edit: replace, insert or delete a byte, or duplicate or drop a whole line.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    DuplicateLine(usize),
    DropLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to TOML and to the pipeline, plus any byte at all.
    let byte = prop_oneof![prop::sample::select(b"=[]{}\",.-_0123456789e\n#'tf+ ".to_vec()), any::<u8>(),];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::DropLine),
    ]
}

fn apply(text: &mut Vec<u8>, e: &Edit) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *e {
        Edit::Replace(i, b) if !text.is_empty() => {
            let i = at(i, text.len());
            text[i] = b;
        }
        Edit::Insert(i, b) => text.insert(at(i, text.len() + 1), b),
        Edit::Delete(i) if !text.is_empty() => {
            text.remove(at(i, text.len()));
        }
        Edit::DuplicateLine(i) | Edit::DropLine(i) => {
            let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let i = at(i, lines.len());
            if matches!(e, Edit::DuplicateLine(_)) {
                let line = lines[i].clone();
                lines.insert(i, line);
            } else {
                lines.remove(i);
            }
            *text = lines.join(&b'\n');
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_examples_never_panic(which in any::<usize>(), edits in prop::collection::vec(edit(), 1..6)) {
        let all = examples();
        let mut text = all[which % all.len()].clone();
        for e in &edits {
            apply(&mut text, e);
        }
        propose::fuzzing::run(&text);
    }
}
