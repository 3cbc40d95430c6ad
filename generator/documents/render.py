"""Stage 4 of a build: render planned documents with their Word templates.

One Jinja environment for every template: sandboxed (a template edited in Word is
not trusted code), autoescaping (an "&" or "<" in data would otherwise break the
XML and silently drop text or whole tables), and strict (a missing value is an
error naming the template and the variable, never a hole or "None"). Data is
only ever a value in a template, never a template itself.

docxtpl re-reads and re-compiles its template for every document (25–40 ms each).
Here a template is prepared once per build: the OOXML fixes applied to it (rows,
runs and paragraphs that loops copy carry them), docxtpl's tag clean-up done, the
Jinja compiled. Each document is then the rendered XML written into a copy of the
template's package, with fixed zip times: the same inputs give the same bytes.
"""
from __future__ import annotations

import copy
import hashlib
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .. import ooxml
from ..ooxml import revisions
from .job import DocumentJob, Image
from ..base.errors import UserError
from ..thai.filters import jinja_filters, jinja_globals

DOCUMENT = "word/document.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
_TYPED_BREAK = re.compile(r"<w:t(?: [^>]*)?>[^<]*\n")
SETTINGS = "word/settings.xml"


ROUND_TEMPLATES = "templates"  # a round's own templates: kpi_data/<round>/templates/<name>.docx
MAX_RANGE = 10_000  # loops run over districts (878 at most) and rows, never more
MAX_SEQUENCE = 1_000_000  # characters or items one expression may make
MAX_DOCUMENT_XML = 50 * 1024 * 1024  # a rendered document.xml; real ones are under 2 MB
MAX_TEMPLATE_XML = 20 * 1024 * 1024


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with every way a template could ask for gigabytes refused:
    ``range(10**9)``, ``'x' * 10**10``, ``10 ** 10 ** 10``, ``'x'.center(10**10)``."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and _whole(left) and _whole(right) and (
                right > 1000 or abs(left).bit_length() * max(right, 0) > 4096):
            raise SecurityError(f"{left} ** {right} ใหญ่เกิน / is too large")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and _whole(count) and len(sequence) * count > MAX_SEQUENCE:
                    raise SecurityError(f"การคูณข้อความหรือรายการได้ผลยาวเกิน {MAX_SEQUENCE:,} / "
                                        f"repeating text or a list beyond {MAX_SEQUENCE:,} items")
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, *args, **kwargs):
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (str, list, tuple)) and any(
                _whole(a) and a > MAX_SEQUENCE for a in [*args, *kwargs.values()]):
            raise SecurityError(f"ค่า {max(a for a in args if _whole(a)):,} ใหญ่เกิน / is too large")
        return super().call(context, obj, *args, **kwargs)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bounded_range(*args):
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() ยาว {len(numbers):,} เกิน {MAX_RANGE:,} / "
                            f"range() of {len(numbers):,} items, more than {MAX_RANGE:,}")
    return numbers


