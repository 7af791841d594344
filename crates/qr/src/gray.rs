//! Pixel work done by hand: `image`'s `to_luma8` costs about 13 ms on a 1080p frame, more than
//! a whole decode, and a counter converts every camera frame; the scanner's local-mean
//! threshold (`local_mean_threshold`) is one pass over the frame.

/// A grayscale image, one byte per pixel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height` bytes, 0 black to 255 white.
    pub pixels: Vec<u8>,
}

/// Luma of packed pixels whose first three bytes are R, G, B, with integer BT.601 weights
/// (77, 150, 29) / 256; any further bytes per pixel (alpha) are ignored.
fn luma(pixels: &[u8], bytes_per_pixel: usize) -> Vec<u8> {
    pixels
        .chunks_exact(bytes_per_pixel)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect()
}

/// Luma of packed RGB (3 bytes per pixel).
pub fn from_rgb(rgb: &[u8]) -> Vec<u8> {
    luma(rgb, 3)
}

/// Luma of packed RGBA (4 bytes per pixel); alpha is ignored.
pub fn from_rgba(rgba: &[u8]) -> Vec<u8> {
    luma(rgba, 4)
}

/// Halves both dimensions by averaging 2×2 blocks (a box filter): a QR filling a camera frame
/// keeps 3 or more pixels per module, and the decoder does a quarter of the work.
pub fn half(pixels: &[u8], width: usize, height: usize) -> (Vec<u8>, usize, usize) {
    let (w2, h2) = (width / 2, height / 2);
    let mut out = Vec::with_capacity(w2 * h2);
    for y in 0..h2 {
        let top = &pixels[2 * y * width..2 * y * width + 2 * w2];
        let bottom = &pixels[(2 * y + 1) * width..(2 * y + 1) * width + 2 * w2];
        for (t, b) in top.chunks_exact(2).zip(bottom.chunks_exact(2)) {
            let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
            out.push(((sum + 2) >> 2) as u8);
        }
    }
    (out, w2, h2)
}

/// Side of the square blocks over which [`local_mean_threshold`] averages the far mean.
const FAR_BLOCK: usize = 8;

/// Largest near radius [`local_mean_threshold`] uses (keeps its sums within u32).
pub(crate) const MAX_NEAR_RADIUS: usize = 127;

