//! The client's proposal as PDF, laid out from the Markdown's events plus the proposal model
//! (cover facts, the Gantt chart's dates), so the PDF and the Markdown say the same thing.
//!
//! - `face`: one font face; `fonts`: the fallback chain (embedded Liberation Sans, the
//!   user's fonts, the system's); `system`: the system font search; `shape`: shaping;
//! - `subset`: font subsets built once per process and reused (the expensive part of PDF);
//!   `embed`: the fonts and glyph codes a document writes;
//! - `blocks`: the Markdown as blocks; `flow`: blocks laid out as units (`draw`), lines
//!   shaped, broken and ordered by `text`; `keep`: which units share a page; `paginate`:
//!   units placed on pages; `audit`: the laid-out pages checked as a typesetter would;
//!   `style`: geometry and theme (and the snug, snugger and tight themes a brief past its
//!   two pages is copyfitted in);
//! - `table`, `gantt`, `cover`: tables, the timeline chart, the cover and running heads;
//!   `contents`: a long proposal's table of contents;
//! - `logo`: the cover logo, decoded once; `document`: printpdf and the finished file;
//! - `bounds`: the check, on every page, that nothing is drawn outside its area.

mod audit;
pub(crate) mod blocks;
mod bounds;
mod contents;
mod cover;
mod document;
mod draw;
mod embed;
mod face;
mod flow;
mod fonts;
mod form;
pub(crate) mod gantt;
mod keep;
mod links;
mod logo;
mod paginate;
mod shape;
pub(crate) mod style;
mod subset;
mod system;
mod table;
mod text;

pub use fonts::Sources as FontSources;

use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;
use blocks::{plain, Block};
use draw::{Draw, Unit};
use flow::Flow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use style::{Geometry, Rgb, Theme, DEFAULT_ACCENT};

/// The pages a brief keeps to (issue 15): one that runs past them is copyfitted.
const BRIEF_PAGES: usize = 2;

/// A document laid out: the cover's draws (the full edition), the body's units and the
/// pages they are placed on, where the signature block starts, and the title.
struct Laid {
    cover: Option<Vec<Draw>>,
    units: Vec<Unit>,
    pages: Vec<paginate::Page>,
    signature: Option<usize>,
    title: String,
    /// The first of `pages` is the cover's space under the preamble.
    on_cover: bool,
    /// Where the first of `pages` starts below the text block's top (see `paginate`).
    start: f32,
    /// Some stacked tables share their columns (`Flow::stacked`).
    lined_up: bool,
}

/// What one layout pass of a proposal varies.
#[derive(Clone, Copy)]
struct Pass<'a> {
    /// The room the timeline chart may take.
    chart_room: gantt::Room,
    /// The table of contents' entries, once their pages are known.
    contents: Option<&'a [contents::Entry]>,
    /// Whether stacked tables may share their columns (`Flow::stacked`).
    line_up: bool,
}

/// Set up once (fonts parsed, subsets and logos cached) and reused for every proposal.
pub struct Pdf {
    library: Arc<fonts::Library>,
    subsets: Arc<subset::Cache>,
    geometry: Geometry,
    logos: Mutex<HashMap<std::path::PathBuf, Arc<logo::Logo>>>,
    creator: String,
    /// A cover page first (the full edition), or the title at the top of the first page.
    cover: bool,
}

impl Pdf {
    /// Pages of `paper`; `creator` names the program in every file's document info.
    pub fn new(paper: crate::render::Paper, creator: &str, sources: &fonts::Sources) -> Result<Pdf> {
        let library = Arc::new(fonts::Library::new(sources)?);
        let subsets = Arc::new(subset::Cache::default());
        let geometry = Geometry::new(paper == crate::render::Paper::Letter);
        Ok(Pdf {
            library,
            subsets,
            geometry,
            logos: Mutex::new(HashMap::new()),
            creator: creator.to_string(),
            cover: true,
        })
    }

    /// Lays out `edition`'s document: the brief one has no cover page.
    pub fn edition(mut self, edition: crate::render::Edition) -> Pdf {
        self.cover = edition == crate::render::Edition::Full;
        self
    }