def environment() -> ImmutableSandboxedEnvironment:
    env = BoundedSandbox(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(jinja_filters())
    env.globals.update(jinja_globals())
    env.globals["range"] = _bounded_range
    return env


class _Picture:
    """An image in a template: becomes a w:drawing run when the template prints it."""

    def __init__(self, image: Image, rendering: "_Rendering"):
        self.image, self.rendering = image, rendering

    def __html__(self) -> str:
        return self.rendering.picture_xml(self.image)

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return True


class _Rendering:
    """Pictures added while rendering one document: their parts and relationships."""

    def __init__(self):
        self.media: dict[str, bytes] = {}
        self.relationships: list[tuple[str, str]] = []

    def picture_xml(self, image: Image) -> str:
        from docx.image.image import Image as ImageInfo
        from docx.oxml.shape import CT_Inline
        from docx.shared import Cm

        blob = image.data if image.data is not None else Path(image.path).read_bytes()
        info = ImageInfo.from_blob(blob)
        number = len(self.relationships) + 1
        rid = f"rIdCdd{number}"
        name = f"media/cdd-image{number}.{info.ext}"
        self.media[f"word/{name}"] = blob
        self.relationships.append((rid, name))
        height = int(Cm(image.height_cm))
        width = int(height * info.px_width / info.px_height * (info.vert_dpi / info.horz_dpi))
        inline = CT_Inline.new_pic_inline(1000 + number, rid, f"image{number}.{info.ext}", width, height)
        drawing = etree.tostring(inline, encoding="unicode")
        return ('</w:t></w:r><w:r><w:drawing>' + drawing + '</w:drawing></w:r><w:r><w:t xml:space="preserve">')


class CompiledTemplate:
    """A Word template made ready once, rendered many times."""

    def __init__(self, path: Path, env):
        self.path = path
        _check_package_size(path)
        data = path.read_bytes()
        self.sha = hashlib.sha256(data).hexdigest()
        self.parts = ooxml.read_package(_prepared_package(path, data, self.sha))
        xml = self.parts[DOCUMENT].decode("utf-8")
        start = xml.index("<w:body>") + len("<w:body>")
        end = xml.rindex("</w:body>")
        self.head, self.tail = xml[:start], xml[end:]
        broken = revisions.broken_tags(xml[start:end])
        if broken:
            raise UserError(
                f"แม่แบบ {path.name}: แท็ก {broken[0]} ถูกแบ่งอยู่คนละย่อหน้า คนละช่องตาราง หรือในลิงก์/ฟิลด์ (E710) "
                "ให้เปิดแม่แบบใน Word ลบแท็กนี้ทั้งแท็ก แล้วพิมพ์ใหม่ในย่อหน้าเดียวโดยไม่กด Enter",
                f"template {path.name}: the tag {broken[0]} is split over paragraphs, table cells, or a link or "
                "field (E710); open the template in Word, delete the whole tag and type it again within one "
                "paragraph, without Enter")
        self.fixed_length = revisions.fixed_text_length(ooxml.paragraphs.texts_of_paragraphs(
            etree.fromstring(self.parts[DOCUMENT])))
        body = DocxTemplate.patch_xml(None, xml[start:end])
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", body)  # as docxtpl does, so {%p %} lines resolve
        self.source = body  # the Jinja source, for make check's list of the values a template uses
        body = template_escapes(body)
        try:
            self.body = env.from_string(body)
        except TemplateSyntaxError as error:
            near = re.sub(r"<[^>]+>", "", "\n".join(body.splitlines()[max(0, error.lineno - 3): error.lineno + 2]))
            raise UserError(
                f"แม่แบบ {path.name}: แท็กผิดรูปแบบ: {error.message} ใกล้ข้อความ \"{' '.join(near.split())[:120]}\"",
                f"template {path.name}: malformed tag: {error.message} near \"{' '.join(near.split())[:120]}\"")

    def render(self, context: dict, title: str, author: str = "") -> bytes:
        rendering = _Rendering()
        try:
            body = _render_bounded(self.body, _materialize(context, rendering))
        except UndefinedError as error:
            name = _variable(str(error))
            raise UserError(f"แม่แบบ {self.path.name}: ไม่มีค่าของ '{name}' (ชื่อตัวแปรผิด หรือข้อมูลขาด)",
                            f"template {self.path.name}: no value for '{name}' (a misspelt variable or missing data)")
        except TemplateError as error:
            raise UserError(f"แม่แบบ {self.path.name}: {error}", f"template {self.path.name}: {error}")
        except (MemoryError, OverflowError) as error:
            raise UserError(f"แม่แบบ {self.path.name}: คำสั่งในแม่แบบขอหน่วยความจำเกินกว่าที่มี ({type(error).__name__})",
                            f"template {self.path.name}: a tag asks for more memory than there is "
                            f"({type(error).__name__})") from None
        # the line breaks put before each paragraph when the template was prepared, taken out
        body = body.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        typed_breaks = _TYPED_BREAK.search(body) is not None
        if _LISTING.search(body):
            body = DocxTemplate.resolve_listing(None, body)  # tabs and line breaks typed in data
        xml = (self.head + body + self.tail).encode("utf-8")
        try:
            tree = etree.fromstring(xml)  # strict: a broken body is never patched up
        except etree.XMLSyntaxError as error:
            self._broken([(f"XML ผิดรูปแบบ: {error}", f"not well-formed XML: {error}")])
        problems = ooxml.revisions.structure_problems(tree, self.fixed_length)
        if problems:
            self._broken(problems)
        if not ooxml.tables.grids_match_cells(tree):
            tree = DocxTemplate.fix_tables(None, xml)  # columns added by {%tc %} loops
        ooxml.fit_wide_tables(tree.find(ooxml.qn("w:body")))
        ooxml.paragraphs.indent_sub_items(tree.find(ooxml.qn("w:body")), self.parts.get("word/styles.xml"))
        parts = dict(self.parts)
        parts[DOCUMENT] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts["docProps/core.xml"] = ooxml.core_properties(title, author)
        if typed_breaks and SETTINGS in parts:  # the line before a typed break is not stretched
            parts[SETTINGS] = ooxml.settings.unstretched_break_lines(parts[SETTINGS])
        if rendering.media:
            _add_media(parts, rendering)
        return ooxml.write_package(parts)


    def _broken(self, problems: list[tuple[str, str]]):
        raise UserError(
            f"แม่แบบ {self.path.name}: เอกสารที่สร้างได้มีโครงสร้างเสีย: {'; '.join(p[0] for p in problems)} "
            "จึงไม่เขียนเอกสารใด ๆ (E711) ให้ตรวจแท็กในแม่แบบที่เพิ่งแก้ไข หรือคืนแม่แบบเดิมด้วย "
            "python -m generator templates --restore",
            f"template {self.path.name}: the rendered document is broken: {'; '.join(p[1] for p in problems)}; "
            "nothing was written (E711); check the tags last edited in the template, or restore the stock one "
            "with python -m generator templates --restore")
_ESCAPES = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}


