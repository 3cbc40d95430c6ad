"""Reference tables for people who edit templates, made from the code so they stay true."""
from __future__ import annotations

from jinja2 import Environment

from .thai.filters import FILTERS, jinja_filters, jinja_globals


def filter_examples() -> list[tuple[str, str, str]]:
    """(template expression, its output, summary) for every filter."""
    env = Environment(autoescape=True)
    env.filters.update(jinja_filters())
    env.globals.update(jinja_globals())
    return [(f.example, env.from_string(f.example).render(), f.summary) for f in FILTERS]


def filter_table(markdown: bool = False) -> str:
    rows = filter_examples()
    if markdown:
        lines = ["| ในแม่แบบ / in a template | ผลลัพธ์ / output | ใช้ทำอะไร / what for |", "|---|---|---|"]
        # a | inside a table cell must be escaped, even inside code
        lines += [f"| `{example.replace('|', chr(92) + '|')}` | {output} | {summary} |" for example, output, summary in rows]
        return "\n".join(lines)
    width = max(len(example) for example, _, _ in rows)
    return "\n".join(f"{example:<{width}}  →  {output}    ({summary})" for example, output, summary in rows)