/// Splits a grayscale image into dark and light pixels, each against a threshold of its own:
/// the mean of two local means, a near one over the square of radius `radius` around the
/// pixel and a far one over radius `4 × radius` (both clipped at the image's borders). Dark is
/// strictly below that, so a flat area (a clean quiet zone, or the inside of a big module)
/// keeps its side. `row(y, words)` receives each row's dark pixels, packed into `usize` words
/// least-significant bit first (the layout of rxing's `BitArray`).
///
/// Costs one pass: the near sums are running column sums over the window's rows and prefix
/// sums of those along the row; the far mean, which changes slowly, is taken over 8×8 blocks.
pub(crate) fn local_mean_threshold(
    pixels: &[u8],
    width: usize,
    height: usize,
    radius: usize,
    mut row: impl FnMut(usize, &[usize]),
) {
    if width == 0 || height == 0 || pixels.len() != width * height {
        return;
    }
    let near = radius.min(MAX_NEAR_RADIUS).min(width.min(height) / 4);
    let far = far_means(pixels, width, height, 4 * near);
    let (grid_width, _) = grid(width, height);
    // Column sums of the near window's rows: at most 255 rows of 255, within u16.
    let mut columns = vec![0u16; width];
    for line in pixels.chunks_exact(width).take(near + 1) {
        add(&mut columns, line);
    }
    let mut prefix = vec![0u32; width + 1];
    let mut far_row = vec![0u32; width];
    // 0/1 per pixel, padded to whole words; then 8 pixels a byte; then the words.
    let word_bytes = (usize::BITS / 8) as usize;
    let mut words = vec![0usize; width.div_ceil(usize::BITS as usize)];
    let mut dark = vec![0u8; words.len() * usize::BITS as usize];
    let mut packed = vec![0u8; words.len() * word_bytes];
    for y in 0..height {
        if y > 0 {
            if y + near < height {
                add(
                    &mut columns,
                    &pixels[(y + near) * width..(y + near + 1) * width],
                );
            }
            if y > near {
                let line = &pixels[(y - near - 1) * width..(y - near) * width];
                columns
                    .iter_mut()
                    .zip(line)
                    .for_each(|(c, &p)| *c -= u16::from(p));
            }
        }
        if y % FAR_BLOCK == 0 {
            let blocks = &far[y / FAR_BLOCK * grid_width..][..grid_width];
            for (chunk, &mean) in far_row.chunks_mut(FAR_BLOCK).zip(blocks) {
                chunk.fill(mean);
            }
        }
        let mut sum = 0;
        for (p, &c) in prefix.iter_mut().zip(&columns) {
            *p = sum;
            sum += u32::from(c);
        }
        prefix[width] = sum;
        let rows = ((y + near + 1).min(height) - y.saturating_sub(near)) as u32;
        let line = &pixels[y * width..(y + 1) * width];
        // Dark when p < (s / n + f / 16) / 2, with s and n the near window's sum and count and
        // f the far mean in sixteenths: (32 p - f) n < 16 s, within i32 (n ≤ 255², s ≤ 255 n,
        // f ≤ 16 × 255).
        let dark_at = |x: usize, n: i32, s: u32| {
            (32 * i32::from(line[x]) - far_row[x] as i32) * n < 16 * s as i32
        };
        let (lo, hi) = if width > 2 * near {
            (near, width - near)
        } else {
            (0, 0)
        };
        for x in (0..lo).chain(hi..width) {
            let (x0, x1) = (x.saturating_sub(near), (x + near + 1).min(width));
            let n = (rows * (x1 - x0) as u32) as i32;
            dark[x] = u8::from(dark_at(x, n, prefix[x1] - prefix[x0]));
        }
        // Inner columns have whole windows: one count (a loop the compiler vectorizes).
        let n = (rows * (2 * near + 1) as u32) as i32;
        for (((d, &p), (&right, &left)), &f) in dark[lo..hi]
            .iter_mut()
            .zip(&line[lo..hi])
            .zip(prefix[lo + near + 1..].iter().zip(&prefix[lo - near..]))
            .zip(&far_row[lo..hi])
        {
            *d = u8::from((32 * i32::from(p) - f as i32) * n < 16 * (right - left) as i32);
        }
        pack(&dark, &mut packed);
        for (word, bytes) in words.iter_mut().zip(packed.chunks_exact(word_bytes)) {
            *word = bytes
                .iter()
                .rev()
                .fold(0, |w, &b| (w << 8) | usize::from(b));
        }
        row(y, &words);
    }
}

fn add(columns: &mut [u16], line: &[u8]) {
    columns
        .iter_mut()
        .zip(line)
        .for_each(|(c, &p)| *c += u16::from(p));
}

/// Blocks of [`FAR_BLOCK`] pixels across and down (the last ones partial).
fn grid(width: usize, height: usize) -> (usize, usize) {
    (width.div_ceil(FAR_BLOCK), height.div_ceil(FAR_BLOCK))
}

/// For each block, the mean of the pixels within about `radius` of it (whole blocks, clipped
/// at the borders), in sixteenths of a grey level, rounded: exactly 16 p over a flat area p.
fn far_means(pixels: &[u8], width: usize, height: usize, radius: usize) -> Vec<u32> {
    let (gw, gh) = grid(width, height);
    // Integral image of the block sums, in u64 (a whole image's sum passes u32).
    let mut integral = vec![0u64; (gw + 1) * (gh + 1)];
    let mut band = vec![0u16; width];
    for (gy, lines) in pixels.chunks(FAR_BLOCK * width).enumerate() {
        band.fill(0);
        for line in lines.chunks_exact(width) {
            add(&mut band, line);
        }
        let mut across = 0;
        for (gx, block) in band.chunks(FAR_BLOCK).enumerate() {
            across += block.iter().map(|&b| u64::from(b)).sum::<u64>();
            integral[(gy + 1) * (gw + 1) + gx + 1] = integral[gy * (gw + 1) + gx + 1] + across;
        }
    }
    let r = (radius / FAR_BLOCK).max(1);
    let mut means = vec![0u32; gw * gh];
    for gy in 0..gh {
        let (y0, y1) = (gy.saturating_sub(r), (gy + r + 1).min(gh));
        let rows = ((y1 * FAR_BLOCK).min(height) - y0 * FAR_BLOCK) as u64;
        for gx in 0..gw {
            let (x0, x1) = (gx.saturating_sub(r), (gx + r + 1).min(gw));
            let at = |x: usize, y: usize| integral[y * (gw + 1) + x];
            let sum = at(x1, y1) + at(x0, y0) - at(x0, y1) - at(x1, y0);
            let count = rows * ((x1 * FAR_BLOCK).min(width) - x0 * FAR_BLOCK) as u64;
            // In f64, exact for these integers: a flat area's mean is exactly 16 p.
            means[gy * gw + gx] = ((16 * sum) as f64 / count as f64 + 0.5) as u32;
        }
    }
    means
}

