"""Builders of small Word and Excel files for the tests, written from the XML up so that
the tests control what real files hold: automatic numbering (numbering.xml), merged
cells, tracked changes, formulas with and without cached values."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


def _styles(heading_names: str) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">',
           '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>']
    for i in range(1, 4):
        name = f"heading {i}" if heading_names == "en" else f"标题 {i}"
        out.append(f'<w:style w:type="paragraph" w:styleId="{i}"><w:name w:val="{name}"/><w:basedOn w:val="a"/>'
                   f'<w:pPr><w:outlineLvl w:val="{i - 1}"/></w:pPr></w:style>')
    out.append('<w:style w:type="paragraph" w:styleId="Outline2"><w:name w:val="Custom Outline"/><w:basedOn w:val="a"/>'
               '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>')
    out.append("</w:styles>")
    return "".join(out)


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


class Docx:
    """A Word document built paragraph by paragraph.

    A run is a string, or ``("ins", text)`` / ``("del", text)`` / ``("moveFrom", text)``
    for tracked changes, ``("b", text)`` for a bold run (a run boundary), or
    ``("hidden", text)`` for hidden text."""

    def __init__(self, heading_names: str = "en") -> None:
        self.body: list[str] = []
        self.abstract: list[str] = []
        self.nums: list[str] = []
        self.heading_names = heading_names

    # numbering
    def list(self, levels: list[tuple[str, str, int]]) -> int:
        """An abstract list with levels (numFmt, lvlText, start); returns a numId using it."""
        aid = len(self.abstract)
        lv = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{escape(text)}"/>'
            f'<w:suff w:val="nothing"/></w:lvl>'
            for i, (fmt, text, start) in enumerate(levels)
        )
        self.abstract.append(f'<w:abstractNum w:abstractNumId="{aid}">{lv}</w:abstractNum>')
        return self.instance(aid)

    def instance(self, aid: int, restart: dict[int, int] | None = None, levels: dict[int, tuple[str, str, int]] | None = None) -> int:
        """Another list instance (w:num) of abstract list ``aid``; ``restart`` {ilvl: start};
        ``levels`` {ilvl: (numFmt, lvlText, start)} redefines levels (a w:lvl in w:lvlOverride)."""
        nid = len(self.nums) + 1
        ov = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>' for i, s in (restart or {}).items())
        ov += "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text)}"/><w:suff w:val="nothing"/></w:lvl></w:lvlOverride>'
            for i, (fmt, text, start) in (levels or {}).items()
        )
        self.nums.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>')
        return nid

    def _runs(self, runs) -> str:
        out = []
        for r in runs:
            if isinstance(r, str):
                out.append(f"<w:r>{_t(r)}</w:r>")
            else:
                kind, text = r
                if kind == "ins":
                    out.append(f'<w:ins w:id="{len(out) + 900}" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r>{_t(text)}</w:r></w:ins>')
                elif kind == "del":
                    out.append(f'<w:del w:id="{len(out) + 900}" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')
                elif kind == "moveFrom":
                    out.append(f'<w:moveFrom w:id="{len(out) + 900}" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r>{_t(text)}</w:r></w:moveFrom>')
                elif kind == "b":
                    out.append(f"<w:r><w:rPr><w:b/></w:rPr>{_t(text)}</w:r>")
                elif kind == "hidden":
                    out.append(f"<w:r><w:rPr><w:vanish/></w:rPr>{_t(text)}</w:r>")
                else:
                    raise ValueError(kind)
        return "".join(out)

    def _p(self, runs, style: str | None = None, num: int | None = None, ilvl: int = 0) -> str:
        ppr = ""
        if style or num:
            ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
            ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
            ppr += "</w:pPr>"
        if isinstance(runs, str):
            runs = [runs]
        return f"<w:p>{ppr}{self._runs(runs)}</w:p>"

    def heading(self, text, level: int = 1, num: int | None = None, ilvl: int = 0) -> Docx:
        self.body.append(self._p(text, style=str(level), num=num, ilvl=ilvl))
        return self

    def para(self, runs="", style: str | None = None, num: int | None = None, ilvl: int = 0) -> Docx:
        self.body.append(self._p(runs, style=style, num=num, ilvl=ilvl))
        return self

    def table(self, rows: list[list]) -> Docx:
        """Cells: a string, or a dict with ``text``, ``span`` (gridSpan) and ``vmerge``
        ("restart" or "continue")."""
        cols = max(sum(c.get("span", 1) if isinstance(c, dict) else 1 for c in r) for r in rows)
        out = ["<w:tbl><w:tblPr/><w:tblGrid>" + '<w:gridCol w:w="1500"/>' * cols + "</w:tblGrid>"]
        for r in rows:
            out.append("<w:tr>")
            for c in r:
                c = {"text": c} if isinstance(c, str) else c
                pr = ""
                if c.get("span", 1) > 1:
                    pr += f'<w:gridSpan w:val="{c["span"]}"/>'
                if c.get("vmerge") == "restart":
                    pr += '<w:vMerge w:val="restart"/>'
                elif c.get("vmerge") == "continue":
                    pr += "<w:vMerge/>"
                paras = c.get("text", "")
                paras = paras if isinstance(paras, list) else [paras]
                body = "".join(self._p(p) for p in paras)
                out.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.body.append("".join(out))
        return self

    def document_xml(self) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
                + "".join(self.body) + '<w:sectPr/></w:body></w:document>')

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", _CT)
            z.writestr("_rels/.rels", _RELS)
            z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
            z.writestr("word/document.xml", self.document_xml())
            z.writestr("word/styles.xml", _styles(self.heading_names))
            z.writestr("word/numbering.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
                       + "".join(self.abstract) + "".join(self.nums) + "</w:numbering>")
        return buf.getvalue()

    def save(self, path) -> str:
        with open(path, "wb") as fh:
            fh.write(self.to_bytes())
        return str(path)


def chinese_outline(d: Docx) -> int:
    """The usual three-level outline of a Chinese report: 一、 （一） 1."""
    return d.list([("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1)])


def xlsx_bytes(wb, cached: dict[str, float] | None = None) -> bytes:
    """An openpyxl workbook saved as bytes, with ``cached`` results {"Sheet!B7": value}
    written into its formula cells, as Excel stores them when it saves a file (openpyxl
    itself writes formulas without results)."""
    import re

    buf = io.BytesIO()
    wb.save(buf)
    if not cached:
        return buf.getvalue()
    sheets = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, start=1)}
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    parts = {n: src.read(n) for n in src.namelist()}
    for ref, value in cached.items():
        sheet, cell = ref.split("!")
        name = sheets[sheet]
        xml = parts[name].decode()
        xml, n = re.subn(rf'(<c r="{cell}"[^>]*>)(<f>.*?</f>)<v\s*/?>(?:</v>)?', lambda m, v=value: f"{m.group(1)}{m.group(2)}<v>{v}</v>", xml)
        assert n == 1, ref
        parts[name] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return out.getvalue()


# -- checking a generated file -----------------------------------------------------------


def check_office(data: bytes, name: str = "book.xlsx"):
    """Read a generated Word or Excel file and run every registered check on it: the
    extracted text and the result."""
    from auditor.checking.engine import check_text
    from auditor.checking.registry import load
    from auditor.document.readers import read_bytes

    ex = read_bytes(data, name)
    return ex, check_text(ex.text, name, [cls() for cls in load().values()], ex.origins)


def held(result, code: str) -> list:
    """The relations of one check that held."""
    return [v for v in result.verified if v.check == code]


def only_finding(result, code: str, cell: str) -> None:
    """The result has one finding, an error of that check at that cell."""
    assert [(f.check, f.span.cell) for f in result.findings] == [(code, cell)], [f.message.zh for f in result.findings]
    assert result.findings[0].severity.value == "error"
