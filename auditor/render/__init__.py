"""Renderers: one per output format, each turning :class:`FileResult` data into text (or,
for the Excel check sheet, a workbook). Checks never format output; renderers never
decide what is wrong. The helpers here are shared: the place of a span, and the folding
of findings by cause for the formats people read."""


def place(span, lang: str) -> str:
    """The page (PDF) or cell (Word, Excel) of the original file, shown beside the location
    in the extracted text: lines of a PDF or Word file count lines of that text, so a
    reader needs the page."""
    parts = []
    if span.page is not None:
        parts.append(f"page {span.page}" if lang == "en" else f"第{span.page}页")
    if span.cell:
        parts.append(span.cell)
    return f" ({', '.join(parts)})" if parts else ""


def cause_key(f) -> tuple:
    """What makes two findings one cause for the rich and HTML outputs.

    Findings of the same check and severity share a cause when they give the same advice
    in words alone (a hint without a figure: ``替换为实际的名称或数字`` for every placeholder,
    ``按数字的实际变化只保留一个方向`` for template residue). A hint that names figures
    (``应为 1.19%``) is about those figures: such a finding, or one without a hint, shares
    its cause only with findings whose message and hint are the same word for word."""
    hint = (f.hint.zh, f.hint.en) if f.hint else None
    if hint is not None and not any(ch.isdigit() for ch in hint[0] + hint[1]):
        return (f.check, f.severity.value, hint)
    return (f.check, f.severity.value, f.message.zh, hint)


def group(findings: list) -> list[list]:
    """Findings folded by cause (:func:`cause_key`), each group at the place of its first
    member, members in their original order. JSON, SARIF and the CI formats never fold:
    they keep one result per place."""
    groups: dict[tuple, list] = {}
    for f in findings:
        groups.setdefault(cause_key(f), []).append(f)
    return list(groups.values())


def common_message(members: list, lang: str) -> str:
    """The words a group's messages share: the message itself when all are the same,
    else their common beginning up to its first colon (``模板占位符未替换``), else the
    check's name."""
    texts = [m.message.get(lang) for m in members]
    if len(set(texts)) == 1:
        return texts[0]
    first = texts[0]
    n = 0
    while n < len(first) and all(len(t) > n and t[n] == first[n] for t in texts):
        n += 1
    prefix = first[:n]
    cut = min((i for i in (prefix.find("："), prefix.find(": ")) if i > 0), default=-1)
    return prefix[:cut].strip() if cut > 0 else members[0].name
