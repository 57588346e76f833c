//! The authenticator app's side of two-step sign-in: a new shared secret, the `otpauth://` link its
//! QR code carries, and which 30-second step a typed six-digit code is right for (RFC 6238: SHA-1,
//! six digits, 30 s, one step either side for clocks a little off).

use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps list the account under.
pub const ISSUER: &str = "Marquee";
/// Random bytes in a secret: 160 bits, as RFC 4226 recommends for SHA-1.
const SECRET_BYTES: usize = 20;

/// A new shared secret from the OS random number generator, in base 32 (as apps take it typed in).
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(Secret::from(bytes).to_base32())
}

fn totp(secret: &str, email: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(email)
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// `otpauth://totp/Marquee:email?secret=…&issuer=Marquee`, what the QR code holds; `None` when the
/// email cannot be an account name in such a link.
pub fn app_link(secret: &str, email: &str) -> Option<String> {
    totp(secret, email)?.to_url().ok()
}

/// The secret in groups of four, easier to type into an app than one long run.
pub fn grouped(secret: &str) -> String {
    let letters: Vec<char> = secret.chars().collect();
    letters.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// What a person typed, as a six-digit code (spaces and dashes ignored), or `None` when it is not one.
pub fn six_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The time step (`unix time / 30`) the code is right for at `unix_time`, within one step either side.
pub fn step_of(secret: &str, code: &str, unix_time: i64) -> Option<i64> {
    let time = u64::try_from(unix_time).ok()?;
    // The account name plays no part in the code.
    let step = totp(secret, "account")?.check(&six_digits(code)?, time)?;
    i64::try_from(step).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_right_for_its_step_and_the_ones_beside_it_only() {
        let secret = new_secret().unwrap();
        let at = 1_800_000_015_i64;
        let code = totp(&secret, "a@example.com").unwrap().generate(u64::try_from(at).unwrap()).to_string();
        assert_eq!(step_of(&secret, &code, at), Some(at / 30));
        assert_eq!(step_of(&secret, &code, at + 30), Some(at / 30));
        assert_eq!(step_of(&secret, &code, at + 90), None);
        assert_eq!(step_of(&secret, &format!("{} {}", &code[..3], &code[3..]), at), Some(at / 30));
        assert_eq!(step_of(&secret, "12345", at), None);
        assert_eq!(step_of(&secret, "abcdef", at), None);
    }

    #[test]
    fn the_link_names_marquee_and_the_account() {
        let secret = new_secret().unwrap();
        let link = app_link(&secret, "ada@example.com").unwrap();
        assert!(link.starts_with("otpauth://totp/Marquee:ada%40example.com?secret="), "{link}");
        assert!(link.contains(&format!("secret={secret}")), "{link}");
        assert!(link.ends_with("&issuer=Marquee"), "{link}");
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