    /// The fonts of one document: the run's chain, the intake's `fonts` and its language.
    fn fonts(&self, p: &Proposal) -> Result<fonts::Fonts> {
        let mut extra = Vec::new();
        for path in &p.proposal.fonts {
            extra.extend(self.library.file(path)?.iter().cloned());
        }
        let f = fonts::Fonts::new(self.library.clone(), &extra, p.proposal.locale.written());
        preflight(&f, p)?;
        Ok(f)
    }

    fn logo(&self, path: &std::path::Path) -> Result<Arc<logo::Logo>> {
        if let Some(l) = self.logos.lock().ok().and_then(|m| m.get(path).cloned()) {
            return Ok(l);
        }
        let l = Arc::new(logo::Logo::load(path)?);
        if let Ok(mut m) = self.logos.lock() {
            m.insert(path.to_path_buf(), l.clone());
        }
        Ok(l)
    }

    /// The PDF of proposal `p`, whose Markdown is `markdown`.
    pub fn render(&self, p: &Proposal, markdown: &str) -> Result<Vec<u8>> {
        let g = &self.geometry;
        let fonts = &self.fonts(p)?;
        let accent = p.proposal.accent.map_or(DEFAULT_ACCENT, |[r, g, b]| Rgb(r, g, b));
        let theme = Theme::new(accent);
        let logo = p.proposal.logo.as_deref().map(|path| self.logo(path)).transpose()?;
        let Laid { cover, pages, title, on_cover, .. } = self.layout(p, markdown, fonts, &theme, logo.as_deref())?;
        let mut pages = pages.into_iter();
        let first = usize::from(cover.is_some()) + 1;
        let total = pages.len() + first - 1 - usize::from(on_cover);
        let mut sheets = Vec::with_capacity(total);
        // A draft carries its watermark on every page, drawn first so the text stays legible
        // (on the cover, over the band: see `cover::cover`).
        let watermark = || p.draft.then(|| cover::watermark(fonts, g, p));
        if let Some(cover) = cover {
            let (page, text, body) = (g.page_area(), g.cover_text_area(), g.body_area());
            check(1, "the cover", &cover, &text, &page)?;
            let mut sheet = document::Sheet { draws: cover, bookmarks: Vec::new() };
            // The first section begins on the cover, under the preamble.
            if on_cover {
                if let Some(start) = pages.next() {
                    check(1, "the text block", &start.draws, &body, &body)?;
                    sheet.draws.extend(start.draws);
                    sheet.bookmarks = start.bookmarks;
                }
            }
            sheets.push(sheet);
        }
        for (i, page) in pages.enumerate() {
            let n = i + first;
            let (header, footer) = cover::chrome(fonts, &theme, g, p, n, total)?;
            let (head, body, foot) = (g.header_area(), g.body_area(), g.footer_area());
            check(n, "the running header", &header, &head, &head)?;
            check(n, "the text block", &page.draws, &body, &body)?;
            check(n, "the running footer", &footer, &foot, &foot)?;
            let mut draws: Vec<Draw> = watermark().into_iter().collect();
            draws.extend(header);
            draws.extend(page.draws);
            draws.extend(footer);
            sheets.push(document::Sheet { draws, bookmarks: page.bookmarks });
        }
        let meta = info(p, &title, &self.creator);
        missing(fonts)?;
        let size = document::Size { width: g.width, height: g.height };
        document::write(fonts, &self.subsets, &size, &sheets, &meta, logo.as_deref())
    }

    /// What the layout audit finds in proposal `p`'s pages (see `audit`): empty when a
    /// typesetter would sign the pages off.
    pub fn audit(&self, p: &Proposal, markdown: &str) -> Result<Vec<String>> {
        let fonts = &self.fonts(p)?;
        let accent = p.proposal.accent.map_or(DEFAULT_ACCENT, |[r, g, b]| Rgb(r, g, b));
        let theme = Theme::new(accent);
        let logo = p.proposal.logo.as_deref().map(|path| self.logo(path)).transpose()?;
        let laid = self.layout(p, markdown, fonts, &theme, logo.as_deref())?;
        let first = usize::from(laid.cover.is_some() && !laid.on_cover) + 1;
        Ok(audit::audit(&laid.units, &laid.pages, &self.geometry, laid.signature, (first, laid.start)))
    }

