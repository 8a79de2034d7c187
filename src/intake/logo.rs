//! The logo's file, bounded before anything decodes it: at most [`MAX_LOGO_BYTES`], a PNG or
//! JPEG by its first bytes, and at most [`MAX_LOGO_SIDE`] pixels a side by its header. The
//! intake's checker reports a problem at the `logo` key; the PDF renderer reads the file
//! through [`read`] again, so a file changed in between is refused the same way.

use super::limits::{MAX_LOGO_BYTES, MAX_LOGO_SIDE};
use std::io::Read;
use std::path::Path;

/// A logo's format and pixel size, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub png: bool,
    pub width: usize,
    pub height: usize,
}

/// Why a file cannot be the logo.
#[derive(Debug)]
pub enum Problem {
    Unreadable(std::io::Error),
    TooManyBytes,
    NotAnImage,
    NoSize,
    TooManyPixels(usize, usize),
}

impl Problem {
    /// What is wrong, to follow "logo `PATH`".
    pub fn describe(&self) -> String {
        match self {
            Problem::Unreadable(e) => format!("cannot be read: {e}"),
            Problem::TooManyBytes => format!("is larger than {} MiB", MAX_LOGO_BYTES / (1024 * 1024)),
            Problem::NotAnImage => "is not a PNG or JPEG image".to_string(),
            Problem::NoSize => "has no readable image header".to_string(),
            Problem::TooManyPixels(w, h) => format!("is {w} × {h} pixels"),
        }
    }

    /// A label under the value, for the size.
    pub fn label(&self) -> Option<String> {
        matches!(self, Problem::TooManyPixels(..))
            .then(|| format!("expected at most {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE}"))
    }

    pub fn help(&self) -> &'static str {
        match self {
            Problem::Unreadable(_) => "check the path and its permissions",
            Problem::TooManyBytes | Problem::TooManyPixels(..) => {
                "scale the image down: the cover shows it at most 900 pixels on its long side"
            }
            Problem::NotAnImage | Problem::NoSize => "save the logo as a PNG or JPEG image",
        }
    }
}

/// Reads the logo at `path`: its bytes and header, within the bounds.
pub fn read(path: &Path) -> Result<(Vec<u8>, Header), Problem> {
    let file = std::fs::File::open(path).map_err(Problem::Unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes).map_err(Problem::Unreadable)?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(Problem::TooManyBytes);
    }
    let header = header(&bytes)?;
    if header.width > MAX_LOGO_SIDE || header.height > MAX_LOGO_SIDE {
        return Err(Problem::TooManyPixels(header.width, header.height));
    }
    Ok((bytes, header))
}

/// The format and pixel size a PNG's `IHDR` or a JPEG's frame header states.
pub fn header(bytes: &[u8]) -> Result<Header, Problem> {
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if bytes.get(12..16) != Some(b"IHDR") {
            return Err(Problem::NoSize);
        }
        let (width, height) = be32(16).zip(be32(20)).filter(|(w, h)| *w > 0 && *h > 0).ok_or(Problem::NoSize)?;
        return Ok(Header { png: true, width, height });
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(Problem::NotAnImage);
    }
    // JPEG segments up to the first frame header (SOFn, other than DHT, JPG and DAC).
    let mut at = 2;
    while bytes.get(at) == Some(&0xFF) {
        let marker = *bytes.get(at + 1).ok_or(Problem::NoSize)?;
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let (height, width) =
                be16(at + 5).zip(be16(at + 7)).filter(|(h, w)| *w > 0 && *h > 0).ok_or(Problem::NoSize)?;
            return Ok(Header { png: false, width, height });
        }
        at += 2 + be16(at + 2).ok_or(Problem::NoSize)?;
    }
    Err(Problem::NoSize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes
    }

    #[test]
    fn reads_sizes_from_headers() {
        assert_eq!(header(&png(300, 120)).unwrap(), Header { png: true, width: 300, height: 120 });
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03]);
        assert_eq!(header(&jpeg).unwrap(), Header { png: false, width: 3, height: 2 });
        assert!(matches!(header(b"GIF89a"), Err(Problem::NotAnImage)));
        assert!(matches!(header(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]), Err(Problem::NoSize)));
    }

    #[test]
    fn refuses_too_many_pixels_or_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.png");
        std::fs::write(&path, png(MAX_LOGO_SIDE as u32 + 1, 10)).unwrap();
        assert!(matches!(read(&path), Err(Problem::TooManyPixels(4097, 10))));
        std::fs::write(&path, png(10, 10)).unwrap();
        assert!(read(&path).is_ok());
        let mut huge = png(10, 10);
        huge.resize(MAX_LOGO_BYTES as usize + 1, 0);
        std::fs::write(&path, huge).unwrap();
        assert!(matches!(read(&path), Err(Problem::TooManyBytes)));
    }
}
