//! Issue 21: the HTML proposal in a real browser (Debian's chromium, driven over WebDriver
//! by chromedriver). Every example's page shows only numbers the JSON has; switching options
//! shows the totals `quote --format json` gives for that option; the page prints to a PDF
//! with pages; and the accessibility points hold as the browser sees them (language, heading
//! order, header scopes, alt text, a focusable labelled radio group, contrast of the
//! stylesheet's colours).
//!
//! These tests need `chromium` and `chromium-driver`, so they are `#[ignore]`d: `cargo
//! test` spends no time on them, and `.ci/run` installs both and runs
//! `cargo test --test it browser -- --ignored`.

use crate::common::*;
use base64::Engine;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// chromedriver, stopped (by its own handle) when dropped.
struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    let agent = agent();
    let mut response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => {
            agent.post(url).header("Content-Type", "application/json").send(body.unwrap_or(json!({})).to_string())
        }
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status();
    let text = response.body_mut().with_config().limit(64 << 20).read_to_string();
    let v: Value = serde_json::from_str(&text.unwrap_or_else(|e| panic!("{method} {url}: {e}"))).unwrap();
    assert!(status.is_success(), "{method} {url}: {status} {v}");
    v["value"].clone()
}

fn start_driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver runs (apt-get install chromium-driver)");
    let driver = Driver { child, base: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ready = agent().get(&format!("{}/status", driver.base)).call().ok().and_then(|mut r| {
            let v: Value = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
            v["value"]["ready"].as_bool()
        });
        if ready == Some(true) {
            return driver;
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Driver {
    fn session(&self, profile: &Path) -> Session<'_> {
        self.session_sized(profile, 1280)
    }

    /// A session whose viewport is `width` CSS pixels wide (a phone's is 390: narrower than a
    /// headless window may be, so the viewport is set through the DevTools protocol).
    fn session_sized(&self, profile: &Path, width: u32) -> Session<'_> {
        // Without these flags chromium stalls on lookups on a machine without a network.
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--window-size={},1000", width.max(500)));
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
        }}});
        let v = call("POST", &format!("{}/session", self.base), Some(caps));
        let session = Session { driver: self, id: v["sessionId"].as_str().expect("a session id").to_string() };
        if width < 500 {
            let metrics = json!({"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": false});
            let cmd = json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": metrics});
            call("POST", &session.url("/goog/cdp/execute"), Some(cmd));
        }
        session
    }
}

impl Session<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.driver.base, self.id)
    }

    fn open(&self, file: &Path) {
        call("POST", &self.url("/url"), Some(json!({"url": format!("file://{}", file.display())})));
    }

    fn run(&self, script: &str) -> Value {
        call("POST", &self.url("/execute/sync"), Some(json!({"script": script, "args": []})))
    }

    fn click(&self, css: &str) {
        let el = call("POST", &self.url("/element"), Some(json!({"using": "css selector", "value": css})));
        let id =
            el.as_object().and_then(|m| m.values().next()).and_then(Value::as_str).expect("an element").to_string();
        call("POST", &self.url(&format!("/element/{id}/click")), None);
    }

    fn print(&self) -> Vec<u8> {
        let b64 = call("POST", &self.url("/print"), Some(json!({"background": true})));
        base64::engine::general_purpose::STANDARD.decode(b64.as_str().expect("base64 PDF")).expect("decodes")
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = agent().delete(&self.url("")).call();
    }
}

/// Renders every example to HTML and JSON in `dir`: (example, page, JSON).
fn rendered(dir: &Path) -> Vec<(PathBuf, PathBuf, Value)> {
    examples()
        .into_iter()
        .map(|path| {
            let out =
                propose().args(["render", "--format", "html,json", "--out"]).arg(dir).arg(&path).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let written: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
            let page = PathBuf::from(written.iter().find(|l| l.ends_with(".html")).unwrap());
            let json = written.iter().find(|l| l.ends_with(".json")).unwrap();
            let json: Value = serde_json::from_slice(&std::fs::read(root().join(json)).unwrap()).unwrap();
            (path, root().join(page), json)
        })
        .collect()
}

/// A decimal string without trailing fractional zeros (`10377.60` → `10377.6`, `12.00` → `12`).
fn canonical(digits: &str) -> String {
    match digits.split_once('.') {
        Some((int, frac)) => match frac.trim_end_matches('0') {
            "" => int.to_string(),
            frac => format!("{int}.{frac}"),
        },
        None => digits.to_string(),
    }
    .trim_start_matches('0')
    .to_string()
}