def template_escapes(body: str) -> str:
    """docxtpl's escapes of a template's own text ({_{ prints as {{) made Jinja literals before it is compiled,
    so that they act on the template only: data that holds {_{ … }_} prints as typed (docxtpl replaces them
    in the rendered document, data included).

    >>> template_escapes("a {_{ b }_} c")
    "a {{ '{{' }} b {{ '}}' }} c"
    """
    return re.sub("|".join(re.escape(e) for e in _ESCAPES), lambda m: "{{ '%s' }}" % _ESCAPES[m.group(0)], body)


def _render_bounded(template, context: dict) -> str:
    """Render, stopping once the output passes MAX_DOCUMENT_XML instead of filling the memory."""
    pieces, size = [], 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_DOCUMENT_XML:
            raise SecurityError(f"เอกสารที่ได้ยาวเกิน {MAX_DOCUMENT_XML // 1048576} MB (วนซ้ำมากเกินไปหรือไม่) / "
                                f"the document grows beyond {MAX_DOCUMENT_XML // 1048576} MB (a runaway loop?)")
        pieces.append(piece)
    return "".join(pieces)


def _prepared_package(path: Path, data: bytes, sha: str) -> bytes:
    """The template ``data`` after :func:`ooxml.prepare_template`, as a package. Kept in
    .cache/derived/templates/ by the template's hash and the program's: python-docx opening,
    fixing and saving the templates is a third of a build worker's start."""
    from .. import program_digest
    from ..base.derived import DERIVED, keep, read_kept
    from ..reading.safety import MAX_TEMPLATE_UNCOMPRESSED, ZipLimits, zip_problem

    digest = program_digest().replace("+", "-")
    kept = DERIVED / "templates" / f"{sha}-{digest}.docx"
    prepared = read_kept(kept, 4 * len(data) + (1 << 20))
    try:
        if prepared is not None and zip_problem(kept, ZipLimits(MAX_TEMPLATE_UNCOMPRESSED)) is None:  # as the template
            ooxml.read_package(prepared)  # a damaged copy is made again
            return prepared
    except Exception:  # unreadable or damaged: made again below
        pass
    try:
        parts, accepted = ooxml.revisions.accept_revisions(ooxml.read_package(data))
        document = Document(io.BytesIO(ooxml.write_package(parts) if accepted else data))
    except Exception as error:  # a damaged or non-Word file
        raise UserError(f"เปิดแม่แบบ {path.name} ไม่ได้: {error}", f"cannot open template {path.name}: {error}")
    ooxml.prepare_template(document)
    buffer = io.BytesIO()
    document.save(buffer)
    prepared = buffer.getvalue()
    keep(kept, prepared, replaces=lambda old: not old.name.endswith(f"-{digest}.docx"))  # an earlier program's
    return prepared


