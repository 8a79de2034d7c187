//! The README never lies: its intake example checks, and its option example, added to an
//! example intake, prices three options.

use assert_cmd::Command;

fn toml_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    readme.split("```toml\n").skip(1).map(|b| b.split("```").next().unwrap().to_string()).collect()
}

#[test]
fn the_readme_intake_is_valid() {
    let blocks = toml_blocks();
    let out =
        Command::cargo_bin("propose").unwrap().args(["check", "-"]).write_stdin(blocks[0].clone()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_readme_options_price_on_their_example() {
    let blocks = toml_blocks();
    let base = std::fs::read_to_string("examples/tailspin-options.toml").unwrap();
    let base = &base[..base.find("\n[[option]]\n").unwrap() + 1];
    let text = format!("{base}{}", blocks[1]);
    let out = Command::cargo_bin("propose")
        .unwrap()
        .args(["quote", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["options"].as_array().unwrap().len(), 3);
}
