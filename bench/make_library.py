#!/usr/bin/env python3
"""Writes a large media library for the scan and catalog benchmarks, named as Jellyfin names it:

    ROOT/Movies/Title N (Year)/Title N (Year).mp4 + movie.nfo
    ROOT/Shows/Show N (Year)/tvshow.nfo, Season 0S/Show N S0SE0E.mp4

Every video is a copy of one small valid MP4, so the scanner reads real headers. Each title's NFO
gives it one to three of 20 genres and a rating, spread evenly, so catalog rows have realistic sizes.
Deterministic: the same arguments write the same tree.

Usage: make_library.py ROOT VIDEO [--movies 6000] [--shows 200] [--seasons 2] [--episodes 10]
"""

import argparse
import os
import shutil

GENRES = [
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary", "Drama",
    "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance", "Science Fiction",
    "Sport", "Thriller", "War", "Western",
]
RATINGS = ["G", "PG", "PG-13", "R"]


def genres_of(n):
    """One to three genres, different for neighbouring titles."""
    count = 1 + n % 3
    return [GENRES[(n * 7 + i * 3) % len(GENRES)] for i in range(count)]


def nfo(root_tag, name, year, n):
    genres = "".join(f"  <genre>{g}</genre>\n" for g in genres_of(n))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<{root_tag}>\n  <title>{name}</title>\n  <year>{year}</year>\n"
        f"  <plot>Plot of {name}, a title written for the benchmark.</plot>\n"
        f"  <mpaa>{RATINGS[n % len(RATINGS)]}</mpaa>\n{genres}</{root_tag}>\n"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("video")
    parser.add_argument("--movies", type=int, default=6000)
    parser.add_argument("--shows", type=int, default=200)
    parser.add_argument("--seasons", type=int, default=2)
    parser.add_argument("--episodes", type=int, default=10)
    args = parser.parse_args()

    files = 0
    for n in range(1, args.movies + 1):
        name, year = f"Title {n}", 1950 + n % 75
        folder = os.path.join(args.root, "Movies", f"{name} ({year})")
        os.makedirs(folder)
        shutil.copyfile(args.video, os.path.join(folder, f"{name} ({year}).mp4"))
        with open(os.path.join(folder, "movie.nfo"), "w") as out:
            out.write(nfo("movie", name, year, n))
        files += 1
    for n in range(1, args.shows + 1):
        name, year = f"Show {n}", 1990 + n % 35
        folder = os.path.join(args.root, "Shows", f"{name} ({year})")
        os.makedirs(folder)
        with open(os.path.join(folder, "tvshow.nfo"), "w") as out:
            out.write(nfo("tvshow", name, year, args.movies + n))
        for season in range(1, args.seasons + 1):
            season_folder = os.path.join(folder, f"Season {season:02d}")
            os.makedirs(season_folder)
            for episode in range(1, args.episodes + 1):
                file = f"{name} S{season:02d}E{episode:02d}.mp4"
                shutil.copyfile(args.video, os.path.join(season_folder, file))
                files += 1
    print(f"{files} videos: {args.movies} movies, {args.shows} shows of {args.seasons} x {args.episodes} episodes")


if __name__ == "__main__":
    main()
