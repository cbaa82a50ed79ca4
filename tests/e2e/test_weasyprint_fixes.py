"""The WeasyPrint work-arounds keep doing their job."""

from __future__ import annotations

import subprocess
from pathlib import Path

from weasyprint import CSS, HTML

import bookpress.writers.weasyprint_fixes  # noqa: F401

PARAGRAPH = (
    "<p>Because every problem is found on the model, and the model knows where each node came "
    "from, bookpress can tell you exactly where a problem is: a broken link is reported as "
    "<code>writing.md:42: warning: …</code>, not as an error deep inside a PDF library.</p>"
)
CSS_TEXT = (
    "@page { size: 7in 9.25in; margin-left: 0.9in; margin-right: 0.7in }"
    "body { margin: 0 } html { font: 10.5pt/1.42 'Linux Libertine O' }"
)


def test_text_before_an_inline_element_does_not_leave_a_one_word_line(tmp_path: Path) -> None:
    # Unpatched WeasyPrint 70 sets "came" alone on the second line: the run
    # "came from … reported as " fits only without its trailing space.
    pdf = tmp_path / "p.pdf"
    HTML(string=f'<html lang="en"><body>{PARAGRAPH}</body></html>').write_pdf(
        pdf, stylesheets=[CSS(string=CSS_TEXT)]
    )
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) == 3, lines
    assert all(len(line.split()) > 5 for line in lines), lines
