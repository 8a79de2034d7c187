//! The proposal's own facts (number, dates, currency, tax, locale, revision, logo, accent)
//! and the client.

use super::Checker;
use crate::diag::one_of;
use crate::intake::raw::*;
use crate::intake::*;
use toml::Spanned;

use crate::intake::limits::*;

impl Checker<'_> {
    pub(super) fn meta(&mut self, p: Spanned<RawProposal>) -> Option<Meta> {
        let p = p.into_inner();
        let number = self.text(&p.number, "number");
        let date = self.date(&p.date, "date");
        self.proposal_date = date;
        let currency = match &p.currency {
            None => Currency::from_code(&self.catalog.firm.default_currency),
            Some(code) => {
                let known: Vec<(&str, Currency)> = self
                    .catalog
                    .pricing
                    .currencies
                    .iter()
                    .filter_map(|r| Currency::from_code(&r.code).map(|c| (c.code, c)))
                    .collect();
                match Currency::from_code(code.get_ref()) {
                    Some(c) if !known.iter().any(|(k, _)| *k == c.code) => {
                        self.error(
                            code.span(),
                            format!("the catalog has no exchange rate for currency `{}`", c.code),
                            Some("a currency the rate card does not price in".to_string()),
                            format!(
                                "use one of {}, or add a `[[currencies]]` entry for it to the catalog's pricing.toml",
                                one_of(known.iter().map(|(k, _)| *k))
                            ),
                        );
                        None
                    }
                    _ => self.lookup("currency", code, &known),
                }
            }
        };
        let rate = currency.and_then(|c| self.catalog.currency_rate(c.code));
        if let (Some(c), Some(date)) = (currency, date) {
            self.rate_taken_by(c, date, &p.date);
        }
        let tax = match &p.tax {
            Some(v) => self
                .decimal(
                    v,
                    "tax",
                    Decimal::ZERO,
                    true,
                    Decimal::ONE_HUNDRED,
                    "give the tax rate in percent, e.g. `tax = 20`",
                )
                .map(Percent),
            None => rate.map(|r| r.tax_percent.money()),
        };
        let tax_label = self.opt_text(&p.tax_label, "tax_label").or_else(|| rate.map(|r| r.tax_label.clone()));
        let locale = match &p.locale {
            None => Locale::from_tag(&self.catalog.firm.default_locale),
            Some(tag) => self.lookup("locale", tag, Locale::all()),
        };
        let language = match &p.language {
            None => locale.map(Locale::default_language),
            Some(code) => self.lookup("language", code, Language::all()),
        };
        let valid_days = match &p.valid_days {
            Some(v) => {
                self.integer(v, "valid_days", 1..=365, "give the days the proposal stays valid, e.g. `valid_days = 30`")
            }
            None => Some(i64::from(self.catalog.firm.validity_days.get())),
        };
        let title = p.title.as_ref().and_then(|t| self.short_text(t, "proposal.title", MAX_TITLE, "on the cover"));
        let consultant = self.consultant(&p)?;
        let revision = p.revision.as_ref().and_then(|r| self.revision(r));
        let number = number.filter(|n| self.file_stem(&p.number, n, revision.as_deref()));
        let logo = p.logo.as_ref().and_then(|l| self.logo(l));
        let accent = p.accent.as_ref().and_then(|a| self.accent(a));
        let fonts = p.fonts.as_ref().map(|f| self.fonts(f)).unwrap_or_default();
        let date = date?;
        Some(Meta {
            number: number?,
            title,
            valid_until: date + chrono::Days::new(valid_days? as u64),
            date,
            currency: currency?,
            tax: tax?,
            tax_label: tax_label?,
            // In the client's locale, or in the proposal's language's where that differs.
            locale: locale?.in_language(language?),
            language: language?,
            consultant,
            revision,
            logo,
            accent,
            fonts,
        })
    }

    /// Whether the proposal number, with the revision when there is one, names files every
    /// common file system can write: ASCII letters, digits, `-`, `_` and `.`, starting with a
    /// letter or digit, at most [`MAX_FILE_STEM`] characters, and no name Windows reserves
    /// for a device (`CON`, `NUL`, `COM1`, ...).
    pub(super) fn file_stem(&mut self, at: &Spanned<String>, number: &str, revision: Option<&str>) -> bool {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        let help = "use ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit, e.g. `CD-2026-014`";
        let stem = match revision {
            Some(r) => format!("{number}-{r}"),
            None => number.to_string(),
        };
        let problem = if let Some(c) = number.chars().find(|c| !allowed(*c)) {
            Some((format!("proposal number `{number}` cannot name a file"), format!("`{c}` is not allowed"), help))
        } else if !number.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            Some((format!("proposal number `{number}` cannot name a file"), "starts with a symbol".into(), help))
        } else if stem.len() > MAX_FILE_STEM {
            let what = if revision.is_some() { "with its revision, the file name" } else { "the file name" };
            Some((
                format!("proposal number `{number}` is too long: {what} `{stem}` has {} characters", stem.len()),
                format!("expected at most {MAX_FILE_STEM}"),
                "shorten the number",
            ))
        } else if is_reserved_on_windows(&stem) {
            Some((
                format!("proposal number `{number}` cannot name a file: Windows reserves `{stem}` for a device"),
                "a device name".into(),
                "use a number that is not `CON`, `PRN`, `AUX`, `NUL`, `COM0` to `COM9` or `LPT0` to `LPT9`, e.g. `CD-2026-014`",
            ))
        } else {
            None
        };
        let Some((message, label, help)) = problem else { return true };
        self.error(at.span(), message, Some(label), help);
        false
    }

    /// A revision written `r1`, `r2`, ... (up to `r9999`).
    pub(super) fn revision(&mut self, r: &Spanned<String>) -> Option<String> {
        let text = r.get_ref().trim();
        let digits = text.strip_prefix('r').filter(|d| (1..=4).contains(&d.len()) && !d.starts_with('0'));
        if digits.is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())) {
            return Some(text.to_string());
        }
        self.error(
            r.span(),
            format!("revision `{}` is not of the form r1, r2, ...", r.get_ref()),
            None,
            "write the revision as `r` and a number, e.g. `revision = \"r2\"`",
        );
        None
    }

    /// A logo path, relative to the intake's folder, naming an existing PNG or JPEG within the
    /// logo's bounds.
    pub(super) fn logo(&mut self, l: &Spanned<String>) -> Option<std::path::PathBuf> {
        let base = std::path::Path::new(&self.source.name).parent().unwrap_or(std::path::Path::new(""));
        let path = base.join(l.get_ref());
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg")) {
            self.error(
                l.span(),
                format!("logo `{}` is not a PNG or JPEG file", l.get_ref()),
                None,
                "use a `.png`, `.jpg` or `.jpeg` image",
            );
            return None;
        }
        if !path.is_file() {
            self.error(
                l.span(),
                format!("logo `{}` does not exist", path.display()),
                None,
                "give the path relative to the intake file",
            );
            return None;
        }
        if let Err(problem) = super::super::logo::read(&path) {
            let message = format!("logo `{}` {}", path.display(), problem.describe());
            self.error(l.span(), message, problem.label(), problem.help());
            return None;
        }
        Some(path)
    }

    /// Font files, relative to the intake's folder, each an existing `.ttf`, `.otf`, `.ttc` or
    /// `.otc` file (whether it is a usable font, the PDF renderer checks), at most
    /// [`MAX_FONTS`].
    pub(super) fn fonts(&mut self, list: &Spanned<Vec<Spanned<String>>>) -> Vec<std::path::PathBuf> {
        if list.get_ref().len() > MAX_FONTS {
            self.error(
                list.span(),
                format!("`fonts` lists {} files, more than the {MAX_FONTS} allowed", list.get_ref().len()),
                None,
                "list only the fonts the proposal's scripts need",
            );
            return Vec::new();
        }
        let base = std::path::Path::new(&self.source.name).parent().unwrap_or(std::path::Path::new(""));
        let mut out = Vec::new();
        for f in list.get_ref() {
            let path = base.join(f.get_ref());
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
                self.error(
                    f.span(),
                    format!("font `{}` is not a font file", f.get_ref()),
                    None,
                    "use a TrueType or OpenType font: `.ttf`, `.otf`, or a `.ttc`/`.otc` collection",
                );
            } else if !path.is_file() {
                self.error(
                    f.span(),
                    format!("font `{}` does not exist", path.display()),
                    None,
                    "give the path relative to the intake file",
                );
            } else {
                out.push(path);
            }
        }
        out
    }

    /// An accent colour written `#RRGGBB`.
    pub(super) fn accent(&mut self, a: &Spanned<String>) -> Option<[u8; 3]> {
        let hex =
            a.get_ref().trim().strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        let rgb = hex.map(|h| [0, 2, 4].map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0)));
        if rgb.is_none() {
            self.error(
                a.span(),
                format!("accent `{}` is not a colour", a.get_ref()),
                None,
                "write it as `#RRGGBB`, e.g. `accent = \"#1F6FEB\"`",
            );
        }
        rgb
    }

    /// The consultant: the `[proposal.consultant]` table, or `prepared_by` as a name alone,
    /// or the firm's name; not both keys.
    fn consultant(&mut self, p: &RawProposal) -> Option<Consultant> {
        let short = |me: &mut Self, t: &Spanned<String>, path: &str| me.short_text(t, path, MAX_NAME, "on the cover");
        match (&p.prepared_by, &p.consultant) {
            (Some(name), Some(_)) => {
                self.error(
                    name.span(),
                    "`prepared_by` and `[proposal.consultant]` both name who leads the work",
                    Some("given here and as a table".into()),
                    "keep the table and remove `prepared_by`, or the other way round",
                );
                None
            }
            (Some(name), None) => {
                Some(Consultant { name: short(self, name, "proposal.prepared_by")?, ..Consultant::default() })
            }
            (None, Some(c)) => {
                let c = c.get_ref();
                Some(Consultant {
                    title: c.title.as_ref().and_then(|t| short(self, t, "proposal.consultant.title")),
                    email: c.email.as_ref().and_then(|t| short(self, t, "proposal.consultant.email")),
                    phone: c.phone.as_ref().and_then(|t| short(self, t, "proposal.consultant.phone")),
                    name: short(self, &c.name, "proposal.consultant.name")?,
                })
            }
            (None, None) => Some(Consultant { name: self.catalog.firm.name.clone(), ..Consultant::default() }),
        }
    }

    pub(super) fn client(&mut self, c: Spanned<RawClient>) -> Option<Client> {
        let c = c.into_inner();
        Some(Client {
            contact: self.opt_text(&c.contact, "contact"),
            contact_title: match (&c.contact, &c.contact_title) {
                (None, Some(t)) => {
                    let help = "add the contact's name, e.g. `contact = \"Yuki Tanaka\"`, or remove `contact_title`";
                    self.error(t.span(), "`contact_title` without `contact`: whose title is it?", None, help);
                    None
                }
                _ => self.opt_text(&c.contact_title, "contact_title"),
            },
            email: self.opt_text(&c.email, "email"),
            address: self.opt_prose(&c.address, "address"),
            industry: self.opt_text(&c.industry, "industry"),
            kind: match &c.kind {
                None => ClientKind::default(),
                Some(k) => self.lookup("client kind", k, &ClientKind::ALL)?,
            },
            tax_id: None,
            country: c.country.as_ref().and_then(|p| self.place(p)),
            name: self.short_text(&c.name, "client.name", MAX_NAME, "on the cover and in the running heads")?,
        })
    }
}

