"""Reference tables for people who edit templates, made from the code so they stay true."""
from __future__ import annotations

from jinja2 import Environment

from .thai.filters import FILTERS, jinja_filters, jinja_globals
from .documents.job import context_paths
from .reading.wording import PHRASES


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


# ---------------------------------------------------------------- template variables
# Every variable a template may use: (Thai, English). tests/test_guide.py fails when a
# document offers a variable that is not described here, so the guide stays true.
VARIABLES: dict[str, tuple[str, str]] = {
    "digits": ("รูปแบบตัวเลขของเอกสาร thai หรือ arabic", "the document's digit style"),
    "office.province": ("ชื่อจังหวัด", "province name"),
    "office.code": ("อักษรย่อจังหวัด", "province code"),
    "office.name": ("ชื่อส่วนราชการ (สำนักงานพัฒนาชุมชนจังหวัด…)", "the office's name"),
    "office.letterhead": ("ที่ตั้งหัวหนังสือ (ศาลากลางจังหวัด…)", "letterhead line"),
    "office.address_lines": ("บรรทัดที่อยู่ (บรรทัดสุดท้ายมีอักษรย่อและรหัสไปรษณีย์)", "address lines, the last with code and postal code"),
    "office.group": ("กลุ่มงานเจ้าของเรื่อง", "owning group"),
    "office.phone_line": ("บรรทัดโทรศัพท์/โทรสาร", "phone and fax line"),
    "office.email": ("ไปรษณีย์อิเล็กทรอนิกส์", "e-mail"),
    "province": ("ชื่อจังหวัด", "province name"),
    "parties": ("คู่สัญญา [ผู้ประเมิน, ผู้รับการประเมิน]", "the two parties"),
    "round_title": ("รอบการประเมินที่ … ปีงบประมาณ พ.ศ. …", "round and fiscal year"),
    "period_text": ("ช่วงเวลาของรอบ", "the round's period"),
    "draft_mark": ("คำว่า (ร่าง) เมื่อรอบยังเป็นร่าง", "(ร่าง) when the round is a draft"),
    "level_numbers": ("เลขระดับ 1–5 ตามรูปแบบตัวเลขของเอกสาร", "level numbers 1–5 in the document's digits"),
    "levels_intro": ("แบ่งเกณฑ์การให้คะแนนเป็น ๕ ระดับ ดังนี้ (ตามรูปแบบตัวเลข)", "the levels' introduction, in the document's digits"),
    "letter.subject": ("เรื่อง", "subject"),
    "letter.to": ("ผู้รับ (เรียน/ถึง)", "addressee"),
    "letter.kind": ("ชนิดหนังสือ", "letter kind"),
    "letter.date": ("วันที่หนังสือ (วันที่จริง ใช้กับตัวกรองได้)", "the letter's date (a date: use a filter)"),
    "number_text": ("เลขที่หนังสือ เช่น ฉช ๐๐๑๘/ว ๒๒๖", "the letter's number"),
    "date_text": ("วันที่หนังสือ", "the letter's date, written out"),
    "salutation": ("คำขึ้นต้น", "salutation"),
    "complimentary_close": ("คำลงท้าย", "complimentary close"),
    "references": ("รายการอ้างถึง", "references"),
    "references[].text": ("ข้อความอ้างถึง", "a reference"),
    "enclosures[].title": ("สิ่งที่ส่งมาด้วย (มีลำดับเมื่อมากกว่าหนึ่ง)", "an enclosure, numbered when several"),
    "enclosures[].quantity": ("จำนวน เช่น จำนวน ๑ ชุด", "quantity"),
    "body[].level": ("ระดับย่อหน้า 0 ข้อความ 1 ข้อ 2 ข้อย่อย", "paragraph level: 0 text, 1 item, 2 sub-item"),
    "body[].text": ("ข้อความของย่อหน้า (มีเลขข้อแล้ว)", "paragraph text, numbered already"),
    "closing": ("ข้อความปิดท้าย (จึงเรียนมาเพื่อ…)", "closing sentence"),
    "signer.name": ("ชื่อผู้ลงนาม", "signer's name"),
    "signer.lines": ("ตำแหน่งผู้ลงนาม บรรทัดละหนึ่งบรรทัด", "signer's position lines"),
    "emblem": ("ภาพตราครุฑ (ว่างเมื่อไม่มี)", "the Garuda image, empty when none"),
    "qr": ("ภาพ QR Code (ว่างเมื่อไม่มี)", "QR code image, empty when none"),
    "qr_caption": ("คำอธิบาย QR Code", "QR code caption"),
    "copy_to": ("สำเนาส่ง", "copies to"),
    "agreement": ("แบบบันทึกข้อตกลงหนึ่งแบบ", "one agreement form"),
    "agreement.id": ("รหัสของแบบ", "the form's id"),
    "agreement.title": ("ชื่อแบบ", "the form's title"),
    "agreement.subtitle": ("ชื่อรองของแบบ เช่น (ทีมอำเภอ)", "the form's sub-title"),
    "agreement.heading": ("หัวข้อเหนือตาราง", "heading above the table"),
    "agreement.parties": ("คู่ข้อตกลง [ผู้ประเมิน, ผู้รับการประเมิน]", "the two parties"),
    "agreement.parties[].name": ("ชื่อผู้ลงนาม (จุดเว้นว่างเมื่อไม่ระบุ)", "the signer's name, dots when none"),
    "agreement.parties[].position": ("ตำแหน่งของฝ่ายนั้น", "the party's position"),
    "agreement.parties[].role": ("ผู้ประเมิน / ผู้รับการประเมิน", "evaluator or evaluated"),
    "agreement.kpis": ("ตัวชี้วัดในแบบ เรียงตามเลขในแบบ", "the form's KPIs, in their order"),
    "agreement.kpis[].levels": ("ระดับ ๑–๕", "levels 1–5"),
    "kpis": ("ตัวชี้วัด", "the KPIs"),
    "kpis[].levels": ("ระดับ ๑–๕", "levels 1–5"),
    "kpis[].tables[].rows": ("แถวของตาราง", "table rows"),
    "body": ("ย่อหน้าของเนื้อความ", "body paragraphs"),
    "enclosures": ("สิ่งที่ส่งมาด้วย", "enclosures"),
    "guidelines": ("แนวทางของแต่ละตัวชี้วัด", "guidelines per KPI"),
        "form.rows": ("แถวของแบบรายงาน", "form rows"),
    "changes": ("แถวที่เปลี่ยน", "changed rows"),
    "agreement.total_weight": ("น้ำหนักรวมของแบบ", "the form's total weight"),
    "agreement.table": ("ตารางที่สร้างจากข้อมูลของแบบ (คอลัมน์ของแบบเอง แถวมิติ เกณฑ์เป็นตัวเลข) ว่างเมื่อใช้ตารางของแม่แบบ",
                        "the table made from the form's data (its own columns, group rows, numeric criteria); "
                        "empty when the template's table prints"),
    "agreement.kpis[].number_text": ("เลขตัวชี้วัดในแบบนี้ (เริ่ม ๑)", "the KPI's number in this form"),
    "agreement.kpis[].name": ("ชื่อตัวชี้วัด", "KPI name"),
    "agreement.kpis[].strategy": ("ยุทธศาสตร์", "strategy"),
    "agreement.kpis[].goal": ("เป้าหมายผลสำเร็จของงาน", "work goal"),
    "agreement.kpis[].unit": ("หน่วยวัด", "unit"),
    "agreement.kpis[].levels[].number": ("ระดับ", "level number"),
    "agreement.kpis[].levels[].text": ("เกณฑ์ของระดับ", "level criterion"),
    "agreement.kpis[].conditions": ("เงื่อนไข", "conditions"),
    "agreement.kpis[].targets": ("ค่าเป้าหมายระดับ ๑–๕", "target values of levels 1–5"),
    "agreement.kpis[].weight_text": ("น้ำหนัก", "weight"),
    "agreement.kpis[].sources_text": ("แหล่งข้อมูลและผู้รับผิดชอบ", "data sources and owner"),
    "kpis[].group_title": ("เป้าหมายการปฏิบัติงานทีม/บุคคล", "team or individual"),
    "kpis[].number_text": ("เลขตัวชี้วัด", "KPI number"),
    "kpis[].name": ("ชื่อตัวชี้วัด", "KPI name"),
    "kpis[].unit": ("หน่วยวัด", "unit"),
    "kpis[].weight": ("น้ำหนัก (ตัวเลข)", "weight, a number"),
    "kpis[].weight_percent": ("น้ำหนัก เช่น ร้อยละ ๒๐", "weight as ร้อยละ"),
    "kpis[].rationale": ("เหตุผลในการวัด", "rationale"),
    "kpis[].sources_text": ("แหล่งข้อมูล", "data sources"),
    "kpis[].owner_text": ("ผู้รับผิดชอบตัวชี้วัด", "KPI owner"),
    "kpis[].coordinator_text": ("ผู้ประสานงานตัวชี้วัด", "KPI coordinator"),
    "kpis[].contacts": ("ผู้กำกับดูแล ผู้จัดเก็บข้อมูล … ของตัวชี้วัด", "the KPI's contact people"),
    "kpis[].contacts[].role": ("บทบาท เช่น ผู้จัดเก็บข้อมูล", "role, e.g. data collector"),
    "kpis[].contacts[].text": ("ชื่อ ตำแหน่ง โทรศัพท์ตามที่พิมพ์", "name, position, phone as typed"),
    "kpis[].title_lines": ("หัวแผ่นของตัวชี้วัดตามที่สำนักงานเขียน", "the sheet's own title lines"),
    "kpis[].sheet_tables": ("ตารางของแผ่นตามที่พิมพ์ (ระดับ คะแนน ฐานข้อมูลรายปี …)", "the sheet's tables as typed"),
    "kpis[].sheet_tables[].title": ("ชื่อตาราง", "table title"),
    "kpis[].sheet_tables[].table": ("ตาราง (สร้างจากข้อมูล)", "the table, made from the data"),
    "kpis[].sheet_tables[].note": ("หมายเหตุใต้ตาราง", "a note under the table"),
    "kpis[].levels[].number": ("ระดับคะแนน", "level"),
    "kpis[].levels[].text": ("เกณฑ์การให้คะแนน", "criterion"),
    "kpis[].conditions": ("เงื่อนไข", "conditions"),
    "kpis[].definitions": ("คำนิยาม/คำอธิบาย", "definitions"),
    "kpis[].formula": ("สูตรการคำนวณ", "formula"),
    "kpis[].collection": ("วิธีการจัดเก็บข้อมูล", "data collection"),
    "kpis[].evidence": ("หลักฐานเชิงประจักษ์", "evidence"),
    "kpis[].evidence[].level": ("ระดับของหลักฐาน", "level of the evidence"),
    "kpis[].evidence[].entries": ("รายการหลักฐาน", "evidence items"),
    "kpis[].milestones": ("ตาราง Milestone ระดับ × ขั้นตอน", "milestone matrix"),
    "kpis[].milestones[].level": ("ระดับคะแนน", "level"),
    "kpis[].milestones[].marks": ("เครื่องหมาย ✓ ของขั้นตอนที่ ๑–๕", "✓ marks of steps 1–5"),
    "kpis[].milestone_steps": ("ขั้นตอนที่ ๑–๕", "steps 1–5"),
    "kpis[].milestone_steps[].number": ("เลขขั้นตอน", "step number"),
    "kpis[].milestone_steps[].text": ("ขั้นตอน", "step"),
    "kpis[].schedule_text": ("กำหนดการรายงานผล", "reporting schedule"),
    "kpis[].tables": ("ตารางรายอำเภอของตัวชี้วัด", "the KPI's district tables"),
    "kpis[].tables[].title": ("ชื่อตาราง", "table title"),
    "kpis[].tables[].header": ("หัวคอลัมน์", "column headings"),
    "kpis[].tables[].rows[].number": ("ลำดับที่", "row number"),
    "kpis[].tables[].rows[].cells": ("ช่องของแถว", "the row's cells"),
    "kpis[].tables[].total": ("แถวยอดรวม", "the total row"),
    "guidelines[].title": ("ชื่อแผ่นแนวทาง", "the sheet's title"),
    "guidelines[].remarks_heading": ("หัวข้อ หมายเหตุ (ว่างเมื่อพิมพ์ต่อบรรทัดเดียวกับข้อแรก)", "the หมายเหตุ heading, empty when it runs inline"),
    "guidelines[].sections": ("หัวข้อของแผ่น (๑. แนวทางการดำเนินงาน ๒. แนวทางการรายงานผล)", "the sheet's numbered sections"),
    "guidelines[].sections[].heading": ("หัวข้อ มีเลขแล้ว", "section heading, numbered"),
    "guidelines[].sections[].paragraphs": ("ย่อหน้าของหัวข้อ", "the section's paragraphs"),
    "guidelines[].sections[].paragraphs[].level": ("ระดับย่อหน้า 0 ข้อความ 2 ข้อย่อย ๑.๑", "level: 0 text, 2 sub-item"),
    "guidelines[].sections[].paragraphs[].text": ("ข้อความ (มีเลข ๑.๑ แล้ว)", "text, numbered"),
    "guidelines[].kpi_number": ("เลขตัวชี้วัด", "KPI number"),
    "guidelines[].name": ("ชื่อตัวชี้วัด", "KPI name"),
    "guidelines[].remarks": ("หมายเหตุ", "remarks"),
    "guidelines[].owner": ("ผู้รับผิดชอบ", "owner"),
    "form.title": ("ชื่อแบบรายงาน", "form title"),
    "form.kpi_number": ("เลขตัวชี้วัด", "KPI number"),
    "form.kpi_name": ("ชื่อตัวชี้วัด", "KPI name"),
    "form.fiscal_year": ("ปีงบประมาณ", "fiscal year"),
    "form.district": ("อำเภอ (แบบรายอำเภอ)", "district, for a per-district form"),
    "form.prefilled_title": ("หัวคอลัมน์เป้าหมาย", "heading of the prefilled column"),
    "form.columns": ("หัวคอลัมน์ที่ให้อำเภอกรอก", "blank columns"),
    "form.rows[].number": ("ลำดับที่", "row number"),
    "form.rows[].district": ("อำเภอ", "district"),
    "form.rows[].prefilled": ("เป้าหมายของอำเภอ", "the district's target"),
    "form.prefilled_total": ("รวมทั้งสิ้น", "total of the targets"),
    "form.deadline_text": ("กำหนดส่ง", "when to report"),
    "form.groups": ("หัวข้อที่คร่อมหลายคอลัมน์ (แถวหัวตารางแถวแรก)", "headings spanning several columns"),
    "form.groups[].title": ("ข้อความหัวข้อ", "the heading"),
    "form.groups[].span": ("จำนวนคอลัมน์ที่คร่อม", "how many columns it spans"),
    "form.footer": ("ข้อความท้ายแบบ (ส่งที่ใด)", "the footer line: where to send the form"),
    "changes[].number": ("ลำดับที่", "number"),
    "changes[].kpi": ("ชื่อตัวชี้วัด", "KPI"),
    "changes[].level": ("ระดับคะแนน", "level"),
    "changes[].old": ("เกณฑ์การประเมิน (เดิม)", "criterion before"),
    "changes[].new": ("เกณฑ์การประเมิน (ใหม่)", "criterion after"),
    "changes[].owner": ("ผู้รับผิดชอบ", "owners"),
    "announced_by": ("หนังสือที่แจ้งการปรับปรุง", "the letter announcing the revision"),
    # results_summary.docx and results_circular.docx (make results)
    "subject": ("เรื่อง", "subject"),
    "to": ("เรียน", "addressee"),
    "kpis[].rule_text": ("เกณฑ์การให้คะแนนที่ใช้", "the scoring rule used"),
    "kpis[].target_heading": ("หัวคอลัมน์เป้าหมาย", "target heading"),
    "kpis[].done_heading": ("หัวคอลัมน์ผลการดำเนินงาน", "achieved count heading"),
    "kpis[].value_heading": ("หัวคอลัมน์ค่าที่เทียบกับเกณฑ์", "heading of the measured value"),
    "kpis[].rows": ("แถวรายอำเภอ", "district rows"),
    "kpis[].rows[].number": ("ลำดับที่", "row number"),
    "kpis[].rows[].district": ("อำเภอ", "district"),
    "kpis[].rows[].target": ("เป้าหมาย", "target"),
    "kpis[].rows[].done": ("ผลการดำเนินงาน", "achieved count"),
    "kpis[].rows[].value": ("ค่าที่เทียบกับเกณฑ์ (หรือ ไม่ได้รายงาน)", "measured value, or ไม่ได้รายงาน"),
    "kpis[].rows[].level": ("ระดับที่ได้", "level reached"),
    "kpis[].rows[].base": ("คะแนนก่อนหัก", "score before deductions"),
    "kpis[].rows[].deducted": ("คะแนนที่หัก", "points deducted"),
    "kpis[].rows[].score": ("คะแนนสุทธิ", "score after deductions"),
    "kpis[].total.target": ("เป้าหมายรวมทั้งจังหวัด", "province target"),
    "kpis[].total.done": ("ผลรวมทั้งจังหวัด", "province total achieved"),
    "kpis[].total.value": ("ค่าของทั้งจังหวัด", "province value"),
    "kpis[].total.level": ("ระดับของทั้งจังหวัด", "province level"),
    "kpis[].total.score": ("คะแนนเฉลี่ยของอำเภอ", "districts' mean score"),
    "kpis[].notes": ("คำอธิบายการหักคะแนน", "why points were deducted"),
    "kpis[].chart": ("แผนภูมิแท่งรายอำเภอ (ภาพ)", "bar chart per district (picture)"),
    "forms": ("แบบบันทึกข้อตกลงและคะแนนรวม", "agreement forms with their weighted scores"),
    "forms[].title": ("ชื่อแบบ", "form title"),
    "forms[].title_short": ("หัวคอลัมน์คะแนนรวม", "heading of the total"),
    "forms[].headings": ("หัวคอลัมน์ตัวชี้วัดและน้ำหนัก", "KPI and weight headings"),
    "forms[].rows": ("แถวรายอำเภอเรียงตามอันดับ", "districts in rank order"),
    "forms[].rows[].rank": ("อันดับ", "rank"),
    "forms[].rows[].district": ("อำเภอ", "district"),
    "forms[].rows[].scores": ("คะแนนแต่ละตัวชี้วัด", "score per KPI"),
    "forms[].rows[].total": ("คะแนนถ่วงน้ำหนัก", "weighted score"),
    "forms[].rule_text": ("วิธีคิดคะแนนรวม", "how the total is computed"),
}