def _check_package_size(path: Path) -> None:
    """A template is refused before it is inflated when its parts would take too much memory."""
    import zipfile

    from ..reading.safety import MAX_TEMPLATE_UNCOMPRESSED, ZipLimits, zip_problem

    problem = zip_problem(path, ZipLimits(MAX_TEMPLATE_UNCOMPRESSED))
    if problem is None:
        with zipfile.ZipFile(path) as package:
            names = {info.filename: info.file_size for info in package.infolist()}
        if names.get(DOCUMENT, 0) > MAX_TEMPLATE_XML:
            size = names[DOCUMENT] / 1048576
            problem = (f"word/document.xml คลายออกมาได้ {size:,.0f} MB เกิน {MAX_TEMPLATE_XML // 1048576} MB",
                       f"word/document.xml inflates to {size:,.0f} MB, more than {MAX_TEMPLATE_XML // 1048576} MB")
    if problem:
        raise UserError(f"ไม่เปิดแม่แบบ {path.name}: {problem[0]}", f"template {path.name} is not opened: {problem[1]}")


def _add_media(parts: dict[str, bytes], rendering: _Rendering) -> None:
    parts.update(rendering.media)
    rels = parts[RELATIONSHIPS].decode("utf-8")
    extra = "".join(f'<Relationship Id="{rid}" Type="{IMAGE_RELATIONSHIP}" Target="{escape(target)}"/>'
                    for rid, target in rendering.relationships)
    parts[RELATIONSHIPS] = rels.replace("</Relationships>", extra + "</Relationships>").encode("utf-8")
    types = parts[CONTENT_TYPES].decode("utf-8")
    for extension in sorted({name.rsplit(".", 1)[1] for name in rendering.media}):
        if f'Extension="{extension}"' not in types:
            mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}.get(extension, f"image/{extension}")
            types = types.replace("<Default ", f'<Default Extension="{extension}" ContentType="{mime}"/><Default ', 1)
    parts[CONTENT_TYPES] = types.encode("utf-8")


_PREPARED: dict[tuple, CompiledTemplate] = {}  # per process: a template file is prepared once
_SHAS: dict[tuple, str] = {}


class Renderer:
    """Renders jobs; each template file is prepared once per process (and again if it changes).
    A round folder's own ``templates/<name>.docx`` (:meth:`for_round`) is used instead of the stock one."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.own: Path | None = None
        self.env = environment()
        # each template file looked at once: a round renders from the files as it found them
        self._keys: dict[str, tuple] = {}

    def for_round(self, folder: Path) -> "Renderer":
        """This renderer, taking a template from ``folder/templates/`` where the round has its own."""
        own = folder / ROUND_TEMPLATES
        if not own.is_dir() and self.own is None:
            return self
        view = copy.copy(self)
        view.own, view._keys = (own if own.is_dir() else None), {}
        return view

    def path(self, name: str) -> Path:
        """The file a template name stands for: the round's own, else the stock one."""
        if self.own is not None and (self.own / name).is_file():
            return self.own / name
        return self.templates / name

    def template_sha(self, name: str) -> str:
        """The template file's hash, without preparing it (a no-change rebuild needs no template)."""
        key = self._key(name)
        if key not in _SHAS:
            _SHAS[key] = hashlib.sha256(self.path(name).read_bytes()).hexdigest()
        return _SHAS[key]

    def _key(self, name: str) -> tuple:
        if name not in self._keys:
            self._keys[name] = self._file_key(name)
        return self._keys[name]

    def _file_key(self, name: str) -> tuple:
        path = self.path(name)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise UserError(
                f"ไม่พบแม่แบบ {name} ใน letter_templates/ (สร้างใหม่ด้วย python -m generator templates --restore)",
                f"template {name} not found in letter_templates/ (restore it with "
                "python -m generator templates --restore)") from None
        return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)

    def template(self, name: str) -> CompiledTemplate:
        key = self._key(name)
        if key not in _PREPARED:
            _PREPARED[key] = CompiledTemplate(self.path(name), self.env)
        return _PREPARED[key]

    def render(self, job: DocumentJob, author: str = "") -> bytes:
        """The finished .docx of a job, as bytes."""
        return self.template(job.template).render(job.context, job.title, author)


def _variable(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return match.group(1) if match else message


def _materialize(value, rendering: _Rendering):
    """Pictures become drawings of this document; the rest is kept."""
    if isinstance(value, Image):
        return _Picture(value, rendering)
    if isinstance(value, dict):
        return {key: _materialize(item, rendering) for key, item in value.items()}
    if isinstance(value, list):
        return [_materialize(item, rendering) for item in value]
    return value