/// Whether Windows reserves `stem` (before its first dot, in any case) for a device.
fn is_reserved_on_windows(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit())
}

impl Checker<'_> {
    /// A proposal in another currency than the catalog's is priced at, and states, the latest
    /// rate of its currency taken on or before its date: a rate taken later cannot have priced
    /// it, so a proposal dated before every rate of its currency is refused.
    fn rate_taken_by(&mut self, currency: Currency, date: NaiveDate, at: &Value) {
        if currency.code == self.catalog.pricing.base_currency || self.catalog.rates.on(currency.code, date).is_some() {
            return;
        }
        let code = currency.code;
        let (label, help) = match self.catalog.rates.earliest(code) {
            Some(first) => {
                let taken = first.date.map_or_else(String::new, |d| d.to_string());
                let from = match first.origin {
                    crate::catalog::rates::Origin::File => "the `--rates` file".to_string(),
                    crate::catalog::rates::Origin::Catalog => self.catalog.rates.file.clone(),
                    crate::catalog::rates::Origin::Pricing => "pricing.toml's `fx_date`".to_string(),
                };
                (
                    format!("its earliest rate was taken on {taken} ({from})"),
                    format!(
                        "date the proposal on or after {taken}, or give `{code}`'s rate as taken on or before {date} \
                         with `--rates FILE` (a row `{code},RATE,{date}`)"
                    ),
                )
            }
            None => (
                "the catalog has no rate for it".to_string(),
                format!("give `{code}`'s rate as taken on or before {date} with `--rates FILE` (a row `{code},RATE,{date}`)"),
            ),
        };
        self.error(
            at.span(),
            format!("no exchange rate for `{code}` was taken on or before the proposal's date {date}"),
            Some(label),
            help,
        );
    }
}
