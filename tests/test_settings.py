"""Settings: the commented defaults, a user TOML file laid over them, command-line overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides import ConfigError, Settings, load_settings
from thucydides.settings import ActorSettings, CleanSettings, LimitSettings, ModelSettings, StoreSettings


def user_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "user.toml"
    path.write_text(body, "utf-8")
    return path


def test_defaults() -> None:
    settings = load_settings()
    assert settings == Settings(
        model=ModelSettings(name="auto", disable=()),
        limits=LimitSettings(max_document_bytes=5_000_000, batch_size=32),
        clean=CleanSettings(remove_boilerplate=True),
        actors=ActorSettings(inherit_country=True),
        store=StoreSettings(path="thucydides.duckdb"),
    )


def test_default_file_matches_the_dataclass_defaults() -> None:
    assert load_settings() == Settings()


def test_user_file_overrides_one_key_and_keeps_the_others(tmp_path: Path) -> None:
    settings = load_settings(user_file(tmp_path, "[limits]\nbatch_size = 8\n"))
    assert settings.limits == LimitSettings(max_document_bytes=5_000_000, batch_size=8)
    assert settings.model == ModelSettings(name="auto", disable=())
    assert settings.clean.remove_boilerplate is True
    assert settings.store.path == "thucydides.duckdb"


def test_user_file_list_becomes_a_tuple(tmp_path: Path) -> None:
    settings = load_settings(user_file(tmp_path, '[model]\nname = "en_core_web_lg"\ndisable = ["ner", "lemmatizer"]\n'))
    assert settings.model == ModelSettings(name="en_core_web_lg", disable=("ner", "lemmatizer"))


def test_empty_user_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(user_file(tmp_path, "# nothing to change\n")) == load_settings()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[modle]\nname = "x"\n',
            "unknown section [modle]; known: model, limits, clean, actors, events, quotes, store",
        ),
        ('[model]\nnmae = "x"\n', "unknown key model.nmae; known: disable, name"),
        ("[limits]\nbatch_szie = 4\n", "unknown key limits.batch_szie; known: batch_size, max_document_bytes"),
        ('[limits]\nbatch_size = "eight"\n', "limits.batch_size must be int, got 'eight'"),
        ("[limits]\nbatch_size = true\n", "limits.batch_size must be int, got True"),
        ("[limits]\nmax_document_bytes = 1.5\n", "limits.max_document_bytes must be int, got 1.5"),
        ("[limits]\nbatch_size = 0\n", "limits.batch_size must be a positive integer, got 0"),
        ("[clean]\nremove_boilerplate = 1\n", "clean.remove_boilerplate must be bool, got 1"),
        ('[model]\ndisable = "ner"\n', "model.disable must be tuple, got 'ner'"),
        ("model = 3\n", "[model] must be a table of keys"),
    ],
)
def test_invalid_user_file(tmp_path: Path, body: str, message: str) -> None:
    path = user_file(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: {message}"


def test_user_file_that_is_not_toml(tmp_path: Path) -> None:
    path = user_file(tmp_path, "[limits\nbatch_size = 8\n")
    with pytest.raises(ConfigError, match=r"not valid TOML"):
        load_settings(path)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "absent.toml")
    assert str(caught.value) == f"{tmp_path / 'absent.toml'}: settings file not found"


def test_with_overrides_applies_values_and_ignores_none() -> None:
    base = load_settings()
    changed = base.with_overrides(model={"name": "x", "disable": None}, limits={"batch_size": None})
    assert changed.model == ModelSettings(name="x", disable=())
    assert changed.limits == base.limits
    assert base.model.name == "auto"


def test_with_overrides_of_nothing_is_equal() -> None:
    base = load_settings()
    assert base.with_overrides(model={"name": None}) == base


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"model": {"size": 3}}, "command-line options: unknown key model.size; known: disable, name"),
        ({"limits": {"batch_size": "x"}}, "command-line options: limits.batch_size must be int, got 'x'"),
        ({"engine": {"name": "ray"}}, "command-line options: unknown section [engine]; known: "),
    ],
)
def test_with_overrides_validates(overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings().with_overrides(**overrides)
    assert str(caught.value).startswith(message)


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(AttributeError):
        settings.model.name = "x"  # type: ignore[misc]


def test_disable_must_be_a_list_of_strings(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[model]\ndisable = ["ner", 3]\n', "utf-8")
    with pytest.raises(ConfigError, match=r"model.disable must be a list of strings"):
        load_settings(path)
