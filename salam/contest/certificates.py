"""A certificate (PDF) for a winner or a shortlisted entrant, in their language (fpdf2; Arabic
shaped right to left through uharfbuzz, in DejaVu Sans from Debian's fonts-dejavu-core)."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from salam.contest.models import Entry

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def render(entry: Entry, *, recognitions: list[str], language: str) -> bytes:
    with translation.override(language):
        lines = [
            (_("Certificate"), 30, True),
            (entry.edition.title, 16, False),
            (entry.entrant.profile.name, 24, True),
            (_("for the video “%(title)s”") % {"title": entry.title}, 14, False),
        ]
        if recognitions:
            lines += [(_("Winner: %(name)s") % {"name": name}, 16, True) for name in recognitions]
        else:
            lines.append((_("Shortlisted by the international jury"), 16, True))
        if entry.category:
            lines.append((_("Category: %(name)s") % {"name": entry.category.name}, 12, False))
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if language == "ar" else "ltr")
    pdf.set_draw_color(30, 90, 120)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_y(35)
    for text, size, bold in lines:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.35)
    return bytes(pdf.output())
