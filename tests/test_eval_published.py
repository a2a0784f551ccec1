"""make eval's text-mode measure of issue 10: the publication date where the text gives it."""

import datetime as dt

from extract.eval_published import text_gives

DAY = dt.date(2024, 3, 2)


def test_common_writings_of_a_date_are_found():
    for text in (
        "By Admin 02 Mar 2024",
        "Published: March 2, 2024 at 10:00",
        "MAE SOT, 2 March 2024 - Fighting",
        " date 2024-03-02 Fighting",
        "Posted March 2nd,  2024",
        "Updated 02/03/2024",
    ):
        assert text_gives(text, DAY), text


def test_other_days_and_undated_texts_are_not():
    for text in ("March 20, 2024", "12 March 2024", "On Saturday troops shelled the town", "2024-03-12"):
        assert not text_gives(text, DAY), text
