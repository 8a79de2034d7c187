//! Reads the embedded catalog's version for `propose --version`, and writes into `OUT_DIR`
//! each embedded catalog file's values baked into Rust, and each embedded translation laid
//! over its English file, baked too (`src/baked.rs` says why), the code that rebuilds each
//! embedded template already compiled (`build/templates.rs`), and the calendar data as Rust
//! data (`build/calendars.rs`).

use std::path::PathBuf;

#[path = "build/calendars.rs"]
mod calendars;
#[path = "src/render/markdown/rebuild.rs"]
#[allow(dead_code)]
mod rebuild;
#[path = "build/templates.rs"]
mod templates;

// The catalog's file lists (`FILES`, `TEXT_FILES`), shared with the crate.
include!("src/catalog/files.rs");

/// The embedded spelling map, compiled into the binary as a word list.
const SPELLING: &str = "spelling/en-GB.toml";

fn main() {
    println!("cargo:rerun-if-changed=catalog");
    println!("cargo:rerun-if-changed=src/catalog/files.rs");
    catalog_values();
    translated_values();
    string_packs();
    spelling_words();
    if let Some(out) = std::env::var_os("OUT_DIR") {
        templates::generate(&PathBuf::from(&out));
        calendars::generate(&PathBuf::from(out));
    }
    let firm = std::fs::read_to_string("catalog/firm.toml").unwrap_or_default();
    let version = firm
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("version")
                .map(|r| r.trim_start_matches([' ', '=']).trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=PROPOSE_CATALOG_VERSION={version}");
    fixed_address();
}

/// Links the binary at a fixed address (not position-independent) on Linux with glibc: a
/// position-independent one made the loader apply 12,766 relocations at every start and
/// write to 58 pages of pointers; fixed, 148 remain, and `quote` takes about 60 fewer page
/// faults (549 → 493) and 0.6 to 0.9 ms less (2026-12-01, `perf stat -r 20`). The cost is
/// that the binary's own code is not placed at a random address; libraries, heap and stack
/// still are.
fn fixed_address() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Each catalog file's values baked into Rust (`src/baked.rs`), `OUT_DIR/catalog_values.rs`
/// for `embedded::CATALOG_VALUES`: `&[("firm.toml", &Value::Table(…)), …]`. A file whose TOML
/// does not parse is left out, so the binary reads the TOML and reports the error where it is.
fn catalog_values() {
    let Some(root) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    let mut out = String::from("&[\n");
    for name in FILES {
        let text = std::fs::read_to_string(format!("catalog/{name}")).unwrap_or_default();
        if let Ok(table) = toml::from_str::<toml::Value>(&text) {
            out.push_str(&format!("    ({name:?}, &{}),\n", baked(&table)));
        }
    }
    out.push(']');
    if let Err(e) = std::fs::write(root.join("catalog_values.rs"), out) {
        println!("cargo:warning=cannot write catalog_values.rs: {e}");
    }
}

/// `value` as a Rust expression of `src/baked.rs`'s `Value`.
fn baked(value: &toml::Value) -> String {
    use toml::Value as T;
    match value {
        T::String(s) => format!("Value::Str({s:?})"),
        T::Integer(n) => format!("Value::Int({n})"),
        T::Float(x) if x.is_nan() => "Value::Float(f64::NAN)".to_string(),
        T::Float(x) if x.is_infinite() => format!("Value::Float(f64::{}INFINITY)", if *x < 0.0 { "NEG_" } else { "" }),
        T::Float(x) => format!("Value::Float({x:?})"),
        T::Boolean(b) => format!("Value::Bool({b})"),
        // As serde sees a date from the toml crate (see `Value`).
        T::Datetime(d) => format!("Value::Table(&[(\"$__toml_private_datetime\", Value::Str({:?}))])", d.to_string()),
        T::Array(items) => format!("Value::List(&[{}])", items.iter().map(baked).collect::<Vec<_>>().join(", ")),
        T::Table(t) => {
            let entries: Vec<String> = t.iter().map(|(k, v)| format!("({k:?}, {})", baked(v))).collect();
            format!("Value::Table(&[{}])", entries.join(", "))
        }
    }
}

/// A language pack's template strings (`src/catalog/strings.rs`).
const STRINGS: &str = "templates.toml";

/// Each pack's `language.toml` baked (`src/baked.rs`), `OUT_DIR/catalog/lang/LANG/language.rs`
/// for `locale::PACKS` (a compile error where it does not parse: the packs are compiled in
/// only). For each `catalog/lang/LANG/FILE` of [`TEXT_FILES`], the English file with each
/// text replaced by its translation, baked, listed in `OUT_DIR/translated.rs` for
/// `embedded::TRANSLATED`. A translation whose TOML does not parse or does not mirror its
/// file is left out, so the binary reads the TOML and reports the error where it is; the
/// checks themselves are the binary's (tests hold these to the checked reading for every
/// embedded language).
fn translated_values() {
    let Some(root) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    let languages = languages();
    for language in &languages {
        let pack = std::fs::read_to_string(format!("catalog/lang/{language}/language.toml")).unwrap_or_default();
        let rust = match toml::from_str::<toml::Value>(&pack) {
            Ok(v) => baked(&v),
            Err(e) => format!("compile_error!({:?})", format!("catalog/lang/{language}/language.toml: {e}")),
        };
        let path = root.join(format!("catalog/lang/{language}/language.rs"));
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&path, rust) {
            println!("cargo:warning=cannot write lang/{language}/language.rs: {e}");
        }
    }
    let mut table = String::from("&[\n");
    for language in &languages {
        for name in TEXT_FILES {
            let Ok(overlay) = std::fs::read_to_string(format!("catalog/lang/{language}/{name}")) else { continue };
            let english = std::fs::read_to_string(format!("catalog/{name}")).unwrap_or_default();
            if let (Ok(mut english), Ok(overlay)) =
                (toml::from_str::<toml::Value>(&english), toml::from_str::<toml::Value>(&overlay))
            {
                if lay_over(&mut english, &overlay) {
                    table.push_str(&format!("    ({language:?}, {name:?}, &{}),\n", baked(&english)));
                }
            }
        }
    }
    table.push(']');
    if let Err(e) = std::fs::write(root.join("translated.rs"), table) {
        println!("cargo:warning=cannot write translated.rs: {e}");
    }
}