/// Packs 0/1 bytes eight to a byte, least-significant bit first, by a multiplication that
/// gathers the low bit of each of eight bytes into the top byte. `bits` is 8 × `out` long.
fn pack(bits: &[u8], out: &mut [u8]) {
    for (byte, eight) in out.iter_mut().zip(bits.chunks_exact(8)) {
        let lanes = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        *byte = (lanes.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of [`local_mean_threshold`] as one bool per pixel.
    fn dark(pixels: &[u8], width: usize, height: usize, radius: usize) -> Vec<Vec<bool>> {
        let mut rows = vec![Vec::new(); height];
        local_mean_threshold(pixels, width, height, radius, |y, words| {
            rows[y] = (0..width)
                .map(|x| words[x / usize::BITS as usize] >> (x % usize::BITS as usize) & 1 == 1)
                .collect();
        });
        rows
    }

    #[test]
    fn flat_areas_are_light() {
        for level in [0, 128, 255] {
            let rows = dark(&vec![level; 70 * 40], 70, 40, 8);
            assert!(rows.iter().flatten().all(|&d| !d), "level {level}");
        }
    }

    #[test]
    fn a_dark_square_wider_than_the_near_window_stays_dark() {
        // 100 × 100 white with a 40 × 40 black square; near radius 8 (a 17-pixel window).
        let (w, h) = (100, 100);
        let mut pixels = vec![230u8; w * h];
        for y in 30..70 {
            pixels[y * w + 30..y * w + 70].fill(20);
        }
        let rows = dark(&pixels, w, h, 8);
        for (y, row) in rows.iter().enumerate() {
            for (x, &d) in row.iter().enumerate() {
                let inside = (30..70).contains(&x) && (30..70).contains(&y);
                assert_eq!(d, inside, "({x}, {y})");
            }
        }
    }

    #[test]
    fn thin_lines_on_a_gradient_and_words_across_the_row() {
        // A horizontal gradient from 40 to 240 with dark lines one pixel wide at every 9th
        // column, 130 columns (rows span three 64-bit words). Checked where both windows are
        // whole (32 ≤ x < 98, across a word boundary): near a border a clipped window's mean
        // on a gradient is off-centre, as with any local mean.
        let (w, h) = (130, 30);
        let pixels: Vec<u8> = (0..w * h)
            .map(|i| {
                let x = i % w;
                let base = 40 + (200 * x / w) as u8;
                if x % 9 == 4 {
                    base / 3
                } else {
                    base
                }
            })
            .collect();
        let rows = dark(&pixels, w, h, 8);
        for row in &rows {
            for (x, &d) in row.iter().enumerate().take(98).skip(32) {
                assert_eq!(d, x % 9 == 4, "column {x}");
            }
        }
    }

    #[test]
    fn tiny_images() {
        for (w, h) in [(1, 1), (1, 5), (5, 1), (3, 3), (9, 2)] {
            let pixels: Vec<u8> = (0..w * h).map(|i| (i * 97 % 256) as u8).collect();
            let rows = dark(&pixels, w, h, 8);
            assert!(rows.iter().all(|r| r.len() == w), "{w}×{h}");
        }
        let mut seen = 0;
        local_mean_threshold(&[1, 2, 3], 2, 2, 8, |_, _| seen += 1);
        assert_eq!(seen, 0, "a buffer of the wrong length gives no rows");
    }

    #[test]
    fn packing() {
        let mut bits = vec![0u8; 72];
        for i in [0, 7, 8, 63, 64, 69] {
            bits[i] = 1;
        }
        let mut bytes = vec![0u8; 9];
        pack(&bits, &mut bytes);
        let set: Vec<usize> = (0..72)
            .filter(|&i| bytes[i / 8] >> (i % 8) & 1 == 1)
            .collect();
        assert_eq!(set, [0, 7, 8, 63, 64, 69]);
    }

    #[test]
    fn conversions() {
        assert_eq!(from_rgb(&[255, 255, 255, 0, 0, 0]), vec![255, 0]);
        assert_eq!(from_rgba(&[255, 0, 0, 9, 0, 255, 0, 9]), vec![76, 149]);
        let (h, w, hh) = half(&[0, 255, 7, 255, 0, 7, 9, 9, 9], 3, 3);
        assert_eq!((h, w, hh), (vec![128], 1, 1));
    }
}
