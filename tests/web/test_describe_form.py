"""The knowledge tab's 说明这份文件 form, called as gradio calls it: the server checks the role, so a reader who
sends the event anyway (the form is hidden from them) changes nothing and is told why in Chinese."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.service import Assistant
from knowledge.catalog import UPLOADS_CATALOG
from knowledge.config import Settings
from knowledge.manage import save_upload
from tests.web.conftest import copy_data
from web.access import ADMIN_ONLY
from web.tabs.context import Context
from web.tabs.knowledge import describe

UPLOAD = "临时抽调人员管理办法"


@pytest.fixture
def roles(corpus_settings: Settings, tmp_path: Path) -> Context:
    settings = copy_data(corpus_settings, tmp_path / "data").with_(auth="admin1:pw-admin,reader:pw-reader",
                                                                  admins="admin1")
    save_upload(settings, f"{UPLOAD}.txt", "临时抽调人员管理办法\n\n第一条 抽调期限一般不超过六个月。\n".encode())
    return Context(settings, Assistant(settings), gr.Blocks())


@pytest.mark.parametrize("user", ["reader", None])
def test_describe_refuses_anyone_but_an_administrator(roles: Context, user: str | None) -> None:
    out = describe(roles, UPLOAD, "规定", "某县委组织部", "县", "", None, gr.Request(username=user))
    assert ADMIN_ONLY in out[0]
    assert not (roles.settings.data_dir / UPLOADS_CATALOG).exists()


def test_describe_tells_an_administrator_why_a_bundled_document_is_refused(roles: Context) -> None:
    out = describe(roles, "001_ad443106805678c7", "新闻报道", "", None, "", None, gr.Request(username="admin1"))
    assert "是随附文档" in out[0] and "jd-error" in out[0]
    assert not (roles.settings.data_dir / UPLOADS_CATALOG).exists()