    /// The cover and the body pages of `p`.
    fn layout(
        &self,
        p: &Proposal,
        markdown: &str,
        fonts: &fonts::Fonts,
        theme: &Theme,
        logo: Option<&logo::Logo>,
    ) -> Result<Laid> {
        let g = &self.geometry;
        // The first H1 is the title on the cover; everything after it flows on the pages.
        // Without a cover, the title and the particulars open the first page.
        let mut blocks = blocks::parse(markdown);
        let title_at = blocks.iter().position(|b| matches!(b, Block::Heading { level: 1, .. }));
        let title = match title_at.map(|i| &blocks[i]) {
            Some(Block::Heading { runs, .. }) => plain(runs),
            _ => p.title.clone(),
        };
        if let Some(i) = title_at.filter(|_| self.cover) {
            blocks.remove(i);
        }
        let lined = |theme: &Theme, room: gantt::Room, contents: Option<&[contents::Entry]>, line_up: bool| {
            let pass = Pass { chart_room: room, contents, line_up };
            self.flow(p, &blocks, title.clone(), (fonts, theme, logo), pass)
        };
        let run =
            |theme: &Theme, room: gantt::Room, contents: Option<&[contents::Entry]>| lined(theme, room, contents, true);
        // A long proposal gets a table of contents before its first section. Its entries'
        // page numbers are those the sections land on with the contents in place: laid out
        // once with the numbers the document had without them, then again with the numbers
        // found, until they hold (the entries' heights never depend on their numbers).
        let settle = |room: gantt::Room, bare: Laid| -> Result<Laid> {
            if !self.cover || pages(&bare) < contents::FROM_PAGES {
                return Ok(bare);
            }
            let mut entries = entries(&bare);
            let mut laid = bare;
            for _ in 0..3 {
                let with = run(theme, room, Some(&entries))?;
                let found = self::entries(&with);
                let settled = found.iter().map(|e| e.page).eq(entries.iter().map(|e| e.page));
                laid = with;
                if settled {
                    break;
                }
                entries = found;
            }
            Ok(laid)
        };
        let full = gantt::Room::page(g.body_height());
        // A brief's stacked tables line up unless that takes a page its type size would
        // keep: then each keeps its own columns.
        let brief = |theme: &Theme| -> Result<Laid> {
            let laid = run(theme, full, None)?;
            if laid.lined_up && pages(&laid) > BRIEF_PAGES {
                let own = lined(theme, full, None, false)?;
                if pages(&own) < pages(&laid) {
                    return Ok(own);
                }
            }
            Ok(laid)
        };
        let laid = if self.cover { settle(full, run(theme, full, None)?)? } else { brief(theme)? };
        // A brief that runs past its pages is copyfitted: set again snug, snugger, then tight
        // if it must, the first that saves a page kept.
        if !self.cover && pages(&laid) > BRIEF_PAGES {
            for fit in [theme.snug(), theme.snugger(), theme.tight()] {
                let fitted = brief(&fit)?;
                if pages(&fitted) < pages(&laid) {
                    return Ok(fitted);
                }
            }
        }
        // A timeline chart that moved on, leaving its page under-filled, is laid out again a
        // little shorter when that lets it open on that page instead.
        if let Some(tight) = chart_room(&laid, g).map(gantt::Room::optional) {
            let tighter = lined(theme, tight, None, laid.lined_up).and_then(|bare| settle(tight, bare));
            if let Ok(tighter) = tighter {
                if tighter.pages.len() <= laid.pages.len() {
                    return Ok(tighter);
                }
            }
        }
        Ok(laid)
    }