/// Every number the JSON holds, as a string or a number, canonical.
fn json_numbers(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            let s = s.trim_start_matches('-');
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.matches('.').count() <= 1 {
                out.insert(canonical(s));
            }
        }
        Value::Number(n) => {
            out.insert(canonical(&n.to_string()));
        }
        Value::Array(a) => a.iter().for_each(|x| json_numbers(x, out)),
        Value::Object(m) => m.values().for_each(|x| json_numbers(x, out)),
        _ => {}
    }
}

/// Every amount with `decimals` decimals in `text` as the locales write them (`€10,377.60`,
/// `10.377,60 €`, `10 377,60 €`), canonical: groups of three after a separator, then a
/// decimal separator (`.` or `,`) and the decimals. With none (yen), only numbers of 1,000 or more,
/// written with a group separator: a bare `24` may be a count.
fn amounts(text: &str, decimals: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || ",. \u{a0}\u{202f}'".contains(chars[i])) {
            // A separator must be followed by a digit to belong to the number.
            if !chars[i].is_ascii_digit() && !chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                break;
            }
            i += 1;
        }
        let raw: String = chars[start..i].iter().collect();
        let digits_after_last = raw.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
        let last_sep = raw.rfind(|c: char| !c.is_ascii_digit());
        let Some(at) = last_sep else { continue };
        if decimals == 0 {
            let groups: Vec<&str> = raw.split(|c: char| !c.is_ascii_digit()).collect();
            if groups.iter().skip(1).all(|g| g.len() == 3) && groups[0].len() <= 3 {
                out.push(canonical(&groups.concat()));
            }
        } else if digits_after_last.len() == decimals && raw[at..].starts_with(['.', ',']) {
            let int: String = raw[..at].chars().filter(char::is_ascii_digit).collect();
            // The groups before the decimal separator are of three digits.
            let groups: Vec<&str> = raw[..at].split(|c: char| !c.is_ascii_digit()).collect();
            if groups.iter().skip(1).all(|g| g.len() == 3) && !int.is_empty() {
                out.push(canonical(&format!("{int}.{digits_after_last}")));
            }
        }
    }
    out
}

#[test]
fn amount_reading_follows_every_locale() {
    let text = "€10,377.60 and 10.377,60 € and 10\u{202f}377,60 € and 12.5% and 0.92";
    assert_eq!(amounts(text, 2), ["10377.6", "10377.6", "10377.6", ".92"]);
    assert_eq!(amounts("KWD 1,234.500 and 24 servers", 3), ["1234.5"]);
    assert!(amounts("Sveavägen 44, 111 34 Stockholm", 2).is_empty(), "a postcode is no amount");
    assert_eq!(amounts("¥1,234,000 for 24 servers in 2026", 0), ["1234000"]);
}

/// What the browser sees of a page's accessibility.
const AUDIT: &str = r#"
const hs = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).filter(h => h.offsetParent !== null || h.closest('[data-option]'));
const radios = Array.from(document.querySelectorAll('input[type=radio]'));
const css = getComputedStyle(document.documentElement);
return {
  lang: document.documentElement.lang,
  headings: hs.map(h => Number(h.tagName[1])),
  th_without_scope: Array.from(document.querySelectorAll('th')).filter(t => !['col','row'].includes(t.getAttribute('scope'))).length,
  img_without_alt: Array.from(document.querySelectorAll('img')).filter(i => !i.alt).length,
  charts: Array.from(document.querySelectorAll('svg')).map(s => s.getAttribute('role') === 'img' && !!s.querySelector('title') && s.querySelector('title').textContent.length > 0),
  radios: radios.map(r => ({focusable: r.tabIndex >= 0 && r.offsetParent !== null, labelled: r.labels.length > 0 && r.labels[0].textContent.trim().length > 0})),
  legend: !!document.querySelector('fieldset legend'),
  colours: ['--accent','--ink','--muted','--accent-wash','--zebra','--paper'].map(v => css.getPropertyValue(v).trim()),
  text: document.body.innerText,
  resources: performance.getEntriesByType('resource').map(r => r.name),
};
"#;

fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or_else(|_| panic!("colour {hex}"));
    (p(0), p(2), p(4))
}

/// WCAG 2.1 contrast ratio.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |(r, g, b): (u8, u8, u8)| {
        let ch = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    };
    let (x, y) = (lum(rgb(a)), lum(rgb(b)));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
