//! A PDF that begins with the proposal's exact bytes and goes on: an incremental update, as
//! a PDF viewer appends when a client fills in a form or signs. It verifies when every page
//! still shows what it showed and the update adds only form-field values and signatures;
//! either way, what it adds is reported.

use super::read;
use super::{Comparison, Ours};
use crate::diag::{Diagnostic, Error, Location, Result};
use crate::proposal::Proposal;
use crate::verify::{cut, File, Verified, MAX_PAGES};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeSet, HashSet};

/// How many filled-in fields a report names; the rest are counted.
const FIELDS_SHOWN: usize = 10;
/// How many annotation changes a report names; the rest are counted.
const SHOWN: usize = 5;
/// How many annotations (before and after, over all pages) are looked at.
const MAX_ANNOTATIONS: usize = 100_000;
/// How deep a form's field tree is followed.
const MAX_FIELD_DEPTH: usize = 32;
/// Keys that lead away from what a page draws: to the page tree, to annotations (checked
/// on their own), or back to a page.
const NOT_DRAWN: [&[u8]; 4] = [b"Parent", b"Annots", b"P", b"Kids"];
/// The attributes a page inherits from its page-tree nodes.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

pub(super) fn verify(file: &File, expected: &[u8], p: &Proposal) -> Result<Verified> {
    let appended = file.bytes.len() - expected.len();
    let ours = Ours::read(expected)?;
    let full = read::load(file.bytes, expected.len()).map_err(|why| {
        followed_by(file, &format!("{appended} bytes that do not read as an incremental update: {why}"))
    })?;
    let update = Update::new(&ours.doc, &full);
    if update.objects == 0 {
        return Err(followed_by(file, &format!("{appended} bytes that change nothing in it")));
    }
    let changes = update.changes_what_it_shows();
    if !changes.is_empty() {
        let pages = read::page_texts(&full).map_err(|why| followed_by(file, &why))?;
        let cmp = Comparison::new(&ours.pages, &pages);
        let d = Diagnostic::new(format!(
            "`{}` is the proposal followed by an incremental update that changes what it shows: {}",
            file.name,
            changes.join(", ")
        ))
        .at(Location::file(file.name));
        return Err(cmp
            .notes(d)
            .help("an update may fill in the proposal's form fields and sign it, nothing more: ask for the file as it was sent, or render the intake again")
            .into());
    }
    Ok(Verified { hash: p.content_hash.clone(), update: Some(update.describe()) })
}

fn followed_by(file: &File, what: &str) -> Error {
    Diagnostic::new(format!("`{}` is the proposal followed by {what}", file.name))
        .at(Location::file(file.name))
        .help("remove what follows the proposal's `%%EOF`, or render the intake again")
        .into()
}

/// What an update changes, sorted by what it means for the client's copy.
#[derive(Debug, Default)]
struct Update {
    /// How many objects it adds, changes or removes.
    objects: usize,
    /// The page count before and after, when the page list changed.
    page_list: Option<(usize, usize)>,
    /// Pages (1-based) whose content or resources changed.
    pages: BTreeSet<usize>,
    /// How many annotations that draw on a page and are no form field it adds or changes,
    /// and the first few: (page, subtype).
    drawings: usize,
    drawn: Vec<(usize, String)>,
    /// Whether the pages hold more annotations than are looked at.
    too_many_annotations: bool,
    /// Form fields it fills in: (full name, value).
    fields: Vec<(String, String)>,
    /// Signatures it adds: the signer's name, when the signature gives one.
    signatures: Vec<Option<String>>,
}

