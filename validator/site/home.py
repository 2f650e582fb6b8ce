"""The home page: the search box first, then 个人办事 / 法人办事 by theme, then departments."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import UsageError
from ..model import Catalogue, Guide
from ..wording.escape import attribute, escape
from . import blocks, paths
from .indexes import for_organisations, for_people, group, theme_anchor

# A plain GET form: material's search opens with the `q` parameter filled in, and without
# JavaScript the form still leads somewhere sensible (this page, or the Pagefind backend's search/).
# `data-guides-search` is where the Pagefind backend mounts its UI (site/assets/guides-search.js).
_SEARCH_FORM = """<div class="guides-search" data-guides-search>
<form class="home-search" action="{action}" method="get" role="search">
<label for="home-search-input">搜索办事指南</label>
<input id="home-search-input" name="q" type="search" placeholder="{placeholder}" autocomplete="off">
<button type="submit" class="md-button md-button--primary">搜索</button>
</form>
</div>"""
HOME_ACTION = "."


def search_form(action: str, placeholder: str) -> str:
    return _SEARCH_FORM.format(action=action, placeholder=attribute(placeholder))


def home_page(catalogue: Catalogue, *, site_name: str, popular: Sequence[str] = ()) -> str:
    example = "例如：" + "、".join(g.name for g in catalogue.guides[:3]) if catalogue.guides else "输入事项名称"
    return blocks.page(
        "",  # the home page's tab title is the site name alone
        f"# {escape(site_name)}",
        search_form(HOME_ACTION, example),
        _popular(catalogue, popular),
        _themes("个人办事", "个人", catalogue, for_people),
        _themes("法人办事", "法人", catalogue, for_organisations),
        _departments(catalogue),
        "## 更多查找方式\n\n" + blocks.bullets([
            f"[按事项类型]({paths.href(paths.HOME, paths.TYPES)})",
            f"[就近办（按行使层级）]({paths.href(paths.HOME, paths.LEVELS)})",
            f"[开放数据]({paths.href(paths.HOME, paths.OPEN_DATA)})",
        ]),
    )


def _themes(title: str, audience: str, catalogue: Catalogue, wanted: Callable[[Guide], bool]) -> str:
    groups = group(filter(wanted, catalogue.guides), lambda g: g.themes, "theme")
    links = [f"[{escape(theme)}（{len(guides)}）]({paths.href(paths.HOME, paths.THEMES, theme_anchor(audience, theme))})"
             for theme, guides in groups.items()]  # in the standard's order, as on 按主题
    return f"## {title}\n\n" + (_tiles(links) if links else "暂无事项。")


def _tiles(links: list[str]) -> str:
    """Links as large tiles (a grid on wide screens, big targets on a phone)."""
    return '<div class="home-tiles" markdown>\n\n' + blocks.bullets(links) + "\n\n</div>"


def _popular(catalogue: Catalogue, ids: Sequence[str]) -> str:
    """常办事项: the guides the service centre lists (the plugin's `popular` option), in its order."""
    unknown = [id for id in ids if catalogue.guide(id) is None]
    if unknown:
        raise UsageError("mkdocs.yml 中 guides 插件的 popular（常办事项）列出的事项不存在：" + "、".join(unknown)
                         + "。写成「部门文件夹/文件名」，例如 gongan/jumin-shenfenzheng-huanling。")
    found = [g for g in map(catalogue.guide, ids) if g is not None]
    if not found:
        return ""
    return "## 常办事项\n\n" + _tiles([f"[{escape(g.name)}]({paths.href(paths.HOME, paths.guide_page(g))})" for g in found])


def _departments(catalogue: Catalogue) -> str:
    links = [f"[{escape(d.short_name)}]({paths.href(paths.HOME, paths.department_page(d.id))})"
             for d in sorted(catalogue.departments.values(), key=lambda d: d.id)]
    return "## 按部门\n\n" + blocks.bullets(links)