    /// `blocks` laid out and paginated as `pass` says.
    fn flow(
        &self,
        p: &Proposal,
        blocks: &[Block],
        title: String,
        (fonts, theme, logo): (&fonts::Fonts, &Theme, Option<&logo::Logo>),
        Pass { chart_room, contents, line_up }: Pass<'_>,
    ) -> Result<Laid> {
        let g = &self.geometry;
        let chart = |x: f32, w: f32| gantt::layout(fonts, theme, p, x, w, chart_room);
        let mut flow = Flow {
            fonts,
            theme,
            chart: &chart,
            room: g.body_height(),
            section: 0,
            signing: None,
            error: None,
            groups: 0,
            small: false,
            continued: &p.pdf_labels.continued,
            shared: None,
        };
        let (cover, mut units, sections, start) = if self.cover {
            let first_section = blocks.iter().position(|b| matches!(b, Block::Heading { level: 1 | 2, .. }));
            let (preamble, sections) = blocks.split_at(first_section.unwrap_or(blocks.len()));
            let mut preamble_units = Vec::new();
            flow.blocks(preamble, g.left, g.body_width(), &mut preamble_units);
            let content = cover::Content {
                title: &title,
                logo: logo.map(|l| (l.width, l.height)),
                preamble: preamble_units,
                watermark: p.draft.then(|| cover::watermark(fonts, g, p)),
            };
            let cover = cover::cover(fonts, theme, g, p, content)?;
            // The first section starts under the preamble, its heading's gap above it.
            let start = cover.free.map(|y| y - g.top);
            (Some(cover.draws), cover.preamble, sections, start)
        } else {
            (None, Vec::new(), blocks, None)
        };

        // The signature block runs from its marker to the next section; its row to sign on
        // is labelled in the proposal's language.
        if let Some(entries) = contents {
            units.extend(contents::layout(&mut flow, &p.pdf_labels.contents, entries, g.left, g.body_width()));
        }
        let signature_row = p.strings.text("acceptance.signature", None).unwrap_or_default();
        let mut signature = None;
        // Tables stacked in a section line their columns up where that sets none taller.
        let shared = if line_up { flow.stacked(sections, g.body_width()) } else { vec![None; sections.len()] };
        let lined_up = shared.iter().any(Option::is_some);
        for (i, block) in sections.iter().enumerate() {
            match block {
                Block::Marker(name) if name == "signature" => signature = Some(units.len()),
                Block::Marker(name) if name == "small-print" => flow.small = true,
                Block::Heading { level: 1 | 2, .. } => {
                    signature = None;
                    flow.small = false;
                }
                _ => {}
            }
            flow.signing = signature.map(|_| signature_row);
            flow.shared = shared[i].clone();
            let start = units.len();
            flow.blocks(std::slice::from_ref(block), g.left, g.body_width(), &mut units);
            flow::lead_in(block, sections.get(i + 1), &mut units[start..]);
            flow::short_after(i.checked_sub(1).and_then(|k| sections.get(k)), block, &mut units, start);
        }
        if let Some(e) = flow.error.take() {
            return Err(e);
        }
        flow.label_continued(&mut units, g.left, g.body_width());
        // A timeline chart that goes on over a page says whose it is there, over its axis.
        if let Some(c) = units.iter().position(|u| matches!(u.part, draw::Part::Chart { .. })) {
            let parts = units[c..].iter().take_while(|u| matches!(u.part, draw::Part::Chart { .. })).count();
            if parts > 1 {
                let label = flow.continued_label(&units[keep::heading_of(&units, c)], g.left, g.body_width());
                units[c + 1..c + parts].iter_mut().for_each(|u| u.continued = Some(label.clone()));
            }
        }
        missing(fonts)?;
        // Tables one under the other move on together, unless that costs a page or leaves
        // one under-filled.
        let bare = units.clone();
        keep::rules(&mut units, signature, g.body_height(), true);
        let mut pages = paginate::paginate(&units, g, start.unwrap_or(0.0));
        if !keep::runs(&units).is_empty() {
            let mut apart = bare;
            keep::rules(&mut apart, signature, g.body_height(), false);
            let other = paginate::paginate(&apart, g, start.unwrap_or(0.0));
            let cost = |units: &[Unit], pages: &[paginate::Page]| (pages.len(), audit::under_filled(units, pages, g));
            if cost(&apart, &other) < cost(&units, &pages) {
                (units, pages) = (apart, other);
            }
        }
        // A short block closing a section that opens a page alone keeps with the line before
        // it, unless that costs a page or leaves one under-filled.
        for close in keep::closings(&units) {
            if audit::stranded_end(&units, &pages, &close).is_some()
                && !audit::closing_costs(&units, &pages, g, start.unwrap_or(0.0), &close)
            {
                keep::keep_closing(&mut units, &close);
                pages = paginate::paginate(&units, g, start.unwrap_or(0.0));
            }
        }
        // One that still opens a page alone, since keeping it costs a page (gulf's "It does not
        // include:" and its list), goes on under its section's "(continued)" label.
        for close in keep::closings(&units) {
            if audit::stranded_end(&units, &pages, &close).is_some() {
                let heading = keep::heading_of(&units, close.start);
                let label = flow.continued_label(&units[heading], g.left, g.body_width());
                units[close].iter_mut().for_each(|u| u.continued = Some(label.clone()));
                pages = paginate::paginate(&units, g, start.unwrap_or(0.0));
            }
        }
        let (on_cover, start) = (start.is_some(), start.unwrap_or(0.0));
        Ok(Laid { cover, units, pages, signature, title, on_cover, start, lined_up })
    }
}