# the phrases of generator/reading/wording.py, each a list of lines (docs/wording.md): round-wide in the KPI documents,
# per KPI in a guideline sheet and a report form
for _prefix in ("wording", "form.wording", "guidelines[].wording"):
    VARIABLES[_prefix] = ("ถ้อยคำของเอกสาร (docs/wording.md)", "the document's phrases (docs/wording.md)")
    for _key, _phrase in PHRASES.items():
        if _key != "parties_suffix":  # joined to the parties' line
            VARIABLES[f"{_prefix}.{_key}"] = (f"{_phrase.thai} — รายการบรรทัด", f"{_phrase.english}: a list of lines")


def template_guide(contexts: dict[str, list[dict]]) -> str:
    """letter_templates/GUIDE.md: per template, every variable with an example, and the filters."""
    lines = [
        "# คู่มือแม่แบบ / Template guide",
        "",
        "แม่แบบแต่ละไฟล์ใน `letter_templates/` แก้ไขใน Word ได้ ใส่ค่าด้วย `{{ ชื่อตัวแปร }}` "
        "วนซ้ำย่อหน้าด้วย `{%p for … %}` แถวตารางด้วย `{%tr for … %}` คอลัมน์ด้วย `{%tc for … %}` "
        "(แต่ละแท็กต้องอยู่ในข้อความรูปแบบเดียวกันทั้งแท็ก) ถ้าแม่แบบเสีย ใช้ `python -m generator templates --restore`",
        "",
        "Each template in `letter_templates/` is edited in Word: values go in `{{ variable }}`, paragraph loops in "
        "`{%p for … %}`, table rows in `{%tr for … %}`, columns in `{%tc for … %}` (each tag in one formatting run). "
        "`python -m generator templates --restore` brings back the originals. This guide is generated: "
        "`python -m generator templates --guide`.",
        "",
    ]
    for template, examples in sorted(contexts.items()):
        lines += [f"## {template}", "", "| ตัวแปร / variable | ความหมาย / meaning | ตัวอย่าง / example |", "|---|---|---|"]
        paths: dict[str, object] = {}
        for context in examples:
            for path, example in context_paths(context).items():
                if path not in paths or (not paths[path] and example):
                    paths[path] = example
        for path in sorted(paths):
            thai, english = VARIABLES.get(path, ("", ""))
            lines.append(f"| `{path}` | {thai} / {english} | {_example(paths[path])} |")
        lines.append("")
    lines += ["## ตัวกรอง / Filters", "", filter_table(markdown=True), ""]
    return "\n".join(lines)


def _example(value) -> str:
    from .documents.job import Image

    if isinstance(value, Image):
        return "(ภาพ / picture)"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value[:3] if not isinstance(v, (dict, list))) or f"({len(value)} รายการ)"
    text = " ".join(str(value).split()).replace("|", "\\|")
    return (text[:60] + "…") if len(text) > 60 else text or "–"


def sample_contexts(data) -> dict[str, list[dict]]:
    """The contexts of every sample round, by template."""
    from .documents import plan
    from .results.summary import results_jobs
    from .checking.validate import validate

    contexts: dict[str, list[dict]] = {}
    for folder in sorted(p for p in data.iterdir() if (p / "round.yaml").is_file()):
        round_, _ = validate(folder, lint=False)
        if round_ is None:
            continue
        for job in plan(round_) + results_jobs(round_):
            contexts.setdefault(job.template, []).append(job.context)
    return contexts
