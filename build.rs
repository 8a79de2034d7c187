//! Reads the embedded catalog's version for `propose --version`, and writes each embedded
//! catalog file as JSON into `OUT_DIR/catalog/` (`src/embedded.rs` says why).

use std::path::PathBuf;

/// The catalog files converted, as `src/embedded.rs` lists them.
const CATALOG: [&str; 12] = [
    "firm.toml",
    "models.toml",
    "tiers.toml",
    "processes.toml",
    "scenarios.toml",
    "texts.toml",
    "pricing.toml",
    "effort.toml",
    "tax.toml",
    "tax-ids.toml",
    "terms.toml",
    "spelling/en-GB.toml",
];

fn main() {
    println!("cargo:rerun-if-changed=catalog");
    catalog_json();
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
}

/// Each catalog file as JSON, the same values: an empty file where the TOML does not parse,
/// so the binary reads the TOML and reports the error where it is.
fn catalog_json() {
    let Some(out) = std::env::var_os("OUT_DIR").map(|d| PathBuf::from(d).join("catalog")) else { return };
    if let Err(e) = std::fs::create_dir_all(&out) {
        println!("cargo:warning=cannot create {}: {e}", out.display());
    }
    for name in CATALOG {
        let text = std::fs::read_to_string(format!("catalog/{name}")).unwrap_or_default();
        let json =
            toml::from_str::<toml::Table>(&text).ok().and_then(|t| serde_json::to_string(&t).ok()).unwrap_or_default();
        let path = out.join(format!("{name}.json"));
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&path, json) {
            println!("cargo:warning=cannot write the JSON of {name}: {e}");
        }
    }
}
