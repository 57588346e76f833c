//! QR codes drawn on the server as inline SVG (no image service, nothing loaded from elsewhere), for
//! pages that offer something to scan with a phone.

use qrcode::QrCode;
use qrcode::render::svg;

/// An `<svg>` element for `data` with `class`, labelled `label` for screen readers; `None` if it is
/// too long for a QR code.
pub fn svg(data: &str, class: &str, label: &str) -> Option<String> {
    let code = QrCode::new(data.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The renderer writes a whole document; the page wants the element alone.
    let element = image.find("<svg").map(|start| &image[start..])?;
    let label = label.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    Some(element.replacen("<svg ", &format!("<svg class=\"{class}\" role=\"img\" aria-label=\"{label}\" "), 1))
}
