"""Stage 4 of a build: render a planned document with its Word template.

One Jinja environment for every template: sandboxed (a template edited in Word is
not trusted code), autoescaping (an "&" or "<" in data would otherwise break the
XML and silently drop text or whole tables), and strict (a missing value is an
error naming the template and the variable, never a hole or "None"). Data is
only ever a value in a template, never a template itself.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import ooxml
from .documents.job import DocumentJob, Image
from .errors import UserError
from .thai.filters import jinja_filters, jinja_globals


def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(jinja_filters())
    env.globals.update(jinja_globals())
    return env


class Renderer:
    def __init__(self, templates: Path, author: str = ""):
        self.templates = templates
        self.env = environment()
        self.author = author

    def render(self, job: DocumentJob) -> bytes:
        """The finished .docx of a job, as bytes."""
        path = self.templates / job.template
        if not path.is_file():
            raise UserError(f"ไม่พบแม่แบบ {path.name} ใน letter_templates/ (สร้างใหม่ด้วย python -m generator templates --restore)",
                            f"template {path.name} not found in letter_templates/ (restore it with "
                            "python -m generator templates --restore)")
        template = DocxTemplate(path)
        context = _materialize(job.context, template)
        try:
            template.render(context, self.env, autoescape=True)
        except UndefinedError as error:
            name = _variable(str(error))
            raise UserError(f"แม่แบบ {path.name}: ไม่มีค่าของ '{name}' (ชื่อตัวแปรผิด หรือข้อมูลขาด)",
                            f"template {path.name}: no value for '{name}' (a misspelt variable or missing data)")
        except TemplateSyntaxError as error:
            near = " ".join(line.strip() for line in getattr(error, "docx_context", []) if line.strip())[:120]
            raise UserError(f"แม่แบบ {path.name}: แท็กผิดรูปแบบ: {error.message} ใกล้ข้อความ \"{near}\"",
                            f"template {path.name}: malformed tag: {error.message} near \"{near}\"")
        except TemplateError as error:
            raise UserError(f"แม่แบบ {path.name}: {error}", f"template {path.name}: {error}")
        document = template.docx
        ooxml.apply_all(document, title=job.title, author=self.author)
        buffer = io.BytesIO()
        document.save(buffer)
        return ooxml.deterministic_zip(buffer.getvalue())


def _variable(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return match.group(1) if match else message


def _materialize(value, template: DocxTemplate):
    """Pictures become docxtpl InlineImages bound to this template; the rest is kept."""
    if isinstance(value, Image):
        source = value.path if value.path is not None else io.BytesIO(value.data)
        return InlineImage(template, source, height=Cm(value.height_cm))
    if isinstance(value, dict):
        return {key: _materialize(item, template) for key, item in value.items()}
    if isinstance(value, list):
        return [_materialize(item, template) for item in value]
    return value
