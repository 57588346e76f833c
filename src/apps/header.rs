//! Reading who is calling from a Jellyfin app's request: the `MediaBrowser` authorization header
//! (also sent as `X-Emby-Authorization`), and the token however the app sends it.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use percent_encoding::percent_decode_str;

/// What an app says about itself in `Authorization: MediaBrowser Client="…", Device="…", …`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    pub client: Option<String>,
    pub device: Option<String>,
    pub device_id: Option<String>,
    pub version: Option<String>,
    pub token: Option<String>,
}

/// A header whose scheme is Jellyfin's but whose parameters cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

/// Longest value kept from the header; anything longer is refused.
const MAX_VALUE_CHARS: usize = 512;

/// Parses `MediaBrowser k="v", k2="v2"` (or the older `Emby …`). `Ok(None)` when the value is another
/// scheme altogether (a `Bearer` token, say), `Err` when it is Jellyfin's but unreadable.
pub fn parse_media_browser(value: &str) -> Result<Option<ClientInfo>, Malformed> {
    let value = value.trim();
    let (scheme, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("mediabrowser") && !scheme.eq_ignore_ascii_case("emby") {
        return Ok(None);
    }
    let mut info = ClientInfo::default();
    for part in split_parameters(rest)? {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, raw) = part.split_once('=').ok_or(Malformed("a parameter without `=`"))?;
        let raw = raw.trim();
        let unquoted = match raw.strip_prefix('"') {
            Some(inner) => inner.strip_suffix('"').ok_or(Malformed("a value whose quotes do not close"))?,
            None => raw,
        };
        let decoded = percent_decode_str(unquoted)
            .decode_utf8()
            .map_err(|_| Malformed("a value that is not UTF-8 once decoded"))?
            .into_owned();
        if decoded.chars().count() > MAX_VALUE_CHARS {
            return Err(Malformed("a value longer than 512 characters"));
        }
        if decoded.chars().any(char::is_control) {
            return Err(Malformed("a value with control characters"));
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "client" => &mut info.client,
            "device" => &mut info.device,
            "deviceid" => &mut info.device_id,
            "version" => &mut info.version,
            "token" => &mut info.token,
            _ => continue,
        };
        // Some apps repeat `Token`; the first one counts.
        if slot.is_none() && !decoded.is_empty() {
            *slot = Some(decoded);
        }
    }
    Ok(Some(info))
}

/// Splits at commas outside double quotes.
fn split_parameters(text: &str) -> Result<Vec<&str>, Malformed> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (at, ch) in text.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err(Malformed("a value whose quotes do not close"));
    }
    parts.push(&text[start..]);
    Ok(parts)
}

/// Everything a request says about its app, and its token from wherever the app put it:
/// `Authorization` (MediaBrowser or Bearer), `X-Emby-Authorization`, `X-Emby-Token`,
/// `X-MediaBrowser-Token`, or `api_key` in the query (its keys already folded to lower case).
pub fn client_info(headers: &HeaderMap, query: Option<&str>) -> Result<ClientInfo, Malformed> {
    let mut info = ClientInfo::default();
    let mut bearer = None;
    for name in [AUTHORIZATION.as_str(), "x-emby-authorization"] {
        let Some(value) = headers.get(name) else { continue };
        let value = value.to_str().map_err(|_| Malformed("a header that is not plain text"))?;
        match parse_media_browser(value)? {
            Some(found) => {
                info = found;
                break;
            }
            None => {
                if let Some((scheme, token)) = value.trim().split_once(' ')
                    && scheme.eq_ignore_ascii_case("bearer")
                {
                    bearer = Some(token.trim().to_string());
                }
            }
        }
    }
    if info.token.is_none() {
        info.token = bearer
            .or_else(|| header_text(headers, "x-emby-token"))
            .or_else(|| header_text(headers, "x-mediabrowser-token"))
            .or_else(|| query.and_then(query_token));
    }
    Ok(info)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

fn query_token(query: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(key, value)| (key == "api_key" || key == "apikey") && !value.is_empty())
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_media_browser_header_is_read_with_quotes_commas_and_escapes() {
        let info = parse_media_browser(
            r#"MediaBrowser Client="Jellyfin Android TV", Device="Living room, Shield", DeviceId="abc123", Version="0.17.0", Token="mq_x""#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(info.client.as_deref(), Some("Jellyfin Android TV"));
        assert_eq!(info.device.as_deref(), Some("Living room, Shield"));
        assert_eq!(info.device_id.as_deref(), Some("abc123"));
        assert_eq!(info.version.as_deref(), Some("0.17.0"));
        assert_eq!(info.token.as_deref(), Some("mq_x"));
        let web = parse_media_browser(r#"mediabrowser client=Jellyfin%20Web,device="Firefox""#).unwrap().unwrap();
        assert_eq!(web.client.as_deref(), Some("Jellyfin Web"));
        let repeated = parse_media_browser(r#"MediaBrowser Token="first", Token="second""#).unwrap().unwrap();
        assert_eq!(repeated.token.as_deref(), Some("first"));
    }

    #[test]
    fn other_schemes_pass_and_broken_headers_are_refused() {
        assert_eq!(parse_media_browser("Bearer mq_abc"), Ok(None));
        assert!(parse_media_browser(r#"MediaBrowser Client="unclosed"#).is_err());
        assert!(parse_media_browser("MediaBrowser Client").is_err());
        assert!(parse_media_browser("MediaBrowser Client=%0Aevil").is_err());
        assert!(parse_media_browser(&format!("MediaBrowser Client=\"{}\"", "x".repeat(600))).is_err());
    }

    #[test]
    fn the_token_is_found_wherever_apps_put_it() {
        let mut headers = HeaderMap::new();
        assert_eq!(client_info(&headers, Some("api_key=abc&limit=1")).unwrap().token.as_deref(), Some("abc"));
        headers.insert("x-emby-token", "from-header".parse().unwrap());
        assert_eq!(client_info(&headers, None).unwrap().token.as_deref(), Some("from-header"));
        headers.insert(AUTHORIZATION, "Bearer mq_bearer".parse().unwrap());
        assert_eq!(client_info(&headers, None).unwrap().token.as_deref(), Some("mq_bearer"));
        headers.insert("x-emby-authorization", r#"MediaBrowser Client="Kodi", Token="emby""#.parse().unwrap());
        let info = client_info(&headers, None).unwrap();
        assert_eq!((info.client.as_deref(), info.token.as_deref()), (Some("Kodi"), Some("emby")));
    }
}
