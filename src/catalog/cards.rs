//! Titles as the pages draw them: a card in a row, with its poster, and the rows of a homepage.

use crate::i18n::Tr;
use crate::store::catalog::{ResumePoint, TitleSummary};

/// One title in a row or a list of results.
#[derive(Debug, Clone)]
pub struct Card {
    pub name: String,
    pub year: String,
    pub rating: String,
    pub poster_url: String,
    pub href: String,
    /// How far the profile got, 0–100, on Continue Watching.
    pub progress_percent: Option<u32>,
    /// "S1:E2" for an episode to resume.
    pub episode_label: String,
    pub available: bool,
    /// The file a preview plays while the card rests under focus or the pointer ("" for none).
    pub preview_media_id: String,
}

impl Card {
    pub fn from_summary(title: &TitleSummary) -> Self {
        let id = title.id.to_string();
        Self {
            poster_url: format!("/art/{id}/poster"),
            href: format!("/title/{id}"),
            name: title.name.clone(),
            year: title.year.map(|y| y.to_string()).unwrap_or_default(),
            rating: title.certification.clone().unwrap_or_default(),
            progress_percent: None,
            episode_label: String::new(),
            available: title.available,
            preview_media_id: title.media_id.filter(|_| title.available).map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    /// The episode after one just finished, from its start.
    pub fn up_next(tr: Tr, title: &TitleSummary, next: &crate::store::catalog::MediaRecord) -> Self {
        let mut card = Self::from_summary(title);
        if let (Some(season), Some(episode)) = (next.season, next.episode) {
            card.episode_label = tr.t_with("card-next", "episode", format!("S{season}:E{episode}"));
        }
        card.href = format!("/watch/{}", next.id);
        card
    }

    pub fn from_resume_point(point: &ResumePoint) -> Self {
        let mut card = Self::from_summary(&point.title);
        card.progress_percent = point
            .duration_seconds
            .filter(|d| *d > 0.0)
            .map(|duration| ((point.position_seconds / duration) * 100.0).clamp(1.0, 100.0) as u32);
        if let (Some(season), Some(episode)) = (point.season, point.episode) {
            card.episode_label = format!("S{season}:E{episode}");
        }
        card.href = format!("/watch/{}", point.resume_media_id);
        card
    }
}

/// A named row of cards on the homepage.
#[derive(Debug, Clone)]
pub struct Row {
    /// For the heading's id and the "see all" link.
    pub key: String,
    pub heading: String,
    pub cards: Vec<Card>,
}

impl Row {
    pub fn new(key: impl Into<String>, heading: impl Into<String>, cards: Vec<Card>) -> Self {
        Self { key: key.into(), heading: heading.into(), cards }
    }
}

/// A key safe for an HTML id: letters and digits, the rest as dashes.
pub fn html_key(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}
