"""The Streamlit server `make run` starts (.streamlit/config.toml) makes no call off its host."""

from __future__ import annotations

import pytest
from streamlit import config, net_util
from streamlit.web import bootstrap

from tests.support import ROOT


@pytest.fixture
def project_config(monkeypatch):
    """Streamlit's options as `make run` reads them: from the project's own folder."""
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    config.get_config_options(force_reparse=True)


def test_the_server_listens_on_loopback_by_default(project_config):
    assert project_config.get_option("server.address") == "127.0.0.1"
    assert project_config.get_where_defined("server.address").endswith(".streamlit/config.toml")


def test_start_up_asks_no_one_for_this_machines_address(project_config, monkeypatch, capsys):
    """Streamlit prints an "External URL" from checkip.amazonaws.com, and a "Network URL"
    from a socket opened towards 8.8.8.8, whenever no server address is set."""
    asked = []
    monkeypatch.setattr(net_util, "get_external_ip", lambda: asked.append("external"))
    monkeypatch.setattr(net_util, "get_internal_ip", lambda: asked.append("internal"))
    monkeypatch.setattr(project_config, "get_option", _without_hidden_banner(config.get_option))
    bootstrap._print_url(is_running_hello=False)
    assert asked == []
    assert "URL: http://127.0.0.1:" in capsys.readouterr().out


def _without_hidden_banner(get_option):
    """Streamlit's options, with the start-up banner shown (so the check runs its code)."""
    return lambda name: False if name == "logger.hideWelcomeMessage" else get_option(name)
