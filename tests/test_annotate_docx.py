"""``auditor check draft.docx --annotate reviewed.docx``: a Word comment by ``auditor`` on
each flagged figure, anchored on exactly its characters; the checked file untouched;
refusals (several inputs, same path, other formats) as one line with exit code 2."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import docx
import pytest
from lxml import etree

from officegen import Docx, chinese_outline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, encoding="utf-8")


def anchored(path) -> dict[str, str]:
    """Comment id -> the document text between its range start and end, read from the XML."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    open_ids: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ids[el.get(W + "id")] = []
        elif el.tag == W + "commentRangeEnd":
            cid = el.get(W + "id")
            done[cid] = "".join(open_ids.pop(cid))
        elif el.tag == W + "t" and el.text:
            for parts in open_ids.values():
                parts.append(el.text)
    return done


def comments(path) -> dict[str, tuple[str, str]]:
    d = docx.Document(str(path))
    return {str(c.comment_id): (c.author, c.text) for c in d.comments}


def _draft(project: str = "300.00", total: str = "1,200.00", bold_split: bool = True) -> Docx:
    d = Docx()
    n = chinese_outline(d)
    d.para("某市文化和旅游局2025年部门预算说明")
    d.heading("支出预算情况", 1, num=n)
    # the prose figure's characters fall across two runs (a bold run ends inside it), and a
    # part stands in a tracked insertion
    if bold_split:
        runs = ["本年支出预算合计 1,200.00 万元，其中：", ("ins", "基本支出 900.00 万元，"), "项目支出 ", ("b", project[:2]), project[2:] + " 万元。"]
    else:
        runs = [f"本年支出预算合计 1,200.00 万元，其中：基本支出 900.00 万元，项目支出 {project} 万元。"]
    d.para(runs)
    d.para("表1 支出预算表")
    d.para("单位：万元")
    d.table([["项目", "金额"], ["基本支出", "900.00"], ["项目支出", "300.00"], ["合计", total]])
    return d


def test_comments_anchor_on_the_flagged_figures(tmp_path) -> None:
    src = tmp_path / "draft.docx"
    out = tmp_path / "reviewed.docx"
    data = _draft(project="200.00", total="1,250.00").to_bytes()
    src.write_bytes(data)
    proc = run("check", str(src), "--annotate", str(out))
    assert proc.returncode == 1, proc.stderr
    assert src.read_bytes() == data  # the file checked is never written
    found = comments(out)
    where = anchored(out)
    by_code = {text.split("]")[0].split("[")[1]: (cid, author, text) for cid, (author, text) in found.items()}
    assert set(by_code) == {"BRK001", "PRS001", "TBL001"}, found
    assert all(author == "auditor" for _, author, _ in by_code.values())
    cid, _, text = by_code["TBL001"]
    assert where[cid] == "1,250.00"
    assert "1,200.00" in text and "表1 第2行第2列" in text  # the hint and the parts with their places
    cid, _, text = by_code["PRS001"]
    assert where[cid].startswith("200.00")  # split across the bold run's boundary
    assert "表1 第3行第2列" in text
    cid, _, text = by_code["BRK001"]
    assert where[cid].startswith("1,200.00")
    assert "900.00" in text and "第3段" in text  # the part in the tracked insertion, with its paragraph


def test_figure_inside_runs_is_isolated_without_changing_the_text(tmp_path) -> None:
    src = tmp_path / "draft.docx"
    out = tmp_path / "reviewed.docx"
    src.write_bytes(_draft(total="1,250.00", bold_split=False).to_bytes())
    run("check", str(src), "--annotate", str(out), "--select", "TBL001")
    before = [p.text for p in docx.Document(str(src)).paragraphs]
    after = [p.text for p in docx.Document(str(out)).paragraphs]
    assert before == after
    [(cid, (author, text))] = comments(out).items()
    assert anchored(out)[cid] == "1,250.00" and text.startswith("error[TBL001]")


def test_figure_across_runs_and_in_a_tracked_insertion(tmp_path) -> None:
    d = Docx()
    d.para(["全年接待游客 ", ("b", "12"), "0 万人次，其中", ("ins", "入境游客 150 万人次"), "。"])
    src = tmp_path / "d.docx"
    out = tmp_path / "r.docx"
    src.write_bytes(d.to_bytes())
    proc = run("check", str(src), "--annotate", str(out))
    assert proc.returncode == 1
    texts = set(anchored(out).values())
    assert "120 万人次" in texts or "150 万人次" in texts
    [(_, text)] = comments(out).values()
    assert "BRK002" in text


def test_clean_document_gets_a_copy_without_comments(tmp_path) -> None:
    src = tmp_path / "draft.docx"
    out = tmp_path / "reviewed.docx"
    src.write_bytes(_draft().to_bytes())
    proc = run("check", str(src), "--annotate", str(out), "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert out.exists() and comments(out) == {}
    assert "0 comment" in proc.stderr


def test_english_comments(tmp_path) -> None:
    src = tmp_path / "draft.docx"
    out = tmp_path / "reviewed.docx"
    src.write_bytes(_draft(total="1,250.00").to_bytes())
    run("check", str(src), "--annotate", str(out), "--lang", "en", "--select", "TBL001")
    [(_, text)] = comments(out).values()
    assert "hint:" in text and "表1 第2行第2列" in text


@pytest.mark.parametrize("case", ["two-inputs", "folder", "same-path", "same-file-other-spelling", "markdown", "stdin"])
def test_annotate_refusals_are_one_line_exit_2(tmp_path, case) -> None:
    src = tmp_path / "draft.docx"
    src.write_bytes(_draft().to_bytes())
    md = tmp_path / "notes.md"
    md.write_text("单位：万元\n\n项目\t金额\n甲\t1.00\n合计\t1.00\n", encoding="utf-8")
    out = str(tmp_path / "out.docx")
    args = {
        "two-inputs": [str(src), str(md)],
        "folder": [str(tmp_path)],
        "same-path": [str(src)],
        "same-file-other-spelling": [str(src)],
        "markdown": [str(md)],
        "stdin": ["-"],
    }[case]
    if case == "same-path":
        out = str(src)
    if case == "same-file-other-spelling":
        out = str(tmp_path / "." / "draft.docx")
    data = src.read_bytes()
    proc = run("check", *args, "--annotate", out)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr and "--annotate" in proc.stderr
    assert src.read_bytes() == data
    if case not in ("same-path", "same-file-other-spelling"):
        assert not (tmp_path / "out.docx").exists()


def test_unwritable_output_is_one_line(tmp_path) -> None:
    src = tmp_path / "draft.docx"
    src.write_bytes(_draft(total="1,250.00").to_bytes())
    proc = run("check", str(src), "--annotate", str(tmp_path / "no-such-folder" / "out.docx"))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
