"""The inner structure of Indonesian personal numbers, to tell them from numbers that only share a length.

Any 16-digit run is not a NIK, nor any 18-digit run a NIP: an agency's NPWP, two dates written
`20240101 20241231` or a document number have those lengths too, and alarms on them teach
maintainers to work around the guard. Each rule below accepts every number that can really be
issued, and only those, so a real number is never let through by it.

The rules do not depend on today's date: the same file gets the same verdict next year, and a
cached verdict cannot go stale (docs/kontributor/memperbaiki-galat.md explains them to maintainers).
"""

from __future__ import annotations

# Kemendagri province codes, after the 2022 Papua split (91-96).
PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)]
)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February: the year is not always known
WOMAN_DAY_OFFSET = 40  # a woman's NIK adds 40 to her day of birth

# Mobile prefixes of Indonesian operators (after the leading 0): Telkomsel 0811-0813, 0821-0823, 0851-0853;
# Indosat 0814-0816, 0855-0858; XL/Axis 0817-0819, 0859, 0877-0878, 0831-0833, 0838; Smartfren 0881-0889;
# Tri 0895-0899; Ceria/Net1 0827-0828; Byru (satellite) 0868.
MOBILE_PREFIXES = frozenset(
    [f"81{d}" for d in "123456789"]
    + ["821", "822", "823", "827", "828", "831", "832", "833", "838"]
    + ["851", "852", "853", "855", "856", "857", "858", "859", "868", "877", "878"]
    + [f"88{d}" for d in "123456789"]
    + [f"89{d}" for d in "56789"]
)
MOBILE_LENGTHS = range(10, 14)  # 08xx plus 6 to 9 more digits, in the national form
LANDLINE_LENGTHS = range(9, 12)  # 0 + area code (2 or 3 digits, not 0, 1 or 8 first) + 5 to 8 digits
# The first two digits any NIK, NIP or phone number (0..., 62...) can have: a quick test before the full one.
FIRST_TWO = frozenset([str(code) for code in PROVINCES] + ["19", "20", "62"] + [f"0{d}" for d in "2345678"] + ["09"])
NIP_MIN_BIRTH_YEAR = 1940  # no civil servant still in service was born earlier
NIP_AGE_AT_APPOINTMENT = range(18, 61)  # appointed at 18 at the earliest, before the retirement age at the latest


def _real_day(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]


def is_nik(digits: str) -> bool:
    """A NIK (or a family-card number, KK): PP KK KC DDMMYY SSSS.

    PP a province code, KK a regency and KC a district code (never 00), DDMMYY a possible date of
    birth (day 01-31, or 41-71 for women), SSSS a serial from 0001. A KK number has the same
    region prefix and the card's date of issue (day 01-31) in the same place: every KK has the
    form of a man's NIK, so the two cannot be told apart and are one problem (privacy-nik).
    """
    if len(digits) != 16 or int(digits[:2]) not in PROVINCES or digits[2:4] == "00" or digits[4:6] == "00":
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > WOMAN_DAY_OFFSET:
        day -= WOMAN_DAY_OFFSET
    return _real_day(day, month) and digits[12:] != "0000"


def is_nip(digits: str) -> bool:
    """A civil servant's NIP: YYYYMMDD (birth) YYYYMM (appointment) G (1 man, 2 woman) NNN (serial from 001).

    The birth date must exist and lie in or after 1940; the appointment month must exist and fall
    between the 18th and the 60th year of age."""
    if len(digits) != 18:
        return False
    birth_year, birth_month, birth_day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if birth_year < NIP_MIN_BIRTH_YEAR or not _real_day(birth_day, birth_month):
        return False
    if birth_month == 2 and birth_day == 29 and not _leap(birth_year):
        return False
    appointed_year, appointed_month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= appointed_month <= 12 or appointed_year - birth_year not in NIP_AGE_AT_APPOINTMENT:
        return False
    return digits[14] in "12" and digits[15:] != "000"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def national_form(digits: str, plus: bool) -> str | None:
    """An Indonesian phone number in its national form (0...), from 0..., 62... or +62...; None for others.

    Without a plus sign only the 62 of a mobile number is taken as the country code: 62 followed
    by an area code looks too much like other numbers."""
    if plus:
        if not digits.startswith("62"):
            return None  # another country's number: not ours to judge
        rest = digits[2:]
        return "0" + (rest[1:] if rest.startswith("0") else rest)  # +62 (0)812...
    if digits.startswith("628"):
        return "0" + digits[2:]
    return digits if digits.startswith("0") else None


def is_mobile(digits: str, plus: bool = False) -> bool:
    """An Indonesian mobile number: 08 + an operator's prefix, 10 to 13 digits in the national form."""
    national = national_form(digits, plus)
    return national is not None and len(national) in MOBILE_LENGTHS and national[1:4] in MOBILE_PREFIXES


def is_landline(digits: str, plus: bool = False) -> bool:
    """An Indonesian fixed-line number with its area code (0517 41234, 021 1234 5678): 9 to 11 digits in the
    national form, the area code starting with 2-7 or 9 (01 is no area code, 08 is mobile)."""
    national = national_form(digits, plus)
    return national is not None and len(national) in LANDLINE_LENGTHS and national[1] in "2345679"