/// Each language's template strings ([`STRINGS`]) as Rust data, `OUT_DIR/strings.rs`, for
/// `embedded::STRING_PACKS`: `(code, &[("section.key", Static::Text("…")), …])`, keys sorted,
/// plural forms as the pack gives them. A pack whose TOML does not parse or holds anything but
/// tables of texts and plural tables is left out, so the binary reads the TOML and reports it.
fn string_packs() {
    let Some(root) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    let languages = languages();
    let mut out = String::from("&[\n");
    for language in &languages {
        let text = std::fs::read_to_string(format!("catalog/lang/{language}/{STRINGS}")).unwrap_or_default();
        let Some(entries) = toml::from_str::<toml::Table>(&text).ok().and_then(|t| pack_entries(&t)) else { continue };
        out.push_str(&format!("    ({language:?}, &[\n"));
        for (key, entry) in entries {
            out.push_str(&format!("        ({key:?}, {entry}),\n"));
        }
        out.push_str("    ]),\n");
    }
    out.push(']');
    if let Err(e) = std::fs::write(root.join("strings.rs"), out) {
        println!("cargo:warning=cannot write strings.rs: {e}");
    }
}

/// A pack's strings as `("section.key", Rust expression)`, sorted; `None` if it is not shaped
/// as a pack.
fn pack_entries(pack: &toml::Table) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (section, table) in pack {
        for (key, value) in table.as_table()? {
            let entry = match value {
                toml::Value::String(text) => format!("Static::Text({text:?})"),
                toml::Value::Table(forms) => {
                    let forms: Vec<String> = forms
                        .iter()
                        .map(|(form, text)| text.as_str().map(|text| format!("({form:?}, {text:?})")))
                        .collect::<Option<_>>()?;
                    format!("Static::Plural(&[{}])", forms.join(", "))
                }
                _ => return None,
            };
            out.push((format!("{section}.{key}"), entry));
        }
    }
    out.sort();
    Some(out)
}

/// The spelling map's `[words]` ([`SPELLING`]) as Rust data, `OUT_DIR/spelling.rs`, for
/// `embedded::SPELLING_WORDS`: `&[("optimize", "optimise"), …]`, sorted; empty where the TOML
/// does not parse or a word is not a text, so the binary reads the TOML and reports it.
fn spelling_words() {
    let Some(root) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return };
    let text = std::fs::read_to_string(format!("catalog/{SPELLING}")).unwrap_or_default();
    let words = toml::from_str::<toml::Table>(&text).ok().and_then(|t| {
        t.get("words")?.as_table()?.iter().map(|(k, v)| Some(format!("({k:?}, {:?})", v.as_str()?))).collect()
    });
    let mut words: Vec<String> = words.unwrap_or_default();
    words.sort();
    if let Err(e) = std::fs::write(root.join("spelling.rs"), format!("&[{}]", words.join(", "))) {
        println!("cargo:warning=cannot write spelling.rs: {e}");
    }
}

/// The embedded language packs' codes (the folders of `catalog/lang`), sorted.
fn languages() -> Vec<String> {
    let mut languages: Vec<String> = std::fs::read_dir("catalog/lang")
        .map(|d| {
            d.flatten().filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    languages.sort();
    languages
}

/// Lays `overlay`'s texts over `english`: tables key by key (an `id` must match), lists item
/// by item, texts replaced. `false` where the two are not shaped alike.
fn lay_over(english: &mut toml::Value, overlay: &toml::Value) -> bool {
    use toml::Value;
    match (english, overlay) {
        (Value::Table(e), Value::Table(o)) => o.iter().all(|(key, o)| match e.get_mut(key) {
            Some(e) if key == "id" => e == o,
            Some(e) => lay_over(e, o),
            None => false,
        }),
        (Value::Array(e), Value::Array(o)) => e.len() == o.len() && e.iter_mut().zip(o).all(|(e, o)| lay_over(e, o)),
        (Value::String(e), Value::String(o)) => {
            e.clone_from(o);
            true
        }
        _ => false,
    }
}
