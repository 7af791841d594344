//! The printable card for someone without a smartphone: an A6 page at 300 dpi (1240 × 1748
//! pixels, PNG) with the display portrait, the printed fields in Vietnamese and English, the
//! issuer-signed QR (`EC1:`, docs/formats.md "Printed card") and what the clerk must know: the
//! card is bound to no phone, so the photo in the QR is what ties it to the person.
//!
//! Text is drawn with DejaVu Sans (the `dejavu` crate; it covers Vietnamese) through
//! `ab_glyph`. Field names come from the app's own translations (`ui/src/i18n`), so the card
//! says what the app says.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, ImageFormat, Luma};
use std::io::Cursor;

/// Page width: A6 (105 mm) at 300 dpi.
pub const WIDTH: u32 = 1240;
/// Page height: A6 (148 mm) at 300 dpi.
pub const HEIGHT: u32 = 1748;

const MARGIN: u32 = 60;
const PORTRAIT_W: u32 = 330;
const PORTRAIT_H: u32 = 440;

/// The app's translations, parsed once.
#[derive(Clone, Copy)]
enum Lang {
    Vi,
    En,
}

impl Lang {
    fn table(self) -> &'static serde_json::Value {
        static VI: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        static EN: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        let (cell, text) = match self {
            Lang::Vi => (&VI, include_str!("../../../ui/src/i18n/vi.json")),
            Lang::En => (&EN, include_str!("../../../ui/src/i18n/en.json")),
        };
        cell.get_or_init(|| serde_json::from_str(text).unwrap_or(serde_json::Value::Null))
    }
}

/// What goes on a card.
#[derive(Debug, Clone)]
pub struct CardContent<'a> {
    /// The document type's identifier, e.g. `citizen_id_card`.
    pub doc_type: &'a str,
    /// The printed fields as (name, value as one line), portraits left out.
    pub fields: Vec<(&'a str, String)>,
    /// The display portrait (JPEG), printed beside the fields; `None` prints a frame.
    pub portrait: Option<&'a [u8]>,
    /// The QR text (`EC1:…`).
    pub qr_text: &'a str,
    /// The last day of validity, `dd/mm/yyyy`.
    pub valid_until: String,
}

/// Why a card could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// The QR text does not fit a QR code.
    #[error("the QR code cannot be made: {0}")]
    Qr(String),
    /// The PNG could not be written.
    #[error("the card image cannot be written: {0}")]
    Png(String),
}

/// A label from the app's translations, e.g. `field.full_name`, or the key itself.
fn label(lang: Lang, section: &str, key: &str) -> String {
    lang.table()[section][key]
        .as_str()
        .map_or_else(|| key.to_owned(), str::to_owned)
}

struct Pen<'f> {
    font: FontRef<'f>,
    bold: FontRef<'f>,
    page: GrayImage,
}

impl Pen<'_> {
    /// Draws `text` with its baseline at `y`, starting at `x`; returns the x after it.
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) -> f32 {
        let font = if bold { &self.bold } else { &self.font };
        let scaled = font.as_scaled(PxScale::from(size));
        let mut caret = x;
        let mut last = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(prev) = last {
                caret += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(size), point(caret, y));
            caret += scaled.h_advance(id);
            last = Some(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let page = &mut self.page;
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py)) {
                    if px < WIDTH && py < HEIGHT {
                        let old = f32::from(page.get_pixel(px, py).0[0]);
                        let ink = old * (1.0 - coverage.clamp(0.0, 1.0));
                        page.put_pixel(px, py, Luma([ink as u8]));
                    }
                }
            });
        }
        caret
    }

    /// Draws `text` cut into lines no wider than `width`, from baseline `y`; returns the
    /// baseline after the last line.
    fn wrapped(&mut self, x: f32, mut y: f32, width: f32, size: f32, text: &str) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(size));
        let advance = |s: &str| -> f32 {
            s.chars()
                .map(|c| scaled.h_advance(scaled.glyph_id(c)))
                .sum()
        };
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if advance(&candidate) > width && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        for l in lines {
            self.text(x, y, size, false, &l);
            y += size * 1.25;
        }
        y
    }

    fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, shade: u8) {
        for py in y..(y + h).min(HEIGHT) {
            for px in x..(x + w).min(WIDTH) {
                self.page.put_pixel(px, py, Luma([shade]));
            }
        }
    }
}

