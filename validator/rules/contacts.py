"""Contacts: a complaint channel independent of the office complained about, and dialable phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Example, Severity
from ..model import Guide
from .base import Context, Finding, guide_rule

HOTLINE = re.compile(r"^123\d\d$")  # 12345, 12315, 12333, 12348 …: public hotlines, dialled without area code
_DIALABLE = (
    re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$"),  # 0799-6212345, 010-12345678, with an optional extension
    HOTLINE,
    re.compile(r"^1\d{10}$"),  # mobile
    re.compile(r"^[48]00-?\d{3}-?\d{4}$"),  # nationwide 400/800 service numbers
)


def _digits(phone: str) -> str:
    return phone.replace("-", "")


def dialable(phone: str) -> bool:
    return any(pattern.match(phone) for pattern in _DIALABLE)


@guide_rule("P601", "咨询电话和投诉电话相同", Severity.WARNING, (
    "投诉是对办事部门的监督，投诉电话应当是法制、监察等另一个科室（或 12345 热线），"
    "不能就是办事窗口自己的咨询电话。12345、12315 这类公共服务热线本来就同时受理咨询和投诉，不算重复。"),
    reads=("contacts",),
    bad=Example("contacts:\n  consult: [{label: 登记注册股, phone: 0799-6212315}]\n  complaint: [{label: 登记注册股, phone: 0799-6212315}]", line=3),
    good=Example("contacts:\n  consult: [{label: 登记注册股, phone: 0799-6212315}]\n  complaint: [{label: 法制股, phone: 0799-6212318}]"))
def complaint_differs_from_consult(guide: Guide, context: Context) -> Iterator[Finding]:
    consult = {_digits(c.phone): c.label for c in guide.contacts.consult if c.phone}
    for index, contact in enumerate(guide.contacts.complaint):
        if contact.phone and not HOTLINE.match(contact.phone) and _digits(contact.phone) in consult:
            yield Finding(("contacts", "complaint", index, "phone"),
                          f"投诉电话 {contact.phone}（{contact.label}）与咨询电话（{consult[_digits(contact.phone)]}）相同。",
                          "投诉电话写本部门法制、监察科室的电话，或者 12345 政务服务便民热线。")


def _phones(guide: Guide) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for kind in ("consult", "complaint"):
        for index, contact in enumerate(getattr(guide.contacts, kind)):
            if contact.phone:
                yield ("contacts", kind, index, "phone"), contact.phone
    for index, location in enumerate(guide.locations):
        if location.phone:
            yield ("locations", index, "phone"), location.phone


@guide_rule("P602", "电话号码没有区号或格式不对", Severity.WARNING, (
    "指南会被外地群众和网站读者看到，固定电话必须带区号，写成“区号-号码”（如 0799-6212345，分机写在后面："
    "0799-6212345-801）。12345、12315 等 123xx 公共服务热线、11 位手机号码和 400/800 号码不需要区号。"),
    reads=("contacts", "locations[].phone"),
    bad=Example("phone: \"6212345\"", into="locations[0]"), good=Example("phone: 0799-6212345", into="locations[0]"))
def phone_has_area_code(guide: Guide, context: Context) -> Iterator[Finding]:
    for path, phone in _phones(guide):
        if dialable(phone):
            continue
        digits = _digits(phone)
        if digits.startswith("0") and 10 <= len(digits) <= 12 and "-" not in phone:
            problem = "区号和号码之间没有短横线"
        elif not digits.startswith("0") and 7 <= len(digits) <= 8:
            problem = "没有区号"
        else:
            problem = "不是有效的电话号码格式"
        yield Finding(path, f"电话「{phone}」{problem}。",
                      "写成「区号-号码」，例如 0799-6212345；公共服务热线写 12345 这样的 5 位号码。")


RULES = (complaint_differs_from_consult, phone_has_area_code)  # listed in check/registry.py
