"""Text blocks of an HTML article, as spans of the raw HTML, so sentences cut from them keep offsets.

Block elements (p, h1-h6, li, figcaption, blockquote, div) delimit blocks; scripts, styles and the
head are skipped; inline markup stays inside its block's span and is removed when a sentence is
cleaned (``rag.cleaning.clean_text``).

>>> raw = "<h1>Big news</h1><script>x()</script><p>It <b>happened</b>.</p>"
>>> [raw[s:e] for s, e in html_blocks(raw)]
['Big news', 'It <b>happened</b>.']
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

class _TextBlocks(HTMLParser):
    """Spans (offsets into the raw HTML) of the text of block elements, skipping scripts and styles."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote", "title", "div"}

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw, self.spans, self._skip = raw, [], 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self._current: list[int] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self._close()

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._close()

    def handle_data(self, data):  # noqa: ANN001
        if self._skip or not data.strip():
            return
        start = self._offset() + (len(data) - len(data.lstrip()))
        end = self._offset() + len(data.rstrip())
        if self._current is None:
            self._current = [start, end]
        else:
            self._current[1] = end

    def handle_entityref(self, name):  # noqa: ANN001
        self.handle_data(f"&{name};")

    def handle_charref(self, name):  # noqa: ANN001
        self.handle_data(f"&#{name};")

    def _close(self) -> None:
        if self._current:
            self.spans.append(tuple(self._current))
        self._current = None

    def close(self) -> None:
        super().close()
        self._close()


def html_blocks(raw: str) -> list[tuple[int, int]]:
    parser = _TextBlocks(raw)
    parser.feed(raw)
    parser.close()
    return parser.spans