impl Update {
    fn new(before: &Document, after: &Document) -> Update {
        let mut changed: HashSet<ObjectId> = after
            .objects
            .iter()
            .filter(|(id, o)| before.objects.get(id).is_none_or(|b| !same(b, o)))
            .map(|(id, _)| *id)
            .collect();
        changed.extend(before.objects.keys().filter(|id| !after.objects.contains_key(id)));
        let mut u = Update { objects: changed.len(), ..Update::default() };
        let old: Vec<ObjectId> = before.page_iter().take(MAX_PAGES + 1).collect();
        let new: Vec<ObjectId> = after.page_iter().take(MAX_PAGES + 1).collect();
        if old != new {
            u.page_list = Some((old.len(), new.len()));
        }
        let widgets = u.fields(after, &changed);
        let mut visited = HashSet::new();
        let mut budget = MAX_ANNOTATIONS;
        for (n, &page) in new.iter().enumerate().take(MAX_PAGES) {
            if body_changed(before, after, page, &changed, &mut visited) {
                u.pages.insert(n + 1);
            }
            u.annotations((before, after), page, n + 1, &changed, &widgets, &mut budget);
        }
        u
    }

    /// Lists the fields of the form whose values the update sets, and returns every field
    /// and widget of the form (annotations that are no field draw on the page).
    fn fields(&mut self, doc: &Document, changed: &HashSet<ObjectId>) -> HashSet<ObjectId> {
        let mut form = HashSet::new();
        let roots = doc
            .catalog()
            .and_then(|c| c.get_deref(b"AcroForm", doc))
            .and_then(Object::as_dict)
            .and_then(|f| f.get_deref(b"Fields", doc))
            .and_then(Object::as_array);
        let Ok(roots) = roots else { return form };
        let mut stack: Vec<FieldNode> = roots
            .iter()
            .rev()
            .map(|node| FieldNode { node, prefix: String::new(), ft: None, v: None, depth: 0 })
            .collect();
        while let Some(FieldNode { node, prefix, ft, v, depth }) = stack.pop() {
            let Ok((id, Object::Dictionary(field))) = doc.dereference(node) else { continue };
            if depth > MAX_FIELD_DEPTH || id.is_some_and(|id| !form.insert(id)) {
                continue;
            }
            let name = match field.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()) {
                Some(t) if prefix.is_empty() => t,
                Some(t) => format!("{prefix}.{t}"),
                None => prefix.clone(),
            };
            let ft = field.get(b"FT").ok().or(ft);
            let v = field.get(b"V").ok().or(v);
            let kids = field.get_deref(b"Kids", doc).and_then(Object::as_array).map(Vec::as_slice).unwrap_or(&[]);
            let field_kids: Vec<&Object> = kids
                .iter()
                .filter(|k| doc.dereference(k).is_ok_and(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"T"))))
                .collect();
            if !field_kids.is_empty() {
                for kid in field_kids.into_iter().rev() {
                    stack.push(FieldNode { node: kid, prefix: name.clone(), ft, v, depth: depth + 1 });
                }
                continue;
            }
            // A terminal field: its widgets are its kids, or the field itself.
            let widgets: Vec<ObjectId> = kids.iter().filter_map(|k| k.as_reference().ok()).collect();
            form.extend(&widgets);
            let touched = id.is_some_and(|id| changed.contains(&id)) || widgets.iter().any(|w| changed.contains(w));
            if !touched {
                continue;
            }
            match (ft.and_then(|t| t.as_name().ok()), v) {
                (Some(b"Sig"), Some(sig)) => {
                    let signer = doc
                        .dereference(sig)
                        .ok()
                        .and_then(|(_, s)| s.as_dict().ok())
                        .and_then(|s| s.get(b"Name").ok())
                        .and_then(|n| lopdf::decode_text_string(n).ok());
                    self.signatures.push(signer);
                }
                (Some(b"Sig"), None) => {}
                (_, v) => self.fields.push((name, v.map_or(String::new(), |v| value(doc, v)))),
            }
        }
        form
    }

    /// Records the annotations on page `n` that the update adds or changes and that are no
    /// part of the form. `budget` bounds the annotations looked at over all pages.
    fn annotations(
        &mut self,
        (before, after): (&Document, &Document),
        page: ObjectId,
        n: usize,
        changed: &HashSet<ObjectId>,
        form: &HashSet<ObjectId>,
        budget: &mut usize,
    ) {
        let (old, new) = (annots(before, page), annots(after, page));
        if old.len() + new.len() > *budget {
            self.too_many_annotations = true;
            *budget = 0;
            return;
        }
        *budget -= old.len() + new.len();
        let old_refs: HashSet<ObjectId> = old.iter().filter_map(|o| o.as_reference().ok()).collect();
        for (i, entry) in new.iter().enumerate() {
            let (id, annot) = match after.dereference(entry) {
                Ok((id, Object::Dictionary(d))) => (id, d),
                _ => continue,
            };
            let unchanged = match id {
                Some(id) => old_refs.contains(&id) && !changed.contains(&id),
                None => old.get(i) == Some(entry),
            };
            if unchanged || id.is_some_and(|id| form.contains(&id)) {
                continue;
            }
            self.drawings += 1;
            if self.drawn.len() < SHOWN {
                let subtype = annot
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .map_or("untyped".into(), |s| cut(&String::from_utf8_lossy(s), 40));
                self.drawn.push((n, subtype));
            }
        }
    }

    /// What the update changes that a reader of the pages would see; empty when it only
    /// fills in the form and signs.
    fn changes_what_it_shows(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((before, after)) = self.page_list {
            out.push(format!("the list of pages ({before} pages before, {after} after)"));
        }
        if !self.pages.is_empty() {
            let pages: Vec<String> = self.pages.iter().map(usize::to_string).collect();
            let word = if pages.len() == 1 { "page" } else { "pages" };
            out.push(format!("the content of {word} {}", pages.join(", ")));
        }
        for (page, subtype) in &self.drawn {
            out.push(format!("a {subtype} annotation on page {page}"));
        }
        if self.drawings > self.drawn.len() {
            out.push(format!("{} more annotations", self.drawings - self.drawn.len()));
        }
        if self.too_many_annotations {
            out.push(format!("more than {MAX_ANNOTATIONS} annotations"));
        }
        out
    }

    /// "followed by an incremental update that fills in `name` with `Jane Doe` and is
    /// signed by Jane Doe (5 objects)".
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut fields: Vec<String> = self
            .fields
            .iter()
            .take(FIELDS_SHOWN)
            .map(|(name, v)| format!("field `{}` with `{}`", cut(name, 60), cut(v, 60)))
            .collect();
        if self.fields.len() > FIELDS_SHOWN {
            fields.push(format!("{} more fields", self.fields.len() - FIELDS_SHOWN));
        }
        if !fields.is_empty() {
            parts.push(format!("fills in {}", fields.join(", ")));
        }
        for signer in &self.signatures {
            parts.push(match signer {
                Some(name) => format!("is signed by {}", cut(name, 60)),
                None => "is signed".to_string(),
            });
        }
        let objects = match self.objects {
            1 => "1 object".to_string(),
            n => format!("{n} objects"),
        };
        match parts.is_empty() {
            true => format!("followed by an incremental update that changes {objects}, none of them on its pages"),
            false => format!("followed by an incremental update that {} ({objects})", parts.join(" and ")),
        }
    }
}

