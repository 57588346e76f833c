//! The QR code a TV shows beside its code: the activation address with the code filled in, drawn on
//! the server as inline SVG (no image service, nothing loaded from elsewhere).

/// An `<svg>` element for `address`, labelled for screen readers; `None` if it is too long for a QR code.
pub fn svg_for(address: &str) -> Option<String> {
    crate::web::qr::svg(address, "tv-code__qr", "QR code: scan it to open the activation page with this code")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_becomes_one_labelled_svg_element() {
        let svg = svg_for("http://192.168.1.20:8080/activate?code=BCDF-GHJK").expect("fits in a QR code");
        assert!(svg.starts_with("<svg class=\"tv-code__qr\" role=\"img\""), "{}", &svg[..80]);
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert_eq!(svg.matches("<svg").count(), 1);
        // Dark modules were drawn.
        assert!(svg.contains("d=\"M"), "no modules drawn");
    }

    #[test]
    fn an_address_too_long_for_a_qr_code_gives_none() {
        assert!(svg_for(&"x".repeat(10_000)).is_none());
    }
}
