"""Numbers, money and durations as people in a control room read them."""

from __future__ import annotations


def eur(amount: float, per_hour: bool = False) -> str:
    """'EUR 11,400' (no decimals: rates and costs are estimates)."""
    text = f"EUR {amount:,.0f}"
    return f"{text}/hour" if per_hour else text


def duration(seconds: float) -> str:
    """'3 min 12 s', '2 h 5 min', '45 s'."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
