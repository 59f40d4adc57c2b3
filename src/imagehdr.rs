//! Encoded image headers in, the pixel size the data itself declares out.
//!
//! A PDF image's dictionary may say 100×100 while its JPEG, JBIG2 or
//! JPEG 2000 data says 60000×60000: decoders size their buffers from the
//! data. These readers look only at headers (no decoding, no allocation
//! beyond the slice given), so a size can be refused before any decoder
//! runs. Each returns `None` when it finds no size (then the dictionary's
//! is all there is to check).

/// Largest (width, height) among `dims`.
fn largest(dims: impl Iterator<Item = (u64, u64)>) -> Option<(u64, u64)> {
    dims.max_by_key(|&(w, h)| w.saturating_mul(h))
}

fn be(b: &[u8], at: usize, n: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(n)?)?;
    Some(s.iter().fold(0u64, |acc, &x| acc << 8 | x as u64))
}

/// A JPEG's frame size from its SOF marker (any of SOF0–SOF15 but the
/// DHT, JPG and DAC markers that share the range).
pub fn jpeg(b: &[u8]) -> Option<(u64, u64)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return None;
        }
        let marker = b[at + 1];
        match marker {
            0xFF => {
                at += 1;
                continue;
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = be(b, at + 5, 2)?;
                let w = be(b, at + 7, 2)?;
                return Some((w, h));
            }
            // Start of scan: the frame header should have come before.
            0xDA | 0xD9 => return None,
            _ => {}
        }
        at += 2 + be(b, at + 2, 2)? as usize;
    }
    None
}

