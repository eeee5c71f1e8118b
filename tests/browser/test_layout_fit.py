"""What the demo institute's pages draw fits where it is drawn: names on the chains diagram
stand clear of each other, and tables stay inside their cards.

Both read the page as the browser laid it out, at a laptop's 1366 px (and a phone's width for
the diagram), with no waiting other than for the page and the chart to be ready.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, ViewportSize

from liaison.centers.models import Center
from liaison.demo.loader import load_demo

LAPTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}

CHART_DRAWN = """() => {
    const box = document.getElementById("chains-diagram");
    const chart = window.echarts && echarts.getInstanceByDom(box);
    return !!chart && chart.getZr().animation.isFinished();
}"""

# Every piece of text the chart drew and shows (zrender draws a text as one span a line; a
# label hidden because it overlapped is `ignore`d), with its box on the canvas.
DRAWN_TEXTS = """() => {
    const chart = echarts.getInstanceByDom(document.getElementById("chains-diagram"));
    const shown = chart.getZr().storage.getDisplayList(true).filter(
        el => el.type === "tspan" && !el.ignore && !el.invisible && el.style.opacity !== 0
              && el.style.text);
    return {
        names: chart.getOption().series[0].data.filter(n => n.name).map(n => n.name),
        texts: shown.map(el => {
            const r = el.getBoundingRect().clone();
            r.applyTransform(el.getComputedTransform());
            return {text: el.style.text, x: r.x, y: r.y, width: r.width, height: r.height};
        }),
    };
}"""


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _named(name: str, texts: set[str]) -> bool:
    """`name` is written whole, or cut short with an ellipsis where its cell ends."""
    return name in texts or any(
        t.endswith("...") and len(t) > 3 and name.startswith(t[:-3]) for t in texts
    )


def test_chains_diagram_names_every_record_with_no_two_names_overlapping(
    staff_page: Page,
) -> None:
    page = staff_page
    load_demo(scale=1, progress=False)
    overlaps: list[str] = []
    unnamed: list[str] = []

    def check(center: Center, viewport: ViewportSize, motion: str) -> int:
        """Draw the center's diagram; note overlaps and names missing; the names drawn."""
        page.set_viewport_size(viewport)
        page.goto(reverse("centers:center_chains", args=[center.pk]))
        page.wait_for_function(CHART_DRAWN)
        drawn = page.evaluate(DRAWN_TEXTS)
        texts = drawn["texts"]
        where = f"{center} at {viewport['width']} px ({motion})"
        overlaps.extend(
            f"{where}: {a['text']!r} over {b['text']!r}"
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
            if _overlap(a, b)
        )
        written = {t["text"] for t in texts}
        unnamed.extend(f"{where}: {name!r}" for name in drawn["names"] if not _named(name, written))
        return len(drawn["names"])

    # Every center drawn still, as for a person who asks for reduced motion: the chart is at
    # its end at once instead of after a second of animation...
    page.emulate_media(reduced_motion="reduce")
    names = {
        center: sum(check(center, viewport, "still") for viewport in (LAPTOP, PHONE))
        for center in Center.objects.order_by("pk")
    }
    # ...and the busiest one animated too, as most people see it, to the same end.
    page.emulate_media(reduced_motion="no-preference")
    busiest = max(names, key=lambda center: names[center])
    for viewport in (LAPTOP, PHONE):
        check(busiest, viewport, "animated")

    assert not overlaps, "names drawn over each other:\n" + "\n".join(overlaps)
    assert not unnamed, "records drawn without their name:\n" + "\n".join(unnamed)


# Each table on the page that sticks out of its card (of the window if it is in none), or out
# of the box that scrolls it sideways: a table hidden in part behind a scroll bar at a laptop's
# width sticks out as much as one drawn over the card's edge.
TABLES_OUT_OF_THEIR_CARDS = """() => {
    const scrolls = el => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    const inside = (r, b) => r.left >= b.left - 0.5 && r.right <= b.right + 0.5;
    const out = [];
    for (const table of document.querySelectorAll("main table")) {
        if (!table.getClientRects().length) continue;  // not drawn: in a closed <details>
        const card = table.closest(".card");
        const bound = card ? card.getBoundingClientRect()
                           : {left: 0, right: document.documentElement.clientWidth};
        let clip = table.parentElement;
        while (clip && clip !== card && !scrolls(clip)) clip = clip.parentElement;
        const boxes = [table.getBoundingClientRect()];
        if (clip && clip !== card) boxes.push(clip.getBoundingClientRect());
        const fits = inside(boxes[0], boxes[boxes.length - 1]) && boxes.every(r => inside(r, bound));
        if (!fits) {
            const r = boxes[0];
            const name = table.querySelector("caption, th")?.textContent.trim().slice(0, 40);
            out.push(`${name}: ${Math.round(r.width)} px wide in a card of `
                     + `${Math.round(bound.right - bound.left)} px`);
        }
    }
    return out;
}"""

# The records the first row of a list links to: its own, and those in its other columns.
FIRST_ROW_RECORDS = """() => Array.from(
    document.querySelectorAll("main table tbody tr:first-child a[href]"),
    link => link.getAttribute("href"))"""


def _list_pages() -> list[str]:
    """The list page of each app: every named route ending in `_list` that takes no argument."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: list[str] = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                    walk(pattern, inner)
            elif (
                isinstance(pattern, URLPattern)
                and (pattern.name or "").endswith("_list")
                and not pattern.pattern.regex.groups
            ):
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver(), "")
    return [reverse(name) for name in sorted(names)]


def test_tables_stay_inside_their_cards_at_1366_px(staff_page: Page) -> None:
    page = staff_page
    load_demo(scale=1, progress=False)
    page.set_viewport_size(LAPTOP)
    lists = _list_pages()
    assert len(lists) >= 8, lists
    out: list[str] = []

    records: list[str] = []
    for url in lists:
        page.goto(url)
        out += [f"{url}: {table}" for table in page.evaluate(TABLES_OUT_OF_THEIR_CARDS)]
        records += [url for url in page.evaluate(FIRST_ROW_RECORDS) if url not in records]
    assert len(records) >= 8, records
    for url in records:
        page.goto(url)
        out += [f"{url}: {table}" for table in page.evaluate(TABLES_OUT_OF_THEIR_CARDS)]

    assert not out, "tables sticking out of their cards at 1366 px:\n" + "\n".join(out)
