"""CSV texts shared by the sales import tests."""

import csv
import datetime
import io

from django.utils import timezone

HEADER = ("月份", "店铺编号", "店铺", "渠道", "销售额", "订单数", "农产品占比")
THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)
NEXT_MONTH = (THIS_MONTH + datetime.timedelta(days=31)).replace(day=1)


def sales_row(shop, channel="淘宝", month=LAST_MONTH, sales="12800.50", orders="96", share="80"):
    """A row of `shop`'s sales; `month` a date or text as written."""
    if isinstance(month, datetime.date):
        month = f"{month:%Y-%m}"
    return (month, str(shop.pk), shop.name, channel, sales, orders, share)


def sales_text(rows, header=HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
