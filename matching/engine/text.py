"""Chinese text for matching: jieba segmentation with a domain dictionary of industrial terms.

The dictionary ships with jieba (no download); domain words are added once per process. Tokens
go into a ``simple``-configuration tsvector for candidate retrieval in PostgreSQL and into a
TF-IDF model for scoring.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

DOMAIN_WORDS = (
    "液压件", "液压油缸", "液压缸", "油缸", "阀块", "液压阀", "液压泵", "柱塞泵", "齿轮泵", "马达", "减速机",
    "回转支承",
    "轴承", "齿轮", "变速箱", "底盘", "驾驶室", "结构件", "焊接件", "铸件", "锻件", "铸锻件", "钣金件", "机加工件",
    "电机", "牵引电机", "永磁电机", "线束", "连接器", "电缆", "绝缘子", "变压器", "开关柜", "断路器", "互感器",
    "IGBT", "功率模块", "芯片", "模组", "传感器", "控制器", "PLC", "伺服", "电路板", "PCB",
    "正极材料", "负极材料", "三元前驱体", "磷酸铁锂", "电解液", "隔膜", "电芯", "电池包", "储能柜",
    "硬质合金", "数控刀片", "刀具", "棒材", "钨粉", "碳化钨",
    "制动盘", "闸瓦", "弹性车轮", "轮对", "转向架", "车体", "受电弓", "空调机组",
    "叶片", "机匣", "涡轮盘", "起落架", "复合材料", "钛合金",
    "泵车", "挖掘机", "起重机", "盾构机", "掘进机", "高空作业平台", "混凝土泵",
    "注塑件", "冲压件", "热处理", "表面处理", "喷涂", "电镀", "精密铸造", "数控加工",
    "原料药", "中间体", "医疗器械", "无菌包装",
)
STOP = frozenset((
    "的", "和", "与", "及", "或", "等", "用", "于", "为", "在", "是", "有", "可", "对",
    "个", "件", "套", "台", "各", "类", "种", "型", "我", "司",
    "公司", "生产", "提供", "需要", "采购", "要求", "相关", "产品",
))
_TOKEN = re.compile(r"^[\w\-\.]+$")
_lock = threading.Lock()
_ready = False
_extra: set[str] = set()


def register_words(words: Iterable[str]) -> None:
    """Words a domain teaches the segmenter (materials, processes, product names), added before
    the first segmentation or at once if it already ran."""
    new = {w for w in words if w and len(w) > 1} - _extra
    if not new:
        return
    with _lock:
        _extra.update(new)
        if _ready:
            import jieba

            for word in sorted(new):
                jieba.add_word(word, freq=20000)


def _init() -> None:
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        for word in (*DOMAIN_WORDS, *sorted(_extra)):
            jieba.add_word(word, freq=20000)
        jieba.initialize()
        _ready = True


def tokens(text: str) -> list[str]:
    """Search-mode tokens of ``text``: lower-cased, punctuation and stop words dropped, in order,
    duplicates removed (``"高精度液压油缸"`` → ``["精度", "高精度", "液压", "油缸", "液压油缸"]``)."""
    _init()
    import jieba

    seen: dict[str, None] = {}
    for raw in jieba.cut_for_search(text or ""):
        token = raw.strip().lower()
        if (len(token) < 2 and not token.isdigit()) or token in STOP or not _TOKEN.match(token):
            continue
        seen.setdefault(token, None)
    return list(seen)


def search_text(*parts: str) -> str:
    """The space-separated tokens stored for ``to_tsvector('simple', …)``."""
    return " ".join(tokens(" ".join(p for p in parts if p)))
