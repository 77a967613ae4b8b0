"""The extra CA file setting: config file, AGENTCORE_CA_FILE, --ca-file; a bad file is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.cli.parser import build_parser, profile_from_args
from gui.config import load_profile
from gui.config.writing import save_profile
from gui.errors import ConfigError
from tests.support.tls import LocalCA


def test_every_layer_sets_it_and_the_later_wins(tmp_path: Path):
    first, second, third = (str(LocalCA(tmp_path / n).ca_file) for n in ("a", "b", "c"))
    config = tmp_path / "config.toml"
    config.write_text(f'ca_file = "{first}"\n')
    assert load_profile(path=config, environ={}).ca_file == first
    env = {"AGENTCORE_CA_FILE": second}
    assert load_profile(path=config, environ=env).ca_file == second
    flags = {"ca_file": third}
    assert load_profile(path=config, environ=env, overrides=flags).ca_file == third


def test_the_flag_reaches_the_profile(tmp_path: Path):
    ca_file = str(LocalCA(tmp_path).ca_file)
    args = build_parser().parse_args(
        ["--config", str(tmp_path / "none.toml"), "--ca-file", ca_file, "status"]
    )
    assert profile_from_args(args).ca_file == ca_file


def test_it_is_saved_with_the_other_settings(tmp_path: Path):
    ca_file = str(LocalCA(tmp_path).ca_file)
    path = tmp_path / "config.toml"
    save_profile(load_profile(path=path, environ={}, overrides={"ca_file": ca_file}), path)
    assert load_profile(path=path, environ={}).ca_file == ca_file


def test_a_missing_file_is_a_config_error_naming_the_setting(tmp_path: Path):
    missing = tmp_path / "corp-ca.pem"
    with pytest.raises(ConfigError) as caught:
        load_profile(path=tmp_path / "none.toml", environ={"AGENTCORE_CA_FILE": str(missing)})
    assert caught.value.setting == "ca_file"
    assert str(missing) in caught.value.message and "does not exist" in caught.value.message


def test_a_file_without_a_certificate_is_a_config_error(tmp_path: Path):
    key = tmp_path / "server.key"
    key.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(ConfigError, match="holds no PEM certificate"):
        load_profile(path=tmp_path / "none.toml", environ={}, overrides={"ca_file": str(key)})
