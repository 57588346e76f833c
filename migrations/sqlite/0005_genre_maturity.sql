-- Each genre entry carries its title's maturity, so counting the genres a profile may see reads one
-- index (genre, maturity) instead of looking every entry's title up: the homepage asks on every visit.
ALTER TABLE title_genres ADD COLUMN maturity INTEGER NOT NULL DEFAULT 0;
UPDATE title_genres SET maturity = (SELECT t.maturity FROM titles t WHERE t.id = title_genres.title_id);
CREATE INDEX title_genres_by_maturity ON title_genres(genre, maturity);
