"""Log lines never carry a whole mobile or identity number.

A filter on every log handler (settings LOGGING) masks them in the message and
in the traceback: an error's text can quote them (a database's "Key (id_number)=
... already exists", a searched-for number in a URL), and logs are read by
people who may not see them whole.
"""

import logging
import re

from trainees.identity import mask_id_number, mask_phone

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
MOBILE_NUMBER = re.compile(r"(?<![\d+])(?:\+86|0086|86)?1[3-9]\d{9}(?!\d)")


def mask_personal_numbers(text: str) -> str:
    text = ID_NUMBER.sub(lambda match: mask_id_number(match.group()), text)
    return MOBILE_NUMBER.sub(lambda match: mask_phone(match.group()[-11:]), text)


class MaskPersonalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_numbers(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        return True
