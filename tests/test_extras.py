from __future__ import annotations

import pytest

from thucydides import MissingExtra
from thucydides.extras import require


def test_present_module_is_returned() -> None:
    assert require("json", extra="dev", feature="JSON").dumps([1]) == "[1]"


def test_missing_extra_names_the_install_line() -> None:
    with pytest.raises(MissingExtra) as caught:
        require("thucydides_no_such_module", extra="ray", feature="the ray engine")
    assert str(caught.value) == ("the ray engine needs the optional 'ray' dependencies: pip install 'thucydides[ray]'")
    assert caught.value.extra == "ray"
