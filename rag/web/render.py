"""HTML for the chat: answers with clickable ``[n]`` markers, the sources list, the highlighted article.

Every piece of text that came from a person or a file (question, answer, quote, article) goes through
``html.escape`` here and nowhere else builds markup from it, so a ``<script>`` or ``<img onerror=...>``
in a question or a corpus file is shown, never run.

Each sentence of the article is addressed by ``sentence_id(source, start)``; a marker or a source entry
carries that id as its link fragment (``href="#s-..."``) and ``chat.js`` brings the matching ``[data-sentence-id]`` into view.

>>> view = ArticleView.from_texts({"corpus/a.txt": "One. Two <b>!"}, [("corpus/a.txt", 0, 4, "One."),
...                                                                   ("corpus/a.txt", 5, 13, "Two <b>!")])
>>> "Two &lt;b&gt;!" in article_html(view)
True
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.corpus import strip_ws

_MARKER = re.compile(r"\[(\d+)\]")
_TAG = re.compile(r"<[^>]*>")


def sentence_id(source: str, start: int) -> str:
    """A stable DOM id for the sentence of ``source`` starting at ``start``."""
    return f"s-{hashlib.sha1(source.encode()).hexdigest()[:8]}-{start}"


def plain(text: str) -> str:
    """``text`` as HTML that shows exactly as typed (the chatbot renders HTML, not Markdown)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def question_html(question: str) -> str:
    """A user's question as shown in the chat."""
    return plain(question)


def answer_html(answer: dict, *, upto: int | None = None) -> str:
    """An ``Answer.to_dict()`` for the chat: quotes as text, each ``[n]`` a link to its sentence.

    ``upto`` cuts the answer text after that many characters (while it is being streamed).
    Refusals get the ``refusal`` class and a label, so they read differently from answers; the
    ``complete`` class tells a finished answer from one still streaming (``streaming``).
    """
    text = answer["answer"] if upto is None else answer["answer"][:upto]
    by_n = {c["n"]: c for c in answer.get("citations", [])}
    parts, last = [], 0
    for match in _MARKER.finditer(text):
        citation = by_n.get(int(match.group(1)))
        if citation is None:
            continue
        parts.append(plain(text[last:match.start()]))
        parts.append(_marker_link(citation))
        last = match.end()
    parts.append(plain(text[last:]))
    body = "".join(parts)
    state = "streaming" if upto is not None and upto < len(answer["answer"]) else "complete"
    if answer.get("refused"):
        return (f'<span class="refusal {state}"><span class="refusal-label">Not in the article</span> '
                f'{body}</span>')
    return f'<span class="answer {state}">{body}</span>'


def _marker_link(citation: dict) -> str:
    target = sentence_id(citation["source"], citation["start"])
    # The chatbot's sanitizer drops data- and aria- attributes: the link's fragment names the sentence.
    return f'<a class="cite" href="#{target}" title="Show source {citation["n"]}">[{citation["n"]}]</a>'



# --------------------------------------------------------------------------------------------------
# The article


@dataclass(frozen=True)
class Segment:
    """A run of article text: a sentence (with its id) or the text between sentences."""

    text: str
    sentence: str | None = None  # sentence_id, or None for text between sentences


@dataclass(frozen=True)
class ArticleView:
    """The indexed documents as runs of text, ready to render with any set of sentences highlighted."""

    documents: tuple[tuple[str, tuple[Segment, ...]], ...]  # (source, segments)

    @classmethod
    def from_texts(cls, raws: dict[str, str], sentences: Iterable[tuple[str, int, int, str]]) -> ArticleView:
        """Build from raw file texts and ``(source, start, end, text)`` sentences of the index.

        A source is shown as its raw text (paragraphs and all) when every sentence's span matches the
        file; otherwise (an HTML file, or a file changed since the last ingest) as its sentences only.
        """
        by_source: dict[str, list[tuple[int, int, str]]] = {}
        for source, start, end, text in sentences:
            by_source.setdefault(source, []).append((start, end, text))
        documents = []
        for source in sorted(by_source):
            spans = sorted(by_source[source])
            raw = raws.get(source)
            documents.append((source, tuple(_raw_segments(source, raw, spans) if _spans_match(raw, source, spans)
                                            else _sentence_segments(source, spans))))
        return cls(tuple(documents))


