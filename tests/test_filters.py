"""The Thai filters as templates use them: per-document digits, per-field override."""
import datetime as dt

import pytest
from jinja2 import Environment, StrictUndefined

from generator.guide import filter_examples
from generator.thai.filters import FILTERS, jinja_filters, jinja_globals


@pytest.fixture
def env():
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(jinja_filters())
    env.globals.update(jinja_globals())
    return env


def test_digits_follow_the_document_and_a_field_can_override(env):
    template = env.from_string("{{ n | number }} / {{ n | number(digits='thai') }}")
    assert template.render(n=1488, digits="arabic") == "1,488 / ๑,๔๘๘"
    assert template.render(n=1488) == "๑,๔๘๘ / ๑,๔๘๘"


def test_dates_in_a_template(env):
    out = env.from_string("ภายใน{{ d | thai_date_weekday }}").render(d=dt.date(2025, 1, 20))
    assert out == "ภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘"


def test_every_filter_has_a_working_example_with_thai_output():
    examples = filter_examples()
    assert len(examples) == len(FILTERS)
    for expression, output, _ in examples:
        assert output and "{{" not in output, expression
        assert not any(ch in "0123456789" for ch in output), (expression, output)