/// A field of the form still to look at: its full name's prefix, and the type and value it
/// inherits from its parents.
struct FieldNode<'a> {
    node: &'a Object,
    prefix: String,
    ft: Option<&'a Object>,
    v: Option<&'a Object>,
    depth: usize,
}

/// Two objects are the same when they hold the same values (a stream's place in the file
/// aside).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => x.dict == y.dict && x.content == y.content,
        _ => a == b,
    }
}

/// The entries of a page's `/Annots`.
fn annots(doc: &Document, page: ObjectId) -> &[Object] {
    let list = doc.get_dictionary(page).and_then(|d| d.get_deref(b"Annots", doc)).and_then(Object::as_array);
    list.map_or(&[], Vec::as_slice)
}

/// Whether two page dictionaries hold the same entries, their annotations aside.
fn same_but_annots(a: &Dictionary, b: &Dictionary) -> bool {
    let entries = |d: &Dictionary| d.iter().filter(|(k, _)| k.as_slice() != b"Annots").count();
    entries(a) == entries(b)
        && a.iter().filter(|(k, _)| k.as_slice() != b"Annots").all(|(k, v)| b.get(k).ok() == Some(v))
}

/// Whether what `page` draws changed: the page itself (annotations aside), an attribute
/// it inherits, or any object its content and resources reach. `visited` is shared by all
/// pages, so each object is looked at once.
fn body_changed(
    before: &Document,
    after: &Document,
    page: ObjectId,
    changed: &HashSet<ObjectId>,
    visited: &mut HashSet<ObjectId>,
) -> bool {
    let Ok(dict) = after.get_dictionary(page) else { return true };
    let mut differs =
        changed.contains(&page) && before.get_dictionary(page).is_ok_and(|old| !same_but_annots(old, dict));
    let mut stack: Vec<&Object> =
        dict.iter().filter(|(k, _)| !NOT_DRAWN.contains(&k.as_slice())).map(|(_, v)| v).collect();
    // The attributes the page tree passes down, up to the depth lopdf walks pages.
    let mut node = dict;
    let mut seen = HashSet::new();
    while let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) {
        let Ok(up) = after.get_dictionary(parent) else { break };
        if !seen.insert(parent) || seen.len() > 256 {
            break;
        }
        for key in INHERITED {
            let old = before.get_dictionary(parent).ok().and_then(|d| d.get(key).ok());
            let new = up.get(key).ok();
            differs |= old != new;
            stack.extend(new);
        }
        node = up;
    }
    while let Some(object) = stack.pop() {
        match object {
            Object::Reference(id) => {
                differs |= changed.contains(id);
                if visited.insert(*id) {
                    stack.extend(after.objects.get(id));
                }
            }
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(d) => {
                stack.extend(d.iter().filter(|(k, _)| !NOT_DRAWN.contains(&k.as_slice())).map(|(_, v)| v))
            }
            Object::Stream(s) => {
                stack.extend(s.dict.iter().filter(|(k, _)| !NOT_DRAWN.contains(&k.as_slice())).map(|(_, v)| v))
            }
            _ => {}
        }
    }
    differs
}

