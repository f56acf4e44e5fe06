from decimal import Decimal

import pytest

from dashboard import format as fmt


@pytest.mark.parametrize("yuan, shown", [
    (Decimal("8420700.0000"), "842.07"),              # 若羌 收支总计
    (Decimal("2500"), "0.25"),                         # 若羌 三公
    (Decimal("12345678900"), "1,234,567.89"),          # thousands separators
    (Decimal("12345"), "1.2345"),                      # a document printed in 元 keeps its digits
    (Decimal("1234567.891"), "123.456789"),            # six decimals of 万元 at most
    (Decimal("-480000"), "-48.00"),
    (Decimal("-0.00"), "0.00"),
    (0, "0.00"),
])
def test_wan_shows_yuan_in_wan_yuan_with_separators_from_decimal(yuan, shown):
    assert fmt.wan(yuan) == shown


def test_wan_rounds_half_up_beyond_six_decimals_of_wan_yuan():
    assert fmt.wan(Decimal("0.005")) == "0.000001"     # 0.0000005 万元 → 0.000001


def test_missing_amounts_show_a_dash_not_zero():
    assert fmt.wan(None) == "—"
    assert fmt.yuan(None) == "—"
    assert fmt.percent(None) == "—"
    assert fmt.count(None) == "—"


def test_floats_are_refused_for_displayed_amounts():
    with pytest.raises(TypeError):
        fmt.wan(842.07)


def test_yuan_per_staff_and_percent():
    assert fmt.yuan(Decimal("163029.41")) == "163,029.41"
    assert fmt.yuan(Decimal("73.5294")) == "73.53"
    assert fmt.percent(Decimal("0.704205")) == "70.42%"
    assert fmt.percent(fmt.share_of(Decimal("249.08"), Decimal("842.07"))) == "29.58%"
    assert fmt.share_of(Decimal(1), Decimal(0)) is None
