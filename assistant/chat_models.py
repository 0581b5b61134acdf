"""One table of chat-model providers (name -> factory), used by the answerer and the eval judge alike.

Adding a provider is one entry here and its name in knowledge.config.LLM_PROVIDERS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from knowledge.config import Settings
from knowledge.errors import ConfigError


def _openai(settings: Settings, temperature: float, streaming: bool, max_retries: int) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model,  # type: ignore[call-arg]
                      api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
                      timeout=settings.llm_timeout, max_retries=max_retries, temperature=temperature,
                      streaming=streaming)


def _ollama(settings: Settings, temperature: float, streaming: bool, max_retries: int) -> Any:
    from langchain_ollama import ChatOllama

    return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or None, temperature=temperature)


CHAT_MODELS: dict[str, Callable[[Settings, float, bool, int], Any]] = {"openai": _openai, "ollama": _ollama}


def build_chat_model(settings: Settings, *, temperature: float | None = None, streaming: bool = False,
                     max_retries: int = 0) -> Any:
    """A langchain chat model for the configured provider; ConfigError when none is configured."""
    factory = CHAT_MODELS.get(settings.llm_provider)
    if factory is None:
        raise ConfigError(f"未配置可用的大模型(JIANDU_LLM_PROVIDER=“{settings.llm_provider}”),可选: {', '.join(CHAT_MODELS)}")
    temp = settings.llm_temperature if temperature is None else temperature
    return factory(settings, temp, streaming, max_retries)
