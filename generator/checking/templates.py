"""A round's own templates (``kpi_data/<round>/templates/<name>.docx``, a stock template copied and changed
in Word) checked against the round's data by ``make check``:

- E712: the template cannot be used (not a Word file, a tag split over paragraphs, a malformed tag);
- E713: a value it prints that the round's data does not give (the build would stop on it);
- W713: a value the stock template prints that this one leaves out (said, in case it was by mistake);
- W714: a file no document of the round is made from (a misspelt name, or a document the round does not make).
"""
from __future__ import annotations

import re

from jinja2 import nodes

from .rules import rule
from ..base.diagnostics import Location, Report
from ..base.errors import UserError
from ..reading.model import Round

_CODE = re.compile(r"\s*\(E71\d\)")


def used_values(source: str, env) -> set[str]:
    """The dotted paths of the values a template prints or tests, loops as ``[]``, loop variables resolved.

    >>> from generator.documents.render import environment
    >>> sorted(used_values("{% for k in agreement.kpis %}{{ k.name }}{{ loop.index }}{% endfor %}{{ x|upper }}",
    ...                    environment()))
    ['agreement.kpis', 'agreement.kpis[].name', 'x']
    """
    found: set[str] = set()
    ignored = set(env.globals)

    def path(node, scope) -> str | None:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, node.name) if node.name not in ignored else None
        if isinstance(node, nodes.Getattr):
            base = path(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = path(node.node, scope)
            if base and isinstance(node.arg, nodes.Const):
                return f"{base}[]" if isinstance(node.arg.value, int) else f"{base}.{node.arg.value}"
            return base
        return None

    def walk(node, scope) -> None:
        if isinstance(node, nodes.For):
            walk(node.iter, scope)
            inner = dict(scope, loop=None)
            source = path(node.iter, scope)
            targets = [node.target] if isinstance(node.target, nodes.Name) else list(node.target.items) \
                if isinstance(node.target, nodes.Tuple) else []
            for target in targets:
                inner[target.name] = f"{source}[]" if source and len(targets) == 1 else None
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                walk(child, inner)
            return
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            walk(node.node, scope)
            scope[node.target.name] = None
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)) and \
                not (isinstance(node, nodes.Name) and node.ctx != "load"):
            found_path = path(node, scope)
            if found_path and not found_path.startswith("loop"):
                found.add(found_path)
            if isinstance(node, nodes.Getitem):
                walk(node.arg, scope)
            return
        for child in node.iter_child_nodes():
            walk(child, scope)

    walk(env.parse(source), {})
    return {p for p in found if p and not p.startswith("None")}


def _plain(path: str) -> str:
    return path.replace("[]", "")


def lacking(used: set[str], available: set[str]) -> list[str]:
    """The used paths the context does not give: neither a value nor the start of one.

    >>> lacking({"office.name", "office.fax_number", "kpis[].name", "kpis"}, {"office.name", "kpis[].name"})
    ['office.fax_number']
    """
    given = {_plain(p) for p in available}
    prefixes = {g.rsplit(".", n)[0] for g in given for n in range(1, g.count(".") + 1)}
    return sorted(p for p in used if _plain(p) not in given and _plain(p) not in prefixes)


@rule
def round_templates_match_data(round_: Round, report: Report) -> None:
    """E712, E713, W713, W714: a round's own templates, against its data and the stock templates."""
    from ..documents import plan
    from ..documents.job import context_paths
    from ..base.paths import TEMPLATES
    from ..documents.render import ROUND_TEMPLATES, Renderer

    folder = round_.folder / ROUND_TEMPLATES
    if not folder.is_dir():
        return
    renderer = Renderer(TEMPLATES).for_round(round_.folder)
    stock = Renderer(TEMPLATES)
    contexts: dict[str, list[dict]] = {}
    try:
        for job in plan(round_):
            contexts.setdefault(job.template, []).append(job.context)
    except Exception:  # a round the other rules refuse: they say why
        return
    for path in sorted(folder.glob("*.docx")):
        if path.name.startswith("~$"):
            continue  # Word's lock file while the template is open
        where = Location(path)
        if path.name not in contexts:
            report.add("W714", where, f"ไม่มีเอกสารใดของรอบนี้สร้างจากแม่แบบ {path.name} (ชื่อไฟล์ต้องตรงกับแม่แบบใน "
                       f"letter_templates/ เช่น circular.docx)",
                       f"no document of this round is made from {path.name} (the name must be a stock "
                       f"template's, e.g. circular.docx)")
            continue
        try:
            own = used_values(renderer.template(path.name).source, renderer.env)
        except UserError as error:
            report.add("E712", where, _CODE.sub("", error.thai), _CODE.sub("", error.english))
            continue
        except Exception as error:  # a Jinja syntax error found only by parsing
            report.add("E712", where, f"แม่แบบใช้ไม่ได้: {error}", f"the template cannot be used: {error}")
            continue
        available = {p for c in contexts[path.name] for p in context_paths(c)}
        for name in lacking(own, available):
            report.add("E713", where, f"แม่แบบ {path.name} ใช้ค่า '{name}' ซึ่งข้อมูลของรอบไม่มี (ชื่อตัวแปรผิด หรือข้อมูลขาด "
                       "ดูชื่อที่ใช้ได้ใน letter_templates/GUIDE.md)",
                       f"template {path.name} uses '{name}', which the round's data does not give (a misspelt "
                       "variable or missing data; letter_templates/GUIDE.md lists the names)")
        try:
            original = used_values(stock.template(path.name).source, stock.env)
        except Exception:
            continue
        left_out = sorted(_plain(p) for p in original - own if _plain(p) not in {_plain(o) for o in own})
        if left_out:
            report.add("W713", where, f"แม่แบบ {path.name} ของรอบไม่พิมพ์ค่าที่แม่แบบต้นฉบับพิมพ์: {', '.join(left_out)}",
                       f"the round's {path.name} leaves out what the stock template prints: {', '.join(left_out)}")