/// Draws the card as an 8-bit grayscale PNG (prints well on office printers).
pub fn render_card(card: &CardContent<'_>) -> Result<Vec<u8>, CardError> {
    let font = FontRef::try_from_slice(dejavu::sans::regular())
        .map_err(|e| CardError::Png(e.to_string()))?;
    let bold =
        FontRef::try_from_slice(dejavu::sans::bold()).map_err(|e| CardError::Png(e.to_string()))?;
    let mut pen = Pen {
        font,
        bold,
        page: GrayImage::from_pixel(WIDTH, HEIGHT, Luma([255])),
    };
    let left = MARGIN as f32;
    // Header: the document, in Vietnamese then English.
    pen.rect(0, 0, WIDTH, 12, 0);
    pen.text(
        left,
        100.0,
        54.0,
        true,
        &label(Lang::Vi, "doc_type", card.doc_type),
    );
    pen.text(
        left,
        160.0,
        34.0,
        false,
        &label(Lang::En, "doc_type", card.doc_type),
    );
    pen.text(left, 215.0, 30.0, true, "THẺ IN — PRINTED CARD");
    // The portrait, framed.
    let top = 250;
    pen.rect(MARGIN - 4, top - 4, PORTRAIT_W + 8, PORTRAIT_H + 8, 0);
    pen.rect(MARGIN, top, PORTRAIT_W, PORTRAIT_H, 255);
    if let Some(photo) = card.portrait.and_then(|b| image::load_from_memory(b).ok()) {
        let photo = photo
            .resize_to_fill(
                PORTRAIT_W,
                PORTRAIT_H,
                image::imageops::FilterType::Lanczos3,
            )
            .to_luma8();
        image::imageops::overlay(&mut pen.page, &photo, i64::from(MARGIN), i64::from(top));
    }
    // The fields beside it.
    let column = (MARGIN + PORTRAIT_W + 40) as f32;
    let width = WIDTH as f32 - column - left;
    let mut y = top as f32 + 30.0;
    for (name, value) in &card.fields {
        let vi = label(Lang::Vi, "field", name);
        let en = label(Lang::En, "field", name);
        pen.text(column, y, 24.0, false, &format!("{vi} / {en}"));
        y = pen.wrapped(column, y + 40.0, width, 34.0, value) + 12.0;
    }
    // The QR, as large as the page allows.
    let matrix =
        eid_qr::render::encode_matrix(card.qr_text).map_err(|e| CardError::Qr(e.to_string()))?;
    let qr_top = top + PORTRAIT_H + 50;
    let room = (HEIGHT - qr_top - 260).min(WIDTH - 2 * MARGIN);
    let scale = (room / (matrix.width() + 8)).max(1);
    let gray = matrix.to_gray(scale, 4);
    let side = gray.width;
    let qr = GrayImage::from_raw(side, gray.height, gray.pixels)
        .ok_or_else(|| CardError::Qr("the QR pixels do not fill the square".into()))?;
    let qr_left = (WIDTH - side) / 2;
    image::imageops::overlay(&mut pen.page, &qr, i64::from(qr_left), i64::from(qr_top));
    // What the clerk must know.
    let mut y = (qr_top + qr.height() + 50) as f32;
    pen.text(
        left,
        y,
        30.0,
        true,
        "Không gắn với điện thoại — hãy đối chiếu ảnh.",
    );
    y += 40.0;
    pen.text(
        left,
        y,
        26.0,
        false,
        "Not bound to a phone — compare the photo.",
    );
    y += 44.0;
    pen.text(
        left,
        y,
        26.0,
        false,
        &format!("Có giá trị đến / Valid until: {}", card.valid_until),
    );
    let mut png = Vec::new();
    pen.page
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| CardError::Png(e.to_string()))?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_apps_translations() {
        assert_eq!(label(Lang::Vi, "field", "full_name"), "Họ và tên");
        assert_eq!(
            label(Lang::En, "doc_type", "citizen_id_card"),
            "Citizen ID card"
        );
        assert_eq!(label(Lang::En, "field", "no_such_field"), "no_such_field");
    }

    #[test]
    fn a_card_is_an_a6_page_at_300_dpi_whose_qr_reads_back() {
        let text = "EC1:".to_owned() + &"0123456789ABCDEF".repeat(50);
        let card = CardContent {
            doc_type: "citizen_id_card",
            fields: vec![("full_name", "Nguyễn Thị Mẫu".into())],
            portrait: None,
            qr_text: &text,
            valid_until: "21/09/2036".into(),
        };
        let png = render_card(&card).unwrap();
        let img = image::load_from_memory(&png).unwrap();
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        let found = eid_qr::scan::scan_image_bytes(&png).unwrap();
        assert_eq!(found, vec![text]);
    }
}