/// How many pages `laid` makes, the cover included.
fn pages(laid: &Laid) -> usize {
    laid.pages.len() + usize::from(laid.cover.is_some()) - usize::from(laid.on_cover)
}

/// The sections of `laid` (their headings' outline titles, in order) and the pages, as the
/// running footer numbers them, their headings land on.
fn entries(laid: &Laid) -> Vec<contents::Entry> {
    let first = usize::from(laid.cover.is_some() && !laid.on_cover) + 1;
    let mut out = Vec::new();
    for (pi, page) in laid.pages.iter().enumerate() {
        for (u, _) in &page.placed {
            if let Some(section) = &laid.units[*u].bookmark {
                out.push(contents::Entry { section: section.clone(), page: pi + first });
            }
        }
    }
    out
}

/// A page the timeline chart would leave less than this full (a quarter of it blank, above
/// the audit's `MIN_FILL`) is worth a chart up to a quarter shorter (northwind's page 3 was
/// 68 % full, kansai's 66 %).
const CHART_PAGE_FILL: f32 = 0.75;

/// The height the timeline chart may take to stand whole on one page: on the page before the
/// one it moved to, when that page is otherwise less than `CHART_PAGE_FILL` full (the space
/// left there under the heading and introduction that keep with it), or on the page it
/// starts on when it goes on over the next (`keep::charts`): a chart up to a quarter shorter,
/// whole, reads better than one in two parts (kansai's).
fn chart_room(laid: &Laid, g: &Geometry) -> Option<f32> {
    let units = &laid.units;
    let c = units.iter().position(|u| matches!(u.part, draw::Part::Chart { .. }))?;
    let parts = units[c..].iter().take_while(|u| matches!(u.part, draw::Part::Chart { .. })).count();
    // The whole chart, all its parts (`gantt::parts`).
    let chart: f32 = units[c..c + parts].iter().map(|u| u.height).sum();
    let mut h = c;
    while h > 0 && units[h - 1].keep_next {
        h -= 1;
    }
    let page_of = |i: usize| laid.pages.iter().position(|pg| pg.placed.iter().any(|(u, _)| *u == i));
    let (ph, pc) = (page_of(h)?, page_of(c)?);
    let space = if page_of(c + parts - 1)? > pc {
        let top = laid.pages[pc].placed.iter().find(|(u, _)| *u == c)?.1;
        g.bottom - top - 1.0
    } else {
        if ph == 0 || ph != pc {
            return None;
        }
        let bottom = laid.pages[ph - 1].placed.iter().map(|(u, top)| top + units[*u].height).fold(g.top, f32::max);
        if bottom - g.top >= CHART_PAGE_FILL * g.body_height() {
            return None;
        }
        let lead: f32 = units[h..c].iter().map(|u| u.gap + u.height).sum::<f32>() + units[c].gap;
        g.bottom - bottom - lead - 1.0
    };
    (space >= 0.75 * chart && space < chart).then_some(space)
}

/// Checks, before layout, that some face draws every character of the intake's text, so
/// the error names the field. The intake's texts reach the PDF through the Markdown, where
/// the same check in `text::wrap` would only know the text came from somewhere.
fn preflight(fonts: &fonts::Fonts, p: &Proposal) -> Result<()> {
    let m = &p.proposal;
    let c = &p.client;
    let mut fields: Vec<(String, &str)> = vec![
        ("[client] name".into(), c.name.as_str()),
        ("[proposal] number".into(), m.number.as_str()),
        ("[proposal] title".into(), p.title.as_str()),
        ("[proposal.consultant] name".into(), m.consultant.name.as_str()),
        ("[proposal] tax_label".into(), m.tax_label.as_str()),
    ];
    let k = &m.consultant;
    for (key, value) in [("title", &k.title), ("email", &k.email), ("phone", &k.phone)] {
        if let Some(v) = value {
            fields.push((format!("[proposal.consultant] {key}"), v.as_str()));
        }
    }
    for (key, value) in
        [("contact", &c.contact), ("email", &c.email), ("address", &c.address), ("industry", &c.industry)]
    {
        if let Some(v) = value {
            fields.push((format!("[client] {key}"), v.as_str()));
        }
    }
    for (i, o) in p.objectives.iter().enumerate() {
        fields.push((format!("objectives[{i}]"), o.as_str()));
    }
    for (i, e) in p.offer.engagements.iter().enumerate() {
        fields.push((format!("[[engagement]] {} title", i + 1), e.title.as_str()));
        if let Some(why) = &e.why {
            fields.push((format!("[[engagement]] {} why", i + 1), why.as_str()));
        }
    }
    for (i, a) in p.assumptions.iter().enumerate() {
        fields.push((format!("assumptions[{i}]"), a.as_str()));
    }
    for (field, text) in fields {
        if let Err(u) = fonts.check(text) {
            let d = Diagnostic::new(format!("the intake's {field} has {} that no available font can draw", u.listed()))
                .help(u.help());
            return Err(Error::Input(Box::new(d)));
        }
    }
    Ok(())
}

