"""Level of detail: what an item draws at a given zoom (levelOfDetailFromTransform).

Zoomed out, labels go first, then small OK nodes; abnormal nodes always keep at
least their coloured mark, so a fault never disappears by zooming out.
"""

from __future__ import annotations

import enum


class Detail(enum.IntEnum):
    HIDDEN = 0  # not drawn at all
    MARK = 1  # outline and state mark, no text
    TITLE = 2  # + the title
    FULL = 3  # + every text line


NODE_FULL = 0.55
NODE_TITLE = 0.3
NODE_MARK = 0.12
BLOCK_FULL = 0.45
BLOCK_TITLE = 0.08


def node_detail(lod: float, abnormal: bool) -> Detail:
    """A device or network node: text only when it can be read."""
    if lod >= NODE_FULL:
        return Detail.FULL
    if lod >= NODE_TITLE:
        return Detail.TITLE
    if lod >= NODE_MARK or abnormal:
        return Detail.MARK
    return Detail.HIDDEN


def block_detail(lod: float) -> Detail:
    """An area, line or machine block: its title is drawn larger when zoomed out."""
    if lod >= BLOCK_FULL:
        return Detail.FULL
    if lod >= BLOCK_TITLE:
        return Detail.TITLE
    return Detail.MARK


def edge_visible(lod: float, abnormal: bool, min_lod: float) -> bool:
    return abnormal or lod >= min_lod
