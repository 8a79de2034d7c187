//! Reads the embedded catalog's version for `propose --version`.

fn main() {
    println!("cargo:rerun-if-changed=catalog/firm.toml");
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
