//! `propose init`: a commented intake that is valid as written and explains every field,
//! filled with the catalog's real ids so a consultant only edits values.

use crate::catalog::{Catalog, ModelKind};
use chrono::NaiveDate;

/// The intake text for one model, dated `date`, for `client`.
pub fn intake(c: &Catalog, model: ModelKind, client: &str, date: NaiveDate) -> String {
    let list = |v: Vec<&str>| v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
    let currencies = list(c.pricing.currencies.iter().map(|r| r.code.as_str()).collect());
    // TOML's own quoting, so any name (quotes, backslashes, newlines) stays valid.
    let client = toml::Value::String(client.to_string()).to_string();
    let start = date + chrono::Days::new(14);
    let mut out = format!(
        r##"#:schema ./intake.schema.json
# A propose intake. Check it with `propose check THIS.toml`; quote it with `propose quote`.
# Lists below come before the first [table], as TOML requires.

# The client's objectives, quoted in the executive summary.
objectives = ["Describe what the client wants to achieve."]
# What the proposal assumes, and what it leaves out.
assumptions = ["The client provides access to the systems in scope in the first week."]
exclusions = ["Third-party licence costs."]
# The client's own days off, added to the public holidays of the client's country.
# `holidays = false`: no public holidays; `{{ public = false, extra = [dates] }}`: only these.
holidays = []
# The calendar schedules, milestones and due dates use: the client's country by default.
# calendar = "GB-ENG"            # another place's weekends and public holidays

[proposal]
number = "CD-{year}-001"          # names the output files: letters, digits, dashes
date = {date}                # the proposal date; every document carries it
valid_days = {valid}                  # calendar days the prices hold
currency = "{currency}"                # one of {currencies}
locale = "{locale}"                # en-US, en-GB, de-DE or fr-FR: money and date formats
prepared_by = "{firm}"
# revision = "r1"               # r1, r2, ...: in the file names, the cover and the footer
# tax = 0                        # percent, overriding the tax rule for the client's country,
# tax_reason = "Exempt: ..."     # with the reason the proposal prints
# withholding = 10               # the client's withholding tax, overriding the catalog's,
# withholding_reason = "Tax treaty, Art. 12"   # with the reason the proposal prints
# title = "Consulting Proposal"
# logo = "logo.png"              # PNG or JPEG for the PDF cover, relative to this file
# accent = "#1F6FEB"             # the PDF's accent colour

[client]
name = {client}
# contact = "Name"
# contact_title = "Role"
# email = "name@example.com"
# address = "Street, City"
# industry = "Industry"
# country = "DE"                 # ISO code, optional subdivision ("CA-QC"): tax rule and calendar
# kind = "business"              # business, consumer or public (default business)
# tax_id = "DE123456788"         # the client's VAT/GST ID, checked for its country; needed
                                 # for the EU reverse charge

"##,
        year = chrono::Datelike::year(&date),
        valid = c.firm.validity_days,
        currency = c.firm.default_currency,
        locale = c.firm.default_locale,
        firm = c.firm.name,
    );
    out += &engagement(c, model, start);
    out += r#"
# Discounts (optional): a percentage, or an amount off one-time fees.
# [[discount]]
# label = "Early commitment"
# percent = 5
# applies_to = "all"             # one-time, monthly or all
"#;
    out
}

fn engagement(c: &Catalog, model: ModelKind, start: NaiveDate) -> String {
    let ids = |v: Vec<&str>| v.join(", ");
    match model {
        ModelKind::Project => {
            let scenarios = ids(c.model(ModelKind::Project).ideal_for.iter().map(|s| s.id.as_str()).collect());
            let processes = ids(c.processes.iter().map(|p| p.id.as_str()).collect());
            let phases = ids(c.processes.iter().flat_map(|p| p.phases.iter().map(|ph| ph.id.as_str())).collect());
            format!(
                r#"[[engagement]]
model = "project"
scenario = "{scenario}"     # one of: {scenarios}
pricing = "fixed"                # fixed, or time-and-materials (an estimate and a range)
size = "medium"                  # small, medium or large: scales the catalog's effort
process = "standard"             # one of: {processes}
start = {start}               # work starts on the first business day from here
# Scale or skip phases ({phases}):
# phases = {{ execution = {{ scale = 1.5 }}, transition = {{ skip = true }} }}
# why = "Why this engagement fits, in your words."
"#,
                scenario = c.model(ModelKind::Project).ideal_for.first().map_or("", |s| s.id.as_str()),
            )
        }
        ModelKind::Advisory => format!(
            r#"[[engagement]]
model = "advisory"
hours = 20                       # hours included each month; more get a package discount
months = 6                       # the expected length; retainers stay month-to-month
start = {start}
# why = "Why this engagement fits, in your words."
"#
        ),
        ModelKind::Managed => {
            let tiers = ids(c.tiers.iter().map(|t| t.id.as_str()).collect());
            let items = ids(c.pricing.managed.items.iter().map(|i| i.id.as_str()).collect());
            format!(
                r#"[[engagement]]
model = "managed"
tier = "{tier}"       # one of: {tiers}
months = 12                      # the subscription term
start = {start}
# What is managed, by catalog item ({items}):
inventory = {{ servers = 10, databases = 2 }}
"#,
                tier = c.tiers.first().map_or("", |t| t.id.as_str()),
            )
        }
    }
}

/// Today's date from the system clock, for a new intake (never used in outputs).
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + chrono::Days::new(secs / 86_400)
}
