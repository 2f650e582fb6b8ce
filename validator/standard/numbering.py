"""Code arithmetic of the standards: GB 32100 credit codes and the item code lists."""

from __future__ import annotations

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 事项类型 → the two-digit code in basic_code[2:4].
TYPE_CODES = {
    "行政许可": "01", "行政处罚": "02", "行政强制": "03", "行政征收": "04", "行政给付": "05",
    "行政检查": "06", "行政确认": "07", "行政奖励": "08", "行政裁决": "09", "其他行政权力": "10",
    "公共服务": "20",
}

# 行使层级 → the one-digit code in impl_code[18].
LEVEL_CODES = {
    "国家级": "1", "省级": "2", "市级": "3", "县级": "4", "乡镇级": "5", "村级": "6", "分级管理": "7",
}


def uscc_check_char(first17: str) -> str | None:
    """The GB 32100 check character for the first 17 characters, or None if one is not allowed."""
    total = 0
    for char, weight in zip(first17, USCC_WEIGHTS, strict=False):
        value = USCC_CHARSET.find(char)
        if value < 0:
            return None
        total += value * weight
    return USCC_CHARSET[(31 - total % 31) % 31]