#[ignore = "needs chromium and chromedriver; .ci/run runs it"]
fn browser_every_page_shows_the_json_s_numbers_and_is_accessible() {
    let dir = tempfile::tempdir().unwrap();
    let driver = start_driver();
    let session = driver.session(&dir.path().join("profile"));
    for (example, page, json) in rendered(&dir.path().join("out")) {
        let name = example.display();
        session.open(&page);
        let seen = session.run(AUDIT);
        let mut known = BTreeSet::new();
        json_numbers(&json, &mut known);
        let text = seen["text"].as_str().unwrap();
        let total = json["totals"]["contract_value"].as_str().unwrap();
        let decimals = total.split_once('.').map_or(0, |(_, f)| f.len());
        let shown = amounts(text, decimals);
        assert!(!shown.is_empty(), "{name}: no amounts read");
        for amount in &shown {
            assert!(known.contains(amount), "{name}: the page shows {amount}, which the JSON does not have");
        }
        assert_eq!(seen["lang"], json["proposal"]["language"], "{name}");
        let headings: Vec<u64> = seen["headings"].as_array().unwrap().iter().map(|h| h.as_u64().unwrap()).collect();
        assert_eq!(headings.iter().filter(|h| **h == 1).count(), 1, "{name}: one h1");
        assert_eq!(headings[0], 1, "{name}: the h1 comes first");
        for w in headings.windows(2) {
            assert!(w[1] <= w[0] + 1, "{name}: headings skip a level: {headings:?}");
        }
        assert_eq!(seen["th_without_scope"], 0, "{name}");
        assert_eq!(seen["img_without_alt"], 0, "{name}");
        assert_eq!(seen["charts"], json!([true]), "{name}: one chart with role and title");
        let radios = seen["radios"].as_array().unwrap();
        let options = json["options"].as_array().map_or(0, Vec::len);
        assert_eq!(radios.len(), options, "{name}: a radio per option");
        for r in radios {
            assert_eq!(r, &json!({"focusable": true, "labelled": true}), "{name}");
        }
        if options > 0 {
            assert_eq!(seen["legend"], true, "{name}: the radio group is labelled");
        }
        let colours: Vec<&str> = seen["colours"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        let [accent, ink, muted, wash, zebra, paper] = colours[..] else { panic!("{name}: colours {colours:?}") };
        for (fg, bg) in [
            (ink, paper),
            (muted, paper),
            (accent, paper),
            (ink, zebra),
            (ink, wash),
            (muted, zebra),
            (paper, accent),
            (accent, wash),
        ] {
            assert!(contrast(fg, bg) >= 4.5, "{name}: {fg} on {bg} has contrast {:.2}", contrast(fg, bg));
        }
        let resources = seen["resources"].as_array().unwrap();
        assert!(resources.is_empty(), "{name}: the page loaded {resources:?}");
        let pdf = session.print();
        assert!(pdf.starts_with(b"%PDF-"), "{name}: prints to a PDF");
        let doc = lopdf::Document::load_mem(&pdf).expect("the printed PDF parses");
        assert!(!doc.get_pages().is_empty(), "{name}: the printed PDF has pages");
    }
}

/// What overflows on a page: each table cell whose box leaves its table's visible box (its
/// scrolling wrapper's, or the page's), the page's own width against the window's, whether
/// every total of the shown choice lies inside the window with a size, and the chart's box,
/// the height of its smallest name, its shown date labels and how many overlap, and how
/// many of its texts leave it (an ongoing bar's `»` may stand just past its edge).
const OVERFLOW: &str = r#"
const width = window.innerWidth;
const out = [];
for (const table of document.querySelectorAll('table')) {
  const box = (table.closest('.table') || table).getBoundingClientRect();
  for (const cell of table.querySelectorAll('td, tbody th')) {
    const r = cell.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.right > width + 0.5) {
      out.push(cell.innerText.slice(0, 40) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ' in ' + Math.round(box.left) + '..' + Math.round(box.right) + ']');
    }
  }
}
const totals = Array.from(document.querySelectorAll('[data-option]')).filter(p => !p.hidden)
  .flatMap(p => Array.from(p.querySelectorAll('dl.totals dd')))
  .map(d => { const r = d.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= width + 0.5; });
const chart = document.querySelector('figure.chart svg').getBoundingClientRect();
const shown = sel => Array.from(document.querySelectorAll(sel)).filter(t => getComputedStyle(t).display !== 'none')
  .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
const names = shown('figure.chart text.label, figure.chart text.group');
const ticks = shown('figure.chart text.tick').sort((a, b) => a.left - b.left);
const crowded = ticks.slice(1).filter((r, i) => r.left < ticks[i].right + 2).length;
const outside = shown('figure.chart text').filter(r => r.left < chart.left - 0.5 || r.right > chart.right + 12).length;
return {width: width, page: document.documentElement.scrollWidth, cells: out, totals: totals,
  chart: {left: chart.left, right: chart.right, smallest_name: Math.min(...names.map(r => r.height)),
    ticks: ticks.length, crowded: crowded, outside: outside}};
