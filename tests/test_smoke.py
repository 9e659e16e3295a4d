from reportdesk.rules import check


def test_example_report_has_no_findings(example_report):
    assert example_report.agency == "武陟县小董乡人民政府"
    assert example_report.year == 2024
    assert check(example_report) == []
