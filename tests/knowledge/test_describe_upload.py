"""An administrator says what an uploaded document is (kind, issuer, level): the uploads' catalog keeps it,
the bundled catalog is untouched, and a kind or level outside the lists is refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalog import UPLOADS_CATALOG, describe_upload, is_binding, load_catalogs
from knowledge.config import PROJECT_ROOT
from knowledge.errors import ConfigError

BUNDLED = PROJECT_ROOT / "knowledge" / "catalog.toml"


def test_a_described_upload_is_in_the_catalogs(tmp_path: Path) -> None:
    describe_upload(tmp_path, "临时抽调", kind="实施办法", issuer="某县委组织部", level="县")
    describe_upload(tmp_path, "临时抽调", title="临时抽调人员管理办法")  # a second call keeps what the first said
    describe_upload(tmp_path, '引号"与\\斜杠', kind="新闻报道")
    catalog = load_catalogs(BUNDLED, tmp_path)
    entry = catalog["临时抽调"]
    assert (entry.kind, entry.issuer, entry.level, entry.title) == ("实施办法", "某县委组织部", "县", "临时抽调人员管理办法")
    assert is_binding(entry.kind) and not is_binding(catalog['引号"与\\斜杠'].kind)
    assert catalog["001_ad443106805678c7"].kind == "实施意见"  # the bundled catalog still answers for its own
    assert (tmp_path / UPLOADS_CATALOG).is_file()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "胡写"}, "文件类型 “胡写” 无效"),
    ({"level": "村"}, "层级 “村” 无效"),
])
def test_a_bad_kind_or_level_is_refused(tmp_path: Path, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        describe_upload(tmp_path, "doc", **kwargs)
    assert not (tmp_path / UPLOADS_CATALOG).exists()