"#;

#[test]
#[ignore = "needs chromium and chromedriver; .ci/run runs it"]
fn browser_at_a_phone_s_width_no_table_hides_a_column_and_the_chart_reads() {
    let dir = tempfile::tempdir().unwrap();
    let driver = start_driver();
    let session = driver.session_sized(&dir.path().join("profile"), 390);
    for (example, page, _) in rendered(&dir.path().join("out")) {
        let name = example.display();
        session.open(&page);
        let seen = session.run(OVERFLOW);
        let width = seen["width"].as_u64().unwrap();
        assert!(width <= 400, "{name}: the window is {width} px wide, not a phone's");
        assert!(seen["page"].as_u64().unwrap() <= width, "{name}: the page is wider than the window: {seen}");
        assert_eq!(seen["cells"], json!([]), "{name}: cells overflow their table");
        let totals = seen["totals"].as_array().unwrap();
        assert_eq!(totals.len(), 3, "{name}: one-time, monthly and contract value");
        assert!(totals.iter().all(|t| t == true), "{name}: a total lies outside the window: {seen}");
        // The chart fits the window at a readable size, its date labels apart.
        let chart = &seen["chart"];
        assert!(
            chart["left"].as_f64().unwrap() >= 0.0 && chart["right"].as_f64().unwrap() <= width as f64,
            "{name}: {chart}"
        );
        assert!(chart["smallest_name"].as_f64().unwrap() >= 12.0, "{name}: the chart's names are too small: {chart}");
        assert!(chart["ticks"].as_u64().unwrap() >= 2, "{name}: the axis has no dates: {chart}");
        assert_eq!(chart["crowded"], 0, "{name}: date labels overlap: {chart}");
        assert_eq!(chart["outside"], 0, "{name}: chart text leaves the chart: {chart}");
    }
}

#[test]
#[ignore = "needs chromium and chromedriver; .ci/run runs it"]
fn browser_switching_options_shows_the_totals_quote_gives() {
    let dir = tempfile::tempdir().unwrap();
    let driver = start_driver();
    let session = driver.session(&dir.path().join("profile"));
    let out = propose().args(["quote", "examples/tailspin-options.toml", "--format", "json"]).output().unwrap();
    let quote: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (_, page, _) =
        rendered(&dir.path().join("out")).into_iter().find(|(p, _, _)| p.ends_with("tailspin-options.toml")).unwrap();
    session.open(&page);
    let options = quote["options"].as_array().unwrap();
    // The recommended option shows first, alone.
    let recommended = options.iter().position(|o| o["recommended"] == true).unwrap();
    let order: Vec<usize> = std::iter::once(recommended).chain(0..options.len()).collect();
    for i in order {
        if i != recommended
            || session.run("return document.querySelector('input:checked').value") != json!(recommended.to_string())
        {
            session.click(&format!("input[name=option][value=\"{i}\"]"));
        }
        let shown = session.run(
            r#"const open = Array.from(document.querySelectorAll('[data-option]')).filter(p => !p.hidden && p.offsetParent !== null);
               return open.map(p => ({option: p.dataset.option,
                 totals: Array.from(p.querySelectorAll('dl.totals dd')).map(d => d.innerText),
                 summary: p.querySelector('pre.summary').innerText}));"#,
        );
        let open = shown.as_array().unwrap();
        assert_eq!(open.len(), 1, "option {i}: exactly one panel shows: {shown}");
        assert_eq!(open[0]["option"], json!(i.to_string()));
        let totals: Vec<String> =
            open[0]["totals"].as_array().unwrap().iter().map(|t| amounts(t.as_str().unwrap(), 2).concat()).collect();
        let want: Vec<String> = ["one_time", "monthly", "contract_value"]
            .iter()
            .map(|k| canonical(options[i]["totals"][k].as_str().unwrap()))
            .collect();
        assert_eq!(totals, want, "option {i}");
        let summary = open[0]["summary"].as_str().unwrap();
        let contract = canonical(options[i]["totals"]["contract_value"].as_str().unwrap());
        assert!(summary.contains(&format!("Option: {}", options[i]["name"].as_str().unwrap())), "{summary}");
        let total = summary.lines().find(|l| l.starts_with("Total contract value: ")).expect("a total line");
        assert_eq!(amounts(total, 2), [contract], "{summary}");
    }
}
