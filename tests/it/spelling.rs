//! en-GB spelling reaches every text the catalog writes: each example rendered in en-GB
//! (Markdown, HTML, JSON and the terminal quote) holds none of the en-US words the spelling
//! map (`catalog/spelling/en-GB.toml`) respells, whatever path a text takes into the model
//! (an option's offer, a tier's features, a line's label).

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// The map's en-US words.
fn american() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("catalog/spelling/en-GB.toml")).unwrap();
    let map: toml::Table = text.parse().unwrap();
    map["words"].as_table().unwrap().keys().cloned().collect()
}

/// The words of `text` the map would respell, in the forms it respells (lowercase,
/// Capitalised, UPPERCASE), less `own` (the intake's words, which are the client's).
fn found(text: &str, us: &BTreeSet<String>, own: &BTreeSet<String>) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| {
            let lower = w.to_lowercase();
            let cased = *w == lower || *w == w.to_uppercase() || w[1..] == lower[1..];
            !w.is_empty() && cased && us.contains(&lower) && !own.contains(&lower)
        })
        .map(str::to_string)
        .collect()
}

/// The text a reader sees in an HTML page: no style, script or markup.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let end = ["style", "script"]
            .iter()
            .find(|t| rest.starts_with(&format!("<{t}")))
            .and_then(|t| rest.find(&format!("</{t}>")))
            .unwrap_or(0);
        rest = rest[end..].split_once('>').map_or("", |(_, r)| r);
        out.push(' ');
    }
    out + rest
}

/// Every string of the JSON but the public holidays' names, which are the calendar's proper
/// names (Labor Day is Labor Day in London too).
fn json_strings(v: &Value, key: &str, out: &mut String) {
    match v {
        Value::String(s) if key != "holidays" => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) if key != "holidays" => a.iter().for_each(|x| json_strings(x, key, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| json_strings(x, k, out)),
        _ => {}
    }
}

#[test]
fn an_en_gb_rendering_of_every_example_has_no_en_us_spelling() {
    let us = american();
    assert!(us.contains("optimization") && us.len() > 100, "{}", us.len());
    for path in examples() {
        let name = shown(&path);
        let source = std::fs::read_to_string(&path).unwrap();
        let own = found(&source, &us, &BTreeSet::new()).iter().map(|w| w.to_lowercase()).collect();
        let out = tempfile::tempdir().unwrap();
        let gb = ["--set", "proposal.locale=en-GB", "--set", "proposal.language=en"];
        let render = propose()
            .args(["render", "--format", "md,html,json", "--out"])
            .arg(out.path())
            .args(gb)
            .arg(&path)
            .output()
            .unwrap();
        assert!(render.status.success(), "{name}: {}", String::from_utf8_lossy(&render.stderr));
        let quote = propose().arg("quote").args(gb).arg(&path).output().unwrap();
        assert!(quote.status.success(), "{name}: {}", String::from_utf8_lossy(&quote.stderr));
        let mut texts = vec![("quote".to_string(), String::from_utf8(quote.stdout).unwrap())];
        for entry in std::fs::read_dir(out.path()).unwrap() {
            let file = entry.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap();
            let text = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => html_text(&text),
                Some("json") => {
                    let mut strings = String::new();
                    json_strings(&serde_json::from_str(&text).unwrap(), "", &mut strings);
                    strings
                }
                _ => text,
            };
            texts.push((file.display().to_string(), text));
        }
        assert_eq!(texts.len(), 4, "{name}: the quote, Markdown, HTML and JSON");
        for (what, text) in texts {
            let left = found(&text, &us, &own);
            assert!(left.is_empty(), "{name}: {what} keeps the en-US spelling of {left:?}");
        }
    }
    // The check can fail: the en-US proposal keeps them, in the options' features too.
    let out = tempfile::tempdir().unwrap();
    let path = example("tailspin-options.toml");
    let us_en = ["--set", "proposal.locale=en-US"];
    let ok = propose().args(["render", "--out"]).arg(out.path()).args(us_en).arg(&path).output().unwrap().status;
    assert!(ok.success());
    let md = std::fs::read_to_string(out.path().join("CD-2026-030.md")).unwrap();
    assert!(md.contains("| Continuous optimization |"), "{md}");
    assert!(found(&md, &us, &BTreeSet::new()).contains("optimization"));
}
