//! The cover logo: read and decoded once per path, sized down once, compressed once, and
//! reused by every document that names it. JPEG passes through untouched (`DCTDecode`);
//! PNG is decoded (the `png` crate), reduced to 8-bit RGB or grey with its alpha as a
//! soft mask.

use crate::diag::{Diagnostic, Error, Result};
use lopdf::{Dictionary, Object, Stream};
use std::io::Write;
use std::path::Path;

/// Pixels beyond this on the long side are averaged away: 900 px is 300 dpi at 76 mm,
/// larger than the cover ever draws it.
const MAX_SIDE: usize = 900;

/// A logo ready to embed as an image XObject.
#[derive(Debug)]
pub struct Logo {
    pub width: usize,
    pub height: usize,
    /// The image stream, already encoded.
    pub image: Stream,
    /// The alpha channel as a DeviceGray soft mask, if the image has transparency.
    pub mask: Option<Stream>,
}

impl Logo {
    pub fn load(path: &Path) -> Result<Logo> {
        let bad = |why: String| {
            Error::Input(Box::new(
                Diagnostic::new(format!("cannot use `{}` as the cover logo: {why}", path.display()))
                    .help("give `proposal.logo` the path of a PNG or JPEG file"),
            ))
        };
        let bytes = match crate::intake::logo::read(path) {
            Ok((bytes, _)) => bytes,
            Err(crate::intake::logo::Problem::Unreadable(source)) => {
                return Err(Error::Read { path: path.into(), source })
            }
            Err(problem) => return Err(bad(format!("the file {}", problem.describe()))),
        };
        if bytes.starts_with(&[0xFF, 0xD8]) {
            return jpeg(bytes).ok_or_else(|| bad("the JPEG has no frame header".into()));
        }
        if !bytes.starts_with(b"\x89PNG") {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            return Err(bad(format!("not a PNG or JPEG file (extension `{ext}`)")));
        }
        png(&bytes).map_err(bad)
    }
}

fn jpeg(bytes: Vec<u8>) -> Option<Logo> {
    let mut at = 2;
    let mut adobe = false;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if marker == 0xEE && bytes.get(at + 4..at + 9) == Some(b"Adobe") {
            adobe = true;
        }
        let sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            let h = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]) as usize;
            let w = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]) as usize;
            let components = *bytes.get(at + 9)?;
            let space = match components {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            let mut dict = image_dict(w, h, space);
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            if components == 4 && adobe {
                dict.set("Decode", Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()));
            }
            let mut image = Stream::new(dict, bytes);
            image.allows_compression = false;
            return Some(Logo { width: w, height: h, image, mask: None });
        }
        at += 2 + len;
    }
    None
}

fn image_dict(w: usize, h: usize, space: &str) -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(w as i64)),
        ("Height", Object::Integer(h as i64)),
        ("ColorSpace", Object::Name(space.as_bytes().to_vec())),
        ("BitsPerComponent", Object::Integer(8)),
    ])
}

/// The decoded pixels a logo may take: 64 MiB, a 4,096-pixel square in RGBA.
const MAX_DECODED: usize = 64 << 20;

fn png(bytes: &[u8]) -> std::result::Result<Logo, String> {
    // The `png` crate (the decoder printpdf's `image` dependency wraps), used directly: it
    // saves building `image` and its colour-management crates, about a tenth of a test build.
    // Palette, low bit depths and tRNS expand to 8-bit grey or RGB with alpha, 16-bit samples
    // keep their high byte.
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: MAX_DECODED });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().filter(|n| *n <= MAX_DECODED).ok_or_else(|| {
        let (w, h) = reader.info().size();
        format!("the image is too large ({w} × {h} pixels; at most {} MiB decoded)", MAX_DECODED >> 20)
    })?;
    let mut samples = vec![0; size];
    let frame = reader.next_frame(&mut samples).map_err(|e| e.to_string())?;
    samples.truncate(frame.buffer_size());
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w == 0 || h == 0 {
        return Err("the image is empty".into());
    }
    // (channels, colour channels, alpha index)
    let (channels, colour, alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, 1, None),
        png::ColorType::GrayscaleAlpha => (2, 1, Some(1)),
        png::ColorType::Rgb => (3, 3, None),
        png::ColorType::Rgba => (4, 3, Some(3)),
        png::ColorType::Indexed => return Err("the palette image did not expand".into()),
    };
    if samples.len() < w * h * channels {
        return Err("the image data is truncated".into());
    }
    let mut pixels = Vec::with_capacity(w * h * colour);
    let mut mask = Vec::with_capacity(if alpha.is_some() { w * h } else { 0 });
    for px in samples.chunks_exact(channels).take(w * h) {
        pixels.extend_from_slice(&px[..colour]);
        if let Some(a) = alpha {
            mask.push(px[a]);
        }
    }
    let (pixels, nw, nh) = shrink(&pixels, w, h, colour);
    let mask = (!mask.is_empty() && mask.iter().any(|a| *a != 255)).then(|| shrink(&mask, w, h, 1).0);
    let space = if colour == 1 { "DeviceGray" } else { "DeviceRGB" };
    let image = Stream::new(image_dict(nw, nh, space), deflate(&pixels)?).with_compression(false);
    let mut image = filtered(image);
    let mask = match mask {
        Some(m) => Some(filtered(Stream::new(image_dict(nw, nh, "DeviceGray"), deflate(&m)?).with_compression(false))),
        None => None,
    };
    if mask.is_some() {
        // The soft mask is linked when the XObjects are added to the document.
        image.dict.set("HasSMask", Object::Boolean(true));
    }
    Ok(Logo { width: nw, height: nh, image, mask })
}

fn filtered(mut s: Stream) -> Stream {
    s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    s
}

fn deflate(data: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(data).map_err(|e| e.to_string())?;
    z.finish().map_err(|e| e.to_string())
}

/// Averages `pixels` (`channels` per pixel) down so the long side is at most `MAX_SIDE`.
fn shrink(pixels: &[u8], w: usize, h: usize, channels: usize) -> (Vec<u8>, usize, usize) {
    let factor = w.max(h).div_ceil(MAX_SIDE);
    if factor <= 1 {
        return (pixels.to_vec(), w, h);
    }
    let (nw, nh) = (w.div_ceil(factor), h.div_ceil(factor));
    let mut out = Vec::with_capacity(nw * nh * channels);
    for ny in 0..nh {
        for nx in 0..nw {
            for c in 0..channels {
                let (mut sum, mut n) = (0u32, 0u32);
                for y in ny * factor..((ny + 1) * factor).min(h) {
                    for x in nx * factor..((nx + 1) * factor).min(w) {
                        sum += pixels[(y * w + x) * channels + c] as u32;
                        n += 1;
                    }
                }
                out.push((sum / n.max(1)) as u8);
            }
        }
    }
    (out, nw, nh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_by_averaging() {
        let px: Vec<u8> = (0..4 * MAX_SIDE * 2).map(|i| if i % 2 == 0 { 0 } else { 200 }).collect();
        let (out, w, h) = shrink(&px, 2 * MAX_SIDE, 2, 2);
        assert_eq!((w, h), (MAX_SIDE, 1));
        assert_eq!(&out[..2], &[0, 200]);
    }

    #[test]
    fn reads_jpeg_frame_headers_without_decoding() {
        // SOI, an APP0 segment, SOF0 for 3 x 2 pixels, 3 components.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        bytes.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03]);
        bytes.extend_from_slice(&[0; 9]);
        let logo = jpeg(bytes).unwrap();
        assert_eq!((logo.width, logo.height), (3, 2));
        assert_eq!(logo.image.dict.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
    }
}