/// Whether JPEG data ends with its end-of-image marker: a stream cut short
/// (a truncated scan) does not, and decoders fill its lost rows with grey.
pub fn jpeg_complete(b: &[u8]) -> bool {
    let end = b
        .iter()
        .rposition(|&x| !matches!(x, 0x00 | b'\r' | b'\n' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    b[..end].ends_with(&[0xFF, 0xD9])
}

/// A JBIG2 embedded stream's largest page or region, from its segment
/// headers (ITU T.88 §7.2): page information (type 48) and every region
/// segment carry a width and height. Sequential organisation, as PDF
/// embeds it; a segment of unknown length ends the walk.
pub fn jbig2(b: &[u8]) -> Option<(u64, u64)> {
    let mut dims = Vec::new();
    let mut at = 0usize;
    // A file header (standalone .jb2) is skipped when present.
    if b.starts_with(&[0x97, 0x4A, 0x42, 0x32, 0x0D, 0x0A, 0x1A, 0x0A]) {
        let flags = *b.get(8)?;
        at = if flags & 2 == 0 { 9 } else { 13 };
    }
    for _ in 0..100_000 {
        let Some((kind, data_at, len)) = jbig2_segment(b, at) else {
            break;
        };
        let region = matches!(kind, 4 | 6 | 7 | 20 | 22 | 23 | 36 | 38 | 39 | 40 | 42 | 43);
        if kind == 48 || region {
            if let (Some(w), Some(h)) = (be(b, data_at, 4), be(b, data_at + 4, 4)) {
                // 0xFFFFFFFF: a striped page whose height comes later.
                if h != 0xFFFF_FFFF {
                    dims.push((w, h));
                }
            }
        }
        if len == 0xFFFF_FFFF || kind == 51 {
            break;
        }
        at = data_at.checked_add(len as usize)?;
    }
    largest(dims.into_iter())
}

/// One segment header at `at`: its type, where its data starts and the
/// data's length.
fn jbig2_segment(b: &[u8], at: usize) -> Option<(u8, usize, u64)> {
    let number = be(b, at, 4)?;
    let flags = *b.get(at + 4)?;
    let mut p = at + 5;
    let first = *b.get(p)?;
    let count = if first >> 5 == 7 {
        let n = be(b, p, 4)? & 0x1FFF_FFFF;
        p += 4 + (n as usize + 1).div_ceil(8);
        n
    } else {
        p += 1;
        (first >> 5) as u64
    };
    let per_ref = match number {
        0..=256 => 1,
        257..=65536 => 2,
        _ => 4,
    };
    p = p.checked_add((count as usize).checked_mul(per_ref)?)?;
    p += if flags & 0x40 != 0 { 4 } else { 1 };
    let len = be(b, p, 4)?;
    Some((flags & 0x3F, p + 4, len))
}

/// A JPEG 2000 image's size: the `ihdr` box of a JP2 file, or the SIZ
/// marker of a bare codestream.
pub fn jpx(b: &[u8]) -> Option<(u64, u64)> {
    if b.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        // SIZ: Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4).
        let (x, y) = (be(b, 8, 4)?, be(b, 12, 4)?);
        let (x0, y0) = (be(b, 16, 4)?, be(b, 20, 4)?);
        return Some((x.saturating_sub(x0), y.saturating_sub(y0)));
    }
    let at = b.windows(4).take(4096).position(|w| w == b"ihdr")?;
    let h = be(b, at + 4, 4)?;
    let w = be(b, at + 8, 4)?;
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jbig2_seg(number: u32, kind: u8, data: &[u8]) -> Vec<u8> {
        let mut s = number.to_be_bytes().to_vec();
        s.push(kind); // page association in one byte
        s.push(0); // no referred-to segments
        s.push(1); // page 1
        s.extend((data.len() as u32).to_be_bytes());
        s.extend_from_slice(data);
        s
    }

    fn wh(w: u32, h: u32) -> Vec<u8> {
        let mut d = w.to_be_bytes().to_vec();
        d.extend(h.to_be_bytes());
        d.extend([0; 9]);
        d
    }

    #[test]
    fn sizes_come_from_the_data() {
        // A JPEG with an APP0 segment before its baseline SOF.
        let mut jpeg_bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        jpeg_bytes.extend([0xFF, 0xC0, 0, 11, 8, 0xEA, 0x60, 0x03, 0x20, 1, 1, 0x11, 0]);
        let mut page_then_region = jbig2_seg(0, 48, &wh(100, 100));
        page_then_region.extend(jbig2_seg(1, 38, &wh(60000, 60000)));
        page_then_region.extend(jbig2_seg(2, 51, &[]));
        let mut codestream = vec![0xFF, 0x4F, 0xFF, 0x51, 0, 41, 0, 0];
        codestream.extend(2000u32.to_be_bytes());
        codestream.extend(3000u32.to_be_bytes());
        codestream.extend([0; 8]);
        let mut jp2 = b"\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x2djp2h\0\0\0\x16ihdr".to_vec();
        jp2.extend(500u32.to_be_bytes());
        jp2.extend(700u32.to_be_bytes());
        type Size = Option<(u64, u64)>;
        type Reader = fn(&[u8]) -> Size;
        let rows: [(Reader, &[u8], Size); 7] = [
            (jpeg, &jpeg_bytes, Some((800, 60000))),
            (jpeg, &[0xFF, 0xD8, 0xFF, 0xDA, 0, 2], None),
            (jpeg, b"not a jpeg", None),
            (jbig2, &page_then_region, Some((60000, 60000))),
            (jbig2, &[0, 0, 0], None),
            (jpx, &codestream, Some((2000, 3000))),
            (jpx, &jp2, Some((700, 500))),
        ];
        for (i, (read, bytes, want)) in rows.into_iter().enumerate() {
            assert_eq!(read(bytes), want, "row {i}");
        }
    }

    #[test]
    fn a_jpeg_cut_short_has_no_end_marker() {
        assert!(jpeg_complete(&[0xFF, 0xD8, 1, 2, 0xFF, 0xD9]));
        assert!(jpeg_complete(&[0xFF, 0xD8, 1, 2, 0xFF, 0xD9, b'\n']));
        assert!(!jpeg_complete(&[0xFF, 0xD8, 1, 2, 3]));
        assert!(!jpeg_complete(&[]));
    }
}
