"""The search parser (validator/mkdocs_plugin/search_parser.py), its tokenizer and its handlers: material's sections,
exactly."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from validator.mkdocs_plugin.search_parser import MATERIAL_HANDLERS, fast_parser, handlers_digest, tokens

from .site_support import article

FastParser = fast_parser(Parser)
ARTICLE = '<article class="md-content__inner md-typeset">'  # the kiosk and the editor are pages of another kind


def _sections(parser_class: type, html: str) -> list[tuple]:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(repr(s), s.id, s.depth, s.title, s.text, s.is_excluded()) for s in parser.data]


def test_every_page_of_the_sample_site_gives_material_s_sections(sample_site) -> None:
    pages = [path for path in sorted(sample_site.out.rglob("index.html")) if ARTICLE in path.read_text(encoding="utf-8")]
    articles = [article(path.read_text(encoding="utf-8")) for path in pages]
    assert len(articles) > 100
    for path, html in zip(pages, articles, strict=True):
        assert tokens(html) is not None, path  # read by the tokenizer, not handed on to HTMLParser
        assert _sections(FastParser, html) == _sections(Parser, html), path


READ = [
    '<h1 id="a">标题 &amp; 名称</h1><p>正文 &lt;b&gt; &#x4E00; &nbsp;x</p>',
    '<H2 ID="b" Class="x">大写</H2><P>段落</P>',
    '<p>换行<br>和<br/>自闭合<img src="a.png" alt="图 &quot;一&quot;"/>，以及 a > b</p>',
    '<div data-search-exclude><h2 id="c">不搜</h2><p>打印</p></div><h2 id="d">搜</h2><p>文字</p>',
    '<details class="note" open>\n<summary>折叠</summary>\n<p>内容</p>\n</details>',
    '<ul>\n<li>一</li>\n<li><code>二</code></li>\n</ul><pre><code>  保留\n  空白</code></pre>',
    '<table>\n<tr>\n<td data-label="列">格</td>\n</tr>\n</table><svg viewBox="0 0 1 1"><path d="M0 0h1"/></svg>',
    '<div><h2 id="e">嵌套标题</h2><p>里</p></div><p>外</p>',
    '前言<h1 id="f">标题</h1>末尾 &amp',
    '<a class="headerlink" href="#g">¶</a><p title="">空</p><p hidden>无值</p>',
    # material's quirks, which the fast handlers keep: elements compare as their tags
    '<div data-search-exclude><div><p>内层结束后</p></div><p>又被索引</p></div><div><p>外</p></div>',
    '<h2 id="h">标题<a class="headerlink" href="#h">¶</a></h2><h3 id="i"><code>代码</code> 标题</h3><p>文</p>',
    '<p> </p><ul><li></li><li> \n </li><li>有</li></ul><p><sub></sub>x<sup>2</sup></p>',
    '<pre>  甲\n\n  乙</pre><p>  丙\n丁  </p>\n\n<p>\n</p>',
    '<div class="linenodiv"><pre>1\n2</pre></div><h2>无编号</h2><p>后</p><h1 id="j">一级</h1>',
    '<section><h2 id="k">深</h2><div><h3 id="l">更深</h3></div><p>回到</p></section><p>之外</p>',
    '<object><p>不读</p></object><p>读</p></li></p>',
]
LEFT_TO_HTMLPARSER = [
    "<p>a < b</p>",
    "<!-- 注释 --><p>x</p>",
    "<script>if (a < b) {}</script><p>x</p>",
    "<style>p > a {}</style><p>x</p>",
    "<p class='单引号'>x</p>",
    "<p class=无引号>x</p>",
    '<p a="1"b="2">x</p>',
    "<!DOCTYPE html><p>x</p>",
    "</p class=\"x\">",
]


def test_the_fast_handlers_are_written_from_the_installed_material() -> None:
    """Else material's own handlers run, correct but slower: compare the new material's Parser, Element and Section
    with _fast_handlers, and give MATERIAL_HANDLERS the new digest."""
    assert handlers_digest(Parser) == MATERIAL_HANDLERS
    assert FastParser.fast_handlers


@pytest.mark.parametrize("html", READ)
def test_regular_markup_is_read_as_htmlparser_reads_it(html: str) -> None:
    assert tokens(html) is not None
    assert _sections(FastParser, html) == _sections(Parser, html)


@pytest.mark.parametrize("html", LEFT_TO_HTMLPARSER)
def test_other_markup_is_left_to_htmlparser(html: str) -> None:
    assert tokens(html) is None
    assert _sections(FastParser, html) == _sections(Parser, html)
