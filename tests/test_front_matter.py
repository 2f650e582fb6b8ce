"""The front matter of generated HTML pages is read back without a YAML parser (site/blocks.py,
`read_html_front_matter`): what it reads must be what mkdocs' own reader (`meta.get_data`) reads, or nothing."""

from __future__ import annotations

import itertools

from mkdocs.utils import meta

from validator.site.blocks import front_matter, read_html_front_matter

TEXTS = ["个体工商户设立登记", 'a "引号" \\ 反斜杠 \\\\" \\n', "键: 值 # 注释", " 前后空格 ", "{a: [b]}", "'单引号'", "---", "...",
         "😀 表情", "&#60;script&#62;", "", "制表\t符", "回车\r符", "NEL\x85", "BOM\ufeff", "行\u2028分隔", "控制\x01"]


def test_what_is_read_back_is_what_yaml_reads() -> None:
    fast = 0
    for title, description, searchable in itertools.product(TEXTS, TEXTS, (True, False)):
        text = front_matter(title, description=description, searchable=searchable, html=True) + "\n\n<h2 id=\"a\">正文</h2>\n"
        read = read_html_front_matter(text)
        if read is not None:
            fast += 1
            assert read == meta.get_data(text), (title, description)
    assert fast >= len(TEXTS) * 10  # every plain text takes the fast way; line breaks and controls are left to YAML


def test_other_texts_are_left_to_yaml() -> None:
    assert read_html_front_matter("---\ntitle: 首页\n---\n\n# 首页\n") is None  # not written by front_matter(html=True)
    assert read_html_front_matter(front_matter("首页") + "# 首页\n") is None
    assert read_html_front_matter('---\ntitle: "a"\ngenerated: html\nextra: 1\n---\n\nx') is None
