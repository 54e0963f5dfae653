"""Typed settings: ``default.toml`` beside this module, a user file laid over it.

``load_settings()`` gives the defaults; ``load_settings(path)`` overlays a user TOML file and
``with_overrides`` applies command-line options. Unknown sections or keys, and values of the
wrong type, raise :class:`~thucydides.errors.ConfigError` naming the key and what is valid.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class ModelSettings:
    name: str = "auto"
    disable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LimitSettings:
    max_document_bytes: int = 5_000_000
    batch_size: int = 32


@dataclass(frozen=True, slots=True)
class CleanSettings:
    remove_boilerplate: bool = True


@dataclass(frozen=True, slots=True)
class ActorSettings:
    inherit_country: bool = True


EVENT_CODERS = ("learned", "rules")
QUOTE_CODERS = ("learned", "rules")


@dataclass(frozen=True, slots=True)
class EventSettings:
    """``coder``: ``learned`` (the rules fused with the shipped event model) or ``rules`` alone."""

    coder: str = "learned"
    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"coder": EVENT_CODERS}


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    """``coder``: ``rules`` (the default) or ``learned`` (the rules fused with the shipped
    attribution tagger: better on PolNeAR, a little less precise on our judged news sample, and
    its extra quotes make more events ``reported``, so not yet the default)."""

    coder: str = "rules"
    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"coder": QUOTE_CODERS}


@dataclass(frozen=True, slots=True)
class StoreSettings:
    path: str = "thucydides.duckdb"


@dataclass(frozen=True, slots=True)
class Settings:
    model: ModelSettings = field(default_factory=ModelSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    actors: ActorSettings = field(default_factory=ActorSettings)
    events: EventSettings = field(default_factory=EventSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    store: StoreSettings = field(default_factory=StoreSettings)

    def with_overrides(self, **sections: dict[str, Any]) -> Settings:
        """A copy with ``section={key: value}`` applied; ``None`` values are ignored."""
        merged = _as_dict(self)
        for section, values in sections.items():
            for key, value in values.items():
                if value is not None:
                    merged.setdefault(section, {})[key] = value
        return _build(merged, "command-line options")


def _as_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    return {f.name: dataclasses.asdict(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def _build(raw: dict[str, Any], origin: str) -> Settings:
    sections: dict[str, Any] = {}
    known = {f.name: f for f in dataclasses.fields(Settings)}
    for name, values in raw.items():
        if name not in known:
            raise ConfigError(f"{origin}: unknown section [{name}]; known: {', '.join(known)}")
        section_cls = known[name].default_factory  # type: ignore[misc]
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: [{name}] must be a table of keys")
        sections[name] = _build_section(section_cls, name, values, origin)
    return Settings(**sections)


def _build_section(cls: Any, name: str, values: dict[str, Any], origin: str) -> Any:
    defaults = cls()
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"{origin}: unknown key {name}.{key}; known: {', '.join(sorted(fields))}")
        expected = type(getattr(defaults, key))
        if expected is tuple and isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{origin}: {name}.{key} must be a list of strings, got {value!r}")
            value = tuple(value)
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            raise ConfigError(f"{origin}: {name}.{key} must be {expected.__name__}, got {value!r}")
        choices = getattr(cls, "CHOICES", {}).get(key)
        if choices is not None and value not in choices:
            raise ConfigError(f"{origin}: {name}.{key} must be one of {', '.join(choices)}, got {value!r}")
        if expected is int and value <= 0:
            raise ConfigError(f"{origin}: {name}.{key} must be a positive integer, got {value}")
        kwargs[key] = value
    return cls(**kwargs)


def load_settings(path: str | Path | None = None) -> Settings:
    """The package defaults, with the user TOML file at ``path`` laid over them."""
    default_text = resources.files("thucydides").joinpath("default.toml").read_text("utf-8")
    raw: dict[str, Any] = tomllib.loads(default_text)
    if path is not None:
        user_path = Path(path)
        try:
            user = tomllib.loads(user_path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{user_path}: settings file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{user_path}: not valid TOML: {exc}") from None
        for section, values in user.items():
            if isinstance(values, dict) and isinstance(raw.get(section), dict):
                raw[section] = {**raw[section], **values}
            else:
                raw[section] = values
        return _build(raw, str(user_path))
    return _build(raw, "default.toml")
