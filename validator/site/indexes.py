"""Browsing pages: guides grouped by 事项类型, by 主题 (个人 / 法人) and by 行使层级 (就近办)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Catalogue, Guide
from ..wording.escape import escape
from . import markup, paths
from .listing import Listing, guide_list
from .markup import heading, para
from .vocabulary import sort_by

PERSONAL = "自然人"
NEAR_HOME = ("乡镇级", "村级")


def for_people(guide: Guide) -> bool:
    return PERSONAL in guide.audience


def for_organisations(guide: Guide) -> bool:
    return any(a != PERSONAL for a in guide.audience)


def group(guides: Iterable[Guide], keys: Callable[[Guide], Iterable[str]], element: str) -> dict[str, list[Guide]]:
    """Guides under each value of an element, values in the standard's order."""
    found: dict[str, list[Guide]] = {}
    for guide in guides:
        for key in keys(guide):
            found.setdefault(key, []).append(guide)
    return {key: found[key] for key in sort_by(list(found), element)}


def theme_anchor(audience: str, theme: str) -> str:
    """The id of a theme's heading on the themes page; 个人 and 法人 lists each have their own."""
    return f"{audience}-{theme}"


def _sections(source: str, groups: dict[str, list[Guide]], level: int, anchor: Callable[[str], str],
              listing: Listing | None) -> list[str]:
    return [heading(level, f"{escape(key)}（{len(guides)} 项）", escape(anchor(key))) + "\n" + guide_list(guides, source, listing)
            for key, guides in groups.items()]


def types_page(catalogue: Catalogue, listing: Listing | None = None) -> str:
    groups = group(catalogue.guides, lambda g: [g.type], "type")
    return markup.page("按事项类型", heading(1, "按事项类型浏览"), para("事项类型按国家标准分为行政许可、行政确认、公共服务等。"),
                       *_sections(paths.TYPES, groups, 2, lambda key: key, listing))


def themes_page(catalogue: Catalogue, listing: Listing | None = None) -> str:
    parts = [heading(1, "按主题浏览"), para("按人生事件（个人办事）和经营活动（法人办事）查找要办的事。")]
    for title, audience, wanted in (("个人办事", "个人", for_people), ("法人办事", "法人", for_organisations)):
        groups = group(filter(wanted, catalogue.guides), lambda g: g.themes or ("其他",), "theme")
        parts.append(heading(2, title, audience))
        parts += _sections(paths.THEMES, groups, 3, lambda key, a=audience: theme_anchor(a, key), listing)
    return markup.page("按主题", *parts)


def levels_page(catalogue: Catalogue, listing: Listing | None = None) -> str:
    groups = group(catalogue.guides, lambda g: [g.level], "level")
    near = sum(len(groups.get(level, [])) for level in NEAR_HOME)
    intro = (f"乡镇级、村级事项共 {near} 项，可以在家门口的乡镇（街道）便民服务中心、村（社区）便民服务站办理；"
             "县级事项到县政务服务中心或网上办理。")
    return markup.page("就近办", heading(1, "按行使层级浏览（就近办）"), para(intro), *_sections(paths.LEVELS, groups, 2, lambda key: key, listing))
