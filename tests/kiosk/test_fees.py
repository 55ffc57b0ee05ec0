"""The fee in the resident's words on the screens, in both languages."""

from kiosk.fees import fee_due, fee_in_short, money


def test_amounts_as_each_language_writes_them():
    assert money(7000).vi == "7.000 đồng" and money(7000).en == "7,000 VND"
    assert money(0).vi == "miễn phí" and money(0).en == "free"


def test_a_fee_that_depends_on_the_answers_says_so_in_the_catalogue(catalogue):
    by_pages = catalogue.get("chung-thuc-ban-sao")
    assert fee_in_short(by_pages).vi == "2.000 đồng (tùy trường hợp)"
    assert fee_in_short(by_pages).en == "2,000 VND (depends on your case)"
    by_rules = catalogue.get("cap-phieu-ly-lich-tu-phap")
    assert fee_in_short(by_rules).en == "200,000 VND (depends on your case)"


def test_the_confirmation_says_the_fee_due_and_who_says_how_to_pay():
    assert fee_due(14_000).vi == "Lệ phí: 14.000 đồng. Cơ quan giải quyết sẽ báo cách nộp."
    assert fee_due(14_000).en == "Fee: 14,000 VND. The office will tell you how to pay."
    assert fee_due(0).vi == "Thủ tục này không mất lệ phí." and fee_due(0).en == "There is no fee."
