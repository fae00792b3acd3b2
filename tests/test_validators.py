import pytest

from smrisk.detectors.validators import iban_valid, luhn_valid, private_ip, real_secret_value, ssn_valid


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4111 1111 1111 1111", True),
        ("4111-1111-1111-1112", False),  # one digit off
        ("5500 0000 0000 0004", True),
        ("0000 0000 0000 0000", False),  # passes Luhn but is a run of one digit
        ("1234", False),  # too short for a card
    ],
)
def test_luhn(value: str, expected: bool) -> None:
    assert luhn_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("123-45-6789", True), ("000-12-3456", False), ("666-12-3456", False), ("912-12-3456", False),
     ("123-00-4567", False), ("123-45-0000", False)],
)
def test_ssn(value: str, expected: bool) -> None:
    assert ssn_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("GB82 WEST 1234 5698 7654 32", True), ("GB82 WEST 1234 5698 7654 33", False),
     ("DE89370400440532013000", True), ("DE8937040044053201300", False), ("XX82WEST12345698765432", False)],
)
def test_iban(value: str, expected: bool) -> None:
    assert iban_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10.2.3.4", True), ("192.168.1.20", True), ("172.20.0.5", True), ("8.8.8.8", False),
     ("172.32.0.1", False), ("999.1.1.1", False)],
)
def test_private_ip(value: str, expected: bool) -> None:
    assert private_ip(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("hunter22", True), ("Tr0ub4dor&3", True), ("********", False), ("<password>", False), ("your", False),
     ("required", False), ("abc", False), ("network", False), ("sunshine", True)],
)
def test_real_secret_value(value: str, expected: bool) -> None:
    assert real_secret_value(value) is expected
