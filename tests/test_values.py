"""Parsing what a clerk types or pastes into a cell."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportdesk.errors import InvalidValue
from reportdesk.values import cn_number, format_value, normalize_label, parse_block, parse_cell


@pytest.mark.parametrize("text, expected", [
    ("12", 12), ("１２", 12), ("  7 ", 7), ("\u30008\u3000", 8), ("1,234", 1234), ("１，２３４", 1234),
    ("1 234", 1234), ("0", 0), ("12件", 12), ("3.0", 3), ("", None), ("   ", None),
])
def test_count_cells_accept_what_people_type(text, expected):
    assert parse_cell(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("abc", "只能填数字"), ("1a", "只能填数字"), ("-1", "不能是负数"), ("－３", "不能是负数"),
    ("1.5", "整数"), ("1/2", "分数"), ("50%", "百分数"), ("1,23", "只能填数字"), ("1.2.3", "格式"),
])
def test_count_cells_refuse_letters_negatives_and_fractions_in_chinese(text, reason):
    with pytest.raises(InvalidValue) as exc:
        parse_cell(text)
    assert reason in exc.value.message


@pytest.mark.parametrize("text", [
    "x", "1e400", "NaN", "inf", "-inf", "\u0663", "\u0967\u0968", "1\u200b2", "1\u200f2", "1\u202e2", "0x1F",
    "\u00b2", "\u2460", "\u00bd",
])
def test_what_only_looks_like_a_number_is_not_a_number(text):
    """Letters, exponents, other scripts' digits, invisible marks inside, superscripts: never a
    number (NFKC would read “²” as 2 and int() reads Arabic-Indic digits)."""
    for kind in ("count", "amount"):
        with pytest.raises(InvalidValue) as exc:
            parse_cell(text, kind)
        assert "数字" in exc.value.message


@pytest.mark.parametrize("text", ["1 000", "1\u00a0000", "1\u3000000", "1\u2009000", "1\u202f000", "\u200b1000\ufeff"])
def test_digit_groups_split_by_any_kind_of_space_are_one_number(text):
    assert parse_cell(text) == 1000


@pytest.mark.parametrize("text", ["9999999999999999999", "99999999999999999999", "1000000001", "1" * 5000,
                                  10**20, 1e20])
def test_counts_beyond_a_billion_are_refused_as_too_large(text):
    with pytest.raises(InvalidValue) as exc:
        parse_cell(text)
    assert "数字太大" in exc.value.message


def test_the_largest_sane_values_are_accepted():
    assert parse_cell("1000000000") == 10**9
    assert parse_cell("999999999.5", "amount") == pytest.approx(999999999.5)
    with pytest.raises(InvalidValue, match="数字太大"):
        parse_cell("1000000000.5", "amount")


@pytest.mark.parametrize("text, expected", [
    ("0.5", 0.5), ("１２．５", 12.5), ("0。5", 0.5), ("1,234.56", 1234.56), ("3万元", 3.0), ("0", 0.0),
])
def test_amount_cells_take_decimals_in_wan_yuan(text, expected):
    assert parse_cell(text, "amount") == pytest.approx(expected)


def test_amount_typed_in_yuan_is_refused_with_the_unit_explained():
    with pytest.raises(InvalidValue) as exc:
        parse_cell("5000元", "amount")
    assert "万元" in exc.value.message


def test_numbers_from_a_file_are_checked_too():
    assert parse_cell(4) == 4
    assert parse_cell(4.0) == 4
    with pytest.raises(InvalidValue):
        parse_cell(-2)
    with pytest.raises(InvalidValue):
        parse_cell(2.5)
    with pytest.raises(InvalidValue):
        parse_cell(True)


@given(st.text())
def test_parsing_never_raises_anything_but_invalid_value(text):
    for kind in ("count", "amount"):
        try:
            value = parse_cell(text, kind)
        except InvalidValue as exc:
            assert exc.message
        else:
            assert value is None or value >= 0


@given(st.integers(min_value=0, max_value=10**9))
def test_every_whole_number_round_trips_through_its_display(n):
    assert parse_cell(format_value(n)) == n
    assert parse_cell(f"{n:,}") == n
    full_width = "".join(chr(0xFF10 + int(d)) for d in str(n))
    assert parse_cell(full_width) == n


def test_a_spreadsheet_block_splits_into_rows_and_cells():
    assert parse_block("1\t2\t3\r\n4\t\t6\r\n") == [["1", "2", "3"], ["4", "", "6"]]
    assert parse_block('"a\tb"\t2\n') == [["a\tb", "2"]]
    assert parse_block("5") == [["5"]]


def test_chinese_numerals():
    assert cn_number("十二") == 12
    assert cn_number("二〇二四") == 2024
    assert cn_number("一百零五") == 105
    assert cn_number("３") == 3
    assert cn_number("许多") is None


def test_labels_normalise_brackets_spaces_quotes_and_numbering_marks():
    assert normalize_label("(二) 部分公开 (区分处理的, 只计这一情形") == normalize_label("（二）部分公开（区分处理的，只计这一情形")
    assert normalize_label("3. 危及“三安全一稳定”") == normalize_label("3、危及\"三安全一稳定\"")
    assert normalize_label("结果 维持") == normalize_label("结果维持")
