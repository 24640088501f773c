"""Convert a pingtan.gov.cn article page (page.html of changwu/pingtan-gov-zwgk-archive) to Markdown.

    python html2md.py IN.html OUT.md

Standard library only (html.parser). Nothing here knows of auditor.

Body rule: the report text of these pages sits in the element whose class list contains
``article_content`` (``<div class="article_content article_content_01 font_family_cn">``); the
page's header, breadcrumb, title block, share buttons, attachment list and footer are outside
it. Only that element's content is converted. If a file has no such element, the whole
document is converted.

Conversion:
- block elements (p, div, h1-h6, li, br, blockquote, section, article, ul, ol) end a paragraph;
  paragraphs are written separated by one blank line; whitespace inside a paragraph is
  collapsed to one space (a full-width space U+3000 is kept);
- tables become Markdown pipe tables: one row per ``tr``; cell text with whitespace collapsed
  and ``|`` escaped as ``\\|``; a cell with ``colspan=n`` gives its text to the first cell and
  n-1 empty cells follow; a cell with ``rowspan=n`` leaves an empty cell at its column in the
  n-1 rows below it; every row is padded to the widest row; the first row is the header row
  (a ``| --- |`` separator follows it); a table nested in a cell is flattened into the cell's text;
- entities are decoded (html.parser's convert_charrefs); ``&nbsp;`` becomes a space;
- script, style, and Office ``o:p`` contents are dropped; images and links keep only their text.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote", "section",
         "article", "ul", "ol", "tbody", "thead", "center", "hr", "dd", "dt", "dl"}
SKIP = {"script", "style", "title", "head"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


def collapse(text: str) -> str:
    text = text.replace("\xa0", " ")
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


class Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # output paragraphs / table blocks
        self.buf: list[str] = []  # current paragraph text
        self.skip = 0
        self.depth = 0  # depth of open non-void elements
        self.body_depth: int | None = None  # depth at which article_content was opened
        self.seen_body = False
        self.done = False
        self.tables: list[dict] = []  # stack of tables being read

    # -- paragraphs
    def flush(self) -> None:
        text = collapse("".join(self.buf))
        self.buf = []
        if text and self.active():
            self.blocks.append(text)

    def active(self) -> bool:
        return self.body_depth is not None and not self.done

    # -- parser callbacks
    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        a = dict(attrs)
        if tag not in VOID:
            self.depth += 1
        if tag in SKIP or tag == "o:p":
            self.skip += 1
            return
        if self.body_depth is None and not self.done:
            if "article_content" in (a.get("class") or "").split():
                self.body_depth = self.depth
                self.seen_body = True
            return
        if not self.active():
            return
        if tag == "table":
            if self.tables:  # nested table: flatten into the cell
                self.tables[-1]["nested"] += 1
                return
            self.flush()
            self.tables.append({"rows": [], "row": None, "cell": None, "nested": 0})
            return
        if self.tables:
            t = self.tables[-1]
            if t["nested"]:
                if tag in BLOCK or tag in {"td", "th", "tr"}:
                    self.cell_text(" ")
                return
            if tag == "tr":
                self.end_row(t)
                t["row"] = []
            elif tag in ("td", "th"):
                self.end_cell(t)
                if t["row"] is None:
                    t["row"] = []
                t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
            elif tag in BLOCK:
                self.cell_text(" ")
            return
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag in VOID:
            return
        if tag in SKIP or tag == "o:p":
            self.skip = max(0, self.skip - 1)
            self.depth -= 1
            return
        if self.active():
            if tag == "table" and self.tables:
                t = self.tables[-1]
                if t["nested"]:
                    t["nested"] -= 1
                else:
                    self.end_row(t)
                    self.tables.pop()
                    self.blocks.append(render(t["rows"]))
            elif self.tables:
                t = self.tables[-1]
                if not t["nested"]:
                    if tag in ("td", "th"):
                        self.end_cell(t)
                    elif tag == "tr":
                        self.end_row(t)
                    elif tag in BLOCK:
                        self.cell_text(" ")
            elif tag in BLOCK:
                self.flush()
        if self.body_depth is not None and self.depth == self.body_depth and not self.done:
            self.flush()
            self.done = True
        self.depth -= 1

    def handle_data(self, data):
        if self.skip or not self.active():
            return
        if self.tables:
            self.cell_text(data)
        else:
            self.buf.append(data)

    # -- tables
    def cell_text(self, s: str) -> None:
        t = self.tables[-1]
        if t["cell"] is None:
            if not s.strip():
                return
            if t["row"] is None:
                t["row"] = []
            t["cell"] = {"text": [], "colspan": 1, "rowspan": 1}
        t["cell"]["text"].append(s)

    def end_cell(self, t) -> None:
        if t["cell"] is not None:
            if t["row"] is None:
                t["row"] = []
            t["row"].append(t["cell"])
            t["cell"] = None

    def end_row(self, t) -> None:
        self.end_cell(t)
        if t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None

    def close(self):
        super().close()
        while self.tables:  # unclosed table at end of input
            t = self.tables.pop()
            self.end_row(t)
            self.blocks.append(render(t["rows"]))
        self.flush()


def _int(v) -> int:
    try:
        return max(1, int(str(v).strip()))
    except (TypeError, ValueError):
        return 1


def render(rows: list[list[dict]]) -> str:
    grid: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for row in rows:
        out: list[str] = []
        col = 0
        cells = list(row)
        while cells or any(c >= col and n > 0 for c, n in pending.items()):
            if pending.get(col, 0) > 0:
                out.append("")
                pending[col] -= 1
                col += 1
                continue
            if not cells:
                col += 1
                out.append("")
                if col > 500:
                    break
                continue
            cell = cells.pop(0)
            text = collapse("".join(cell["text"])).replace("|", "\\|")
            for k in range(cell["colspan"]):
                out.append(text if k == 0 else "")
                if cell["rowspan"] > 1:
                    pending[col] = cell["rowspan"] - 1
                col += 1
        while out and out[-1] == "" and len(out) > len(row):  # padding added after the last cell only
            out.pop()
        grid.append(out)
    if not grid:
        return ""
    width = max(len(r) for r in grid)
    lines = []
    for i, r in enumerate(grid):
        r = r + [""] * (width - len(r))
        lines.append("| " + " | ".join(r) + " |")
        if i == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def convert(html: str) -> str:
    c = Converter()
    c.feed(html)
    c.close()
    if not c.seen_body:  # no article_content element: convert the whole document
        c = Converter()
        c.body_depth = 0
        c.seen_body = True
        c.feed(html)
        c.close()
    return "\n\n".join(b for b in c.blocks if b) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[2].strip())
        return 2
    with open(argv[1], encoding="utf-8") as f:
        html = f.read()
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(convert(html))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