/// The error for text from the templates or the catalog that no face could draw.
fn missing(fonts: &fonts::Fonts) -> Result<()> {
    match fonts.missing.borrow_mut().take() {
        None => Ok(()),
        Some(u) => {
            let d = Diagnostic::new(format!(
                "the proposal's text (from the templates or the catalog) has {} that no available font can draw",
                u.listed()
            ))
            .help(u.help());
            Err(Error::Input(Box::new(d)))
        }
    }
}

/// Fails when a draw of page `n` lies outside its area (`text` for text, `shapes` for the
/// rest): a layout bug that would otherwise clip or hide what the proposal says.
fn check(n: usize, what: &str, draws: &[Draw], text: &bounds::Area, shapes: &bounds::Area) -> Result<()> {
    match bounds::outside(draws, text, shapes) {
        None => Ok(()),
        Some(d) => Err(Error::Internal(format!(
            "the PDF layout put {} outside {what} on page {n}; please report this with the intake",
            bounds::describe(d)
        ))),
    }
}

/// The document information: the title and number, the consultant and firm, the client, the
/// engagement kinds; names joined as the cover joins them, in the proposal's language ("、"
/// in Japanese), and the language tag of the locale the proposal writes by (fr-FR for a
/// French proposal to an en-GB client), not the client's own.
fn info(p: &Proposal, title: &str, creator: &str) -> document::Meta {
    let m = &p.proposal;
    let mut keywords: Vec<String> = p.offer.engagements.iter().map(|e| e.model_title.clone()).collect();
    keywords.dedup();
    keywords.extend([p.client.name.clone(), m.number.clone()]);
    let comma = p.strings.text("cover.comma", None).unwrap_or(", ");
    document::Meta {
        title: format!("{title} ({})", m.number),
        author: [m.consultant.name.as_str(), &p.firm.name].join(comma),
        subject: crate::catalog::fill::fill(&p.pdf_labels.subject, &[("client", &p.client.name)]),
        keywords: keywords.join(comma),
        creator: creator.to_string(),
        lang: m.locale.written().to_string(),
        date: m.date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: the document information joined names with a literal ", " and tagged the
    /// PDF with the client's locale ("Kenji Watanabe, CatDev", /Lang (en-US) for a Japanese
    /// proposal).
    #[test]
    fn document_information_is_in_the_proposals_language() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kansai-platform.toml");
        let source = crate::intake::read(&path).unwrap();
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        let build = |language: &str| {
            let set = [format!("proposal.language={language}")];
            crate::build(&crate::intake::set::apply(&source, &set).unwrap(), &catalog).unwrap()
        };
        let ja = info(&build("ja"), "T", "c");
        assert_eq!((ja.author.as_str(), ja.lang.as_str()), ("Kenji Watanabe、CatDev", "ja-JP"));
        assert!(ja.keywords.ends_with("、Kansai Logistics K.K.、CD-2026-027") && !ja.keywords.contains(", "));
        let fr = info(&build("fr"), "T", "c");
        assert_eq!((fr.author.as_str(), fr.lang.as_str()), ("Kenji Watanabe, CatDev", "fr-FR"));
        let en = info(&build("en"), "T", "c");
        assert_eq!((en.keywords.contains(", CD-2026-027"), en.lang.as_str()), (true, "en-US"));
    }

    #[test]
    fn pdf_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pdf>();
    }
}
