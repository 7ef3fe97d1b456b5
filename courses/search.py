"""Search that understands Chinese.

Full-text search in SQLite and PostgreSQL splits words on spaces and
punctuation, so a run of Chinese characters becomes one long "word" and a
search for 直播 misses a title like 直播带货入门. Like the CJK analysers of
search engines, we index every Han character and every pair of neighbouring
Han characters as words, and turn a query into pairs in the same way.
Tibetan separates syllables with the tsheg, which the databases already
treat as a word break.
"""

import re

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def han_words(run: str) -> list[str]:
    """Single characters and neighbouring pairs of one run of Han characters."""
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(text: str) -> str:
    """The words stored in the search index for `text`."""
    words = []
    for run in HAN_RUN.findall(text or ""):
        words.extend(han_words(run))
    return " ".join(words)


def query_text(query: str) -> str:
    """Rewrite a query so that each Han run becomes the pairs it must contain.

    ASCII punctuation and control characters become spaces: the index splits words on
    them anyway, and SQLite's full-text search reads a quote or a NUL in a query as its
    own syntax (a server error), as Wagtail passes the words on unescaped.
    """

    def pairs(match: re.Match) -> str:
        run = match.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    words_only = "".join(
        " " if character.isascii() and not character.isalnum() else character
        for character in query or ""
    )
    return " ".join(HAN_RUN.sub(pairs, words_only).split())