/// A field's value as text: a text string decoded, a name or number as written, a list
/// joined. A list may refer to itself, so at most [`VALUE_STEPS`] values are looked at.
fn value(doc: &Document, v: &Object) -> String {
    let mut out = Vec::new();
    let mut steps = VALUE_STEPS;
    push_value(doc, v, &mut out, &mut steps);
    out.join(", ")
}

const VALUE_STEPS: usize = 64;

fn push_value(doc: &Document, v: &Object, out: &mut Vec<String>, steps: &mut usize) {
    if *steps == 0 {
        return;
    }
    *steps -= 1;
    match doc.dereference(v).map(|(_, o)| o) {
        Ok(s @ Object::String(..)) => out.push(
            lopdf::decode_text_string(s)
                .unwrap_or_else(|_| String::from_utf8_lossy(s.as_str().unwrap_or(b"")).into_owned()),
        ),
        Ok(Object::Name(n)) => out.push(String::from_utf8_lossy(n).into_owned()),
        Ok(Object::Integer(i)) => out.push(i.to_string()),
        Ok(Object::Real(r)) => out.push(r.to_string()),
        Ok(Object::Boolean(b)) => out.push(b.to_string()),
        Ok(Object::Array(items)) => items.iter().for_each(|i| push_value(doc, i, out, steps)),
        _ => {}
    }
}