def _spans_match(raw: str | None, source: str, spans: Sequence[tuple[int, int, str]]) -> bool:
    if raw is None or source.lower().endswith((".html", ".htm")):
        return False
    ends = [e for _, e, _ in spans]
    # cleaning.clean_text drops inline markup from a sentence, so compare without it
    return all(0 <= s <= e <= len(raw) and strip_ws(_TAG.sub("", raw[s:e])) == strip_ws(_TAG.sub("", t))
               for s, e, t in spans) and all(s >= previous_end for (s, _, _), previous_end in zip(spans[1:], ends))


def _raw_segments(source: str, raw: str, spans: Sequence[tuple[int, int, str]]) -> Iterable[Segment]:
    position = 0
    for start, end, _ in spans:
        if start > position:
            yield Segment(raw[position:start])
        yield Segment(raw[start:end], sentence_id(source, start))
        position = end
    if position < len(raw):
        yield Segment(raw[position:].rstrip() + "\n")


def _sentence_segments(source: str, spans: Sequence[tuple[int, int, str]]) -> Iterable[Segment]:
    for i, (start, _, text) in enumerate(spans):
        if i:
            yield Segment("\n\n")
        yield Segment(text, sentence_id(source, start))


def article_html(view: ArticleView, cited: dict[str, int] | None = None) -> str:
    """The documents with the ``cited`` sentences (sentence_id -> marker number) highlighted."""
    cited = cited or {}
    out = []
    for source, segments in view.documents:
        out.append(f'<article class="document"><header class="document-source">{html.escape(source)}</header>'
                   '<div class="document-text">')
        for segment in segments:
            text = html.escape(segment.text, quote=False)
            if segment.sentence is None:
                out.append(text)
            elif segment.sentence in cited:
                n = cited[segment.sentence]
                out.append(f'<mark class="sentence cited" data-sentence-id="{segment.sentence}" tabindex="-1">'
                           f'<sup class="n">[{n}]</sup>{text}</mark>')
            else:
                out.append(f'<span class="sentence" data-sentence-id="{segment.sentence}" tabindex="-1">'
                           f'{text}</span>')
        out.append("</div></article>")
    return "".join(out)


def sources_html(answer: dict | None, view: ArticleView | None, *, with_article: bool = True,
                 status: str | None = None) -> str:
    """The sources panel: each cited sentence (a link to it), then the article with them highlighted."""
    out = ['<div class="rag-sources">', '<h3 class="panel-title">Sources</h3>']
    if status:
        out.append(f'<p class="panel-status">{html.escape(status)}</p>')
    elif answer is None:
        out.append('<p class="panel-hint">Ask a question: the sentences an answer quotes are listed here'
                   + (' and highlighted in the article.</p>' if with_article else '.</p>'))
    elif answer.get("refused") or not answer.get("citations"):
        out.append('<p class="panel-refused">No sentence of the article answers this question, so nothing '
                   'is cited.</p>')
    else:
        out.append('<ol class="cited-list">')
        for c in answer["citations"]:
            target = sentence_id(c["source"], c["start"])
            out.append(f'<li data-sentence-id="{target}"><a class="source-link" href="#{target}">'
                       f'<span class="n">[{c["n"]}]</span> '
                       f'{html.escape(c["quote"], quote=False)}</a><span class="where">{html.escape(c["source"])}'
                       f', characters {c["start"]}–{c["end"]}</span></li>')
        out.append("</ol>")
    if with_article and view is not None:
        cited = {} if answer is None else {sentence_id(c["source"], c["start"]): c["n"]
                                             for c in answer.get("citations", [])}
        out.append('<h3 class="panel-title">Article</h3><div class="article-scroll" tabindex="0">')
        out.append(article_html(view, cited))
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def notice_html(message: str | None, kind: str = "warning") -> str:
    """A one-line message under the question box (empty string: nothing to say)."""
    if not message:
        return ""
    role = "alert" if kind == "warning" else "status"
    return f'<p class="notice notice-{kind}" role="{role}">{html.escape(message)}</p>'
