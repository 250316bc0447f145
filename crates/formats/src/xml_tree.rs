//! A small element tree read from XML with quick-xml, each element knowing
//! the line it starts on, so that readers of XML formats can name the line of
//! every problem. Processing instructions are kept on their parent element.
//!
//! The reader is iterative (a stack of open elements), and it refuses to nest
//! deeper than [`MAX_DEPTH`] elements with an error at the line of the element
//! that goes too deep: a schedule.xml nests six levels, and a tree of 150,000
//! levels (a 1 MB file) would cost memory for nothing. Dropping an element
//! frees its descendants with a loop rather than recursion, so no tree, however
//! it was built, can overflow the stack when it goes away.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ImportError;

/// How deep elements may nest: far beyond any programme file (frab's
/// schedule.xml nests six levels), and shallow enough for any stack.
pub(crate) const MAX_DEPTH: usize = 256;

/// One element: its name, attributes, child elements, text and processing instructions.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    /// `<?target content?>` inside this element.
    pub instructions: Vec<(String, String)>,
    pub line: usize,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of a child element; None if absent or blank.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }
}

impl Drop for Element {
    /// Frees the descendants in a loop, each one's children taken out before it
    /// goes: the derived drop would recurse once per level.
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut child) = pending.pop() {
            pending.append(&mut child.children);
        }
    }
}

/// Turns byte offsets into 1-based line and column numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

/// Parses the whole document and returns its root element.
pub(crate) fn parse(file: &str, text: &str) -> Result<Element, ImportError> {
    let lines = Lines::new(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let error_at = |offset: u64, message: String| {
        let (line, column) = lines.locate(offset as usize);
        ImportError::at_line(file, line, format!("column {column}: {message}"))
    };
    // The reader skips a byte-order mark and counts its positions after it
    // (a fuzzed file with a BOM found them 3 bytes short of the text's).
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() as u64 } else { 0 };
    loop {
        let before = reader.buffer_position() + bom;
        let event = reader
            .read_event()
            .map_err(|e| error_at(reader.error_position() + bom, format!("this is not well-formed XML: {e}")))?;
        // The event starts at the first non-blank byte after `before`; a
        // position that is not a character boundary would be the reader's
        // error, so move on to the next character rather than panic.
        let mut from = (before as usize).min(text.len());
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let rest = &text[from..];
        let start = from + rest.len() - rest.trim_start().len();
        let line = lines.locate(start).0;
        if let Event::Start(e) | Event::Empty(e) = &event
            && stack.len() >= MAX_DEPTH
        {
            let name = e.name().as_ref().to_string();
            return Err(error_at(
                start as u64,
                format!("nesting deeper than {MAX_DEPTH} elements (<{name}> opens level {})", stack.len() + 1),
            ));
        }
        match event {
            Event::Start(e) => stack.push(element(&e, line).map_err(|m| error_at(before, m))?),
            Event::Empty(e) => {
                let el = element(&e, line).map_err(|m| error_at(before, m))?;
                attach(&mut stack, &mut root, el).map_err(|m| error_at(before, m))?;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| error_at(before, "a closing tag without an opening one".into()))?;
                attach(&mut stack, &mut root, el).map_err(|m| error_at(before, m))?;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let entity = format!("&{name};");
                let resolved = quick_xml::escape::unescape(&entity)
                    .map_err(|_| error_at(before, format!("unknown entity {entity}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::PI(pi) => {
                if let Some(top) = stack.last_mut() {
                    top.instructions.push((pi.target().to_string(), pi.content().trim().to_string()));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(ImportError::at_line(
            file,
            lines.starts.len(),
            format!("the file ends inside <{}> opened on line {}: it is cut short", open.name, open.line),
        ));
    }
    root.ok_or_else(|| ImportError::at_file(file, "the file holds no XML element"))
}

fn element(e: &BytesStart, line: usize) -> Result<Element, String> {
    let name = e.name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("a broken attribute in <{name}>: {err}"))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| format!("attribute {key} of <{name}>: {err}"))?;
        attributes.push((key, value.to_string()));
    }
    // Element has a Drop, so it is built field by field rather than with `..Default::default()`.
    let mut el = Element::default();
    (el.name, el.attributes, el.line) = (name, attributes, line);
    Ok(el)
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_none() => *root = Some(el),
        None => return Err(format!("a second root element <{}>", el.name)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: with a byte-order mark the reader's positions were
    /// 3 bytes short, so columns were wrong and a position could fall inside
    /// a multi-byte character (a panic on slicing there).
    #[test]
    fn a_byte_order_mark_moves_no_line_or_column() {
        let xml = "\u{feff}<a>\n  <b>Stärk</b>\n  <c>Stärk</d>\n</a>\n";
        let err = parse("bom.xml", xml).unwrap_err().to_string();
        assert!(err.starts_with("bom.xml:3: column 12: "), "{err}");
        let ok = "\u{feff}<a>\n  <b>Stärk</b>\n</a>\n";
        assert_eq!(parse("bom.xml", ok).unwrap().child("b").unwrap().line, 2);
    }

    #[test]
    fn reads_elements_text_entities_and_lines() {
        let xml = "<?xml version='1.0'?>\n<a x='1 &amp; 2'>\n  <b>Fish &amp; chips &#233;</b>\n  <c/><?throughline tracks=\"t\"?>\n</a>\n";
        let root = parse("f.xml", xml).unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        assert_eq!(root.child_text("b"), Some("Fish & chips é"));
        assert_eq!(root.child("b").unwrap().line, 3);
        assert_eq!(root.child("c").unwrap().line, 4);
        assert_eq!(root.instructions, vec![("throughline".to_string(), "tracks=\"t\"".to_string())]);
    }

    #[test]
    fn errors_name_the_place() {
        let err = parse("f.xml", "<a>\n<b></c>\n</a>").unwrap_err().to_string();
        assert!(err.starts_with("f.xml:2: column"), "{err}");
        let err = parse("f.xml", "<a>\n<b>text").unwrap_err().to_string();
        assert!(err.contains("ends inside <b> opened on line 2"), "{err}");
    }

    /// Issue 16, item 2: 150,000 nested elements (a 1 MB file) once overflowed
    /// the stack and aborted the process.
    #[test]
    fn nesting_deeper_than_the_limit_is_a_located_error() {
        let depth = 150_000;
        let xml = format!("{}{}", "<a>\n".repeat(depth), "</a>".repeat(depth));
        let err = parse("deep.xml", &xml).unwrap_err().to_string();
        assert_eq!(err, "deep.xml:257: column 1: nesting deeper than 256 elements (<a> opens level 257)");
        let ok = format!("{}{}", "<a>".repeat(256), "</a>".repeat(256));
        assert_eq!(parse("ok.xml", &ok).unwrap().name, "a");
        // Empty elements count too: they are a level of their own.
        let err = parse("e.xml", &format!("{}<b/>{}", "<a>".repeat(256), "</a>".repeat(256))).unwrap_err();
        assert!(err.to_string().contains("(<b> opens level 257)"), "{err}");
    }

    /// Dropping a tree far deeper than the reader builds must not overflow the
    /// stack either.
    #[test]
    fn a_deep_tree_drops_without_overflowing_the_stack() {
        let mut tree = Element::default();
        for _ in 0..1_000_000 {
            let mut parent = Element::default();
            parent.children.push(tree);
            tree = parent;
        }
        drop(tree);
    }
}
