"""Gathering a board report into the plain model (``reports.model``), in its language.

The chapters, in order: introduction; progress by domain of change and outcome;
results by indicator; indicators that need attention with corrective actions; the
needs typology (when a round has final assessments); flagship programmes, outreach
and partnerships (when the registers hold anything); then the annex on data sources
and methods. ``numbering.numbered`` labels and numbers the result.

The whole report is built with the report's language active, so every translated
word and every plan text (``pick``) is in that language, whatever the caller's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from habitat_monitor.core.translated import pick
from habitat_monitor.progress import services
from habitat_monitor.reports.figures import Figures, ReportOptions, gather, plan_for
from habitat_monitor.reports.model import Report, Section, Words
from habitat_monitor.reports.numbering import numbered
from habitat_monitor.reports.sections import attention, engagement, front, progress, typology
from habitat_monitor.reports.sections.common import counts_sentence, sentences

# The report's languages: content key -> Django language code.
LANGUAGES = {"en": "en", "zh": "zh-hans"}
Progress = Callable[[str, int], None]


def words(language: str) -> Words:
    return Words(
        contents=_("Contents"),
        summary=_("Summary"),
        page_of=_("Page %(page)s of %(pages)s"),
        chapter_ref=_("chapter %(number)s"),
        annex_label=_("Annex %(number)s"),
        annex_ref=_("annex %(number)s"),
        table_label=_("Table %(number)s"),
        figure_label=_("Figure %(number)s"),
        caption_separator="\u3000" if language == "zh" else ". ",
        fact_separator="\uff1a" if language == "zh" else ": ",
        toc_update=_(
            "Update this table of contents in the word processor to show the page numbers."
        ),
    )


def _summary(
    figures: Figures, language: str, typology_section: Section | None, illustrative: bool
) -> tuple[str, ...]:
    page, year = figures.page, figures.year
    plan = pick(figures.plan.title, language)
    first = sentences(
        (
            _(
                "The present report sets out the progress made in %(year)s in implementing "
                "the %(plan)s."
            )
            % {"year": year, "plan": plan},
            counts_sentence(page["counts"], year),
        ),
        language,
    )
    needing = services.needs_attention(figures.progress)
    codes = {item.code for item in needing}
    with_actions = len(codes & set(attention.action_codes(figures)))
    second = ngettext(
        "%(count)s indicator needs attention (off track, or unlikely to meet its target for "
        "%(end)s); corrective actions are recorded for %(actions)s.",
        "%(count)s indicators need attention (off track, or unlikely to meet their target "
        "for %(end)s); corrective actions are recorded for %(actions)s of them.",
        len(needing),
    ) % {"count": len(needing), "end": figures.end_year or year, "actions": with_actions}
    parts = [first, second]
    if typology_section is not None:
        parts.append(
            _("%(chapter)s summarises the latest round of the needs typology.")
            % {"chapter": "{chapter:typology}"}
        )
    parts.append(
        _("The report shows %(figures)s.") % {"figures": front.figures_line(figures, language)}
    )
    parts.append(front.pending_sentences(figures, language))
    if illustrative:
        parts.append(front.illustrative_sentence())
    return tuple(part for part in parts if part)


def _report(figures: Figures, options: ReportOptions, step: Progress) -> Report:
    language = options.language
    step("progress", 30)
    chapters = [
        progress.progress_chapter(figures, language),
        progress.indicator_chapter(figures, language),
        attention.attention_chapter(figures, language),
    ]
    step("typology", 55)
    typology_section, typology_invented = typology.typology_chapter(figures, language)
    step("engagement", 75)
    engagement_section, engagement_invented = engagement.engagement_chapter(figures.year, language)
    chapters += [s for s in (typology_section, engagement_section) if s is not None]
    illustrative = figures.page["illustrative"] or typology_invented or engagement_invented
    plan = pick(figures.plan.title, language)
    organisation = pick(figures.plan.organisation, language)
    title = _("Progress in implementing the %(plan)s") % {"plan": plan}
    notice = ""
    if illustrative:
        notice = _(
            "Illustrative data: some values in this report were invented for the "
            "demonstration and are not official figures."
        )
    report = Report(
        language=language,
        title=title,
        cover=front.cover(figures, language, organisation=organisation, title=title),
        summary=_summary(figures, language, typology_section, illustrative),
        chapters=(front.introduction(figures, language, chapters, illustrative), *chapters),
        annexes=(front.methods_annex(figures, language, illustrative),),
        notice=notice,
        running_title=_("%(plan)s: progress in %(year)s") % {"plan": plan, "year": figures.year},
        words=words(language),
    )
    return numbered(report)


def build_report(options: ReportOptions, step: Progress | None = None) -> tuple[Report, Figures]:
    """The numbered report and the figures it shows. Raises ``ReportError``."""
    if options.language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")

    def report_step(stage: str, percent: int) -> None:
        if step is not None:
            step(stage, percent)

    with translation.override(LANGUAGES[options.language]):
        plan = plan_for(options)
        report_step("figures", 10)
        figures = gather(plan, options)
        return _report(figures, options, report_step), figures
