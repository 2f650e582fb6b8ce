"""Plain words for the standard's terms: what a citizen reads first, with the official term kept on hand.

One place for this vocabulary, so that the page, the print sheet and the situation chooser say the same thing.
A term missing here is shown as the standard writes it.
"""

from __future__ import annotations

# 服务对象: who may apply.
AUDIENCE = {
    "自然人": "个人", "企业法人": "企业", "事业法人": "事业单位", "社会组织法人": "社会组织",
    "非法人企业": "个体户、合伙企业等", "行政机关": "机关", "其他组织": "其他组织",
}
# 网上办理深度: what the citizen can do online, and what that means for the trip.
ONLINE = {
    "全程网办": "网上办，不用跑",
    "原件预审": "网上先交材料预审，到窗口时带原件",
    "原件核验": "网上申请，到窗口核验原件",
    "不支持网办": "只能到窗口办理",
}
# 必要性 of a material.
NECESSITY = {"必要": "必须提供", "非必要": "按情况提供", "容缺后补": "可以先办理，之后补交"}
# 来源渠道: only what tells the applicant something (其他 says nothing).
SOURCE = {"电子证照调取": "可由电子证照调取，不用带", "政府部门核发": "由政府部门核发"}


def plain(vocabulary: dict[str, str], term: str | None) -> str:
    """The plain words for `term`, or the term itself."""
    return vocabulary.get(term or "", term or "")
