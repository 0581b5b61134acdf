from __future__ import annotations

import re
from dataclasses import replace

from eval.report import render_html
from eval.run import QuestionResult, build_report

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_report_is_self_contained_and_escapes_answers(three_results: list[QuestionResult]) -> None:
    evil = replace(three_results[0], answer='<script>alert("x")</script> <img src="http://evil.example/x.png">',
                   question="<b>问</b>")
    results = [evil, *three_results[1:]]
    html = render_html(build_report(results, {"dataset": "set.jsonl"}), results)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert not EXTERNAL.search(html)
    assert "&lt;b&gt;问&lt;/b&gt;" in html
    assert "<svg" in html  # the latency chart


def test_failing_questions_come_first_with_the_gold_quote(three_results: list[QuestionResult]) -> None:
    html = render_html(build_report(three_results, {}), three_results)
    failing, passing = html.index("未通过的问题(2)"), html.index("通过的问题(1)")
    assert failing < html.index("t1") < html.index("t2") < passing < html.index("t3")
    assert "工作交接一般应在7个工作日内办结" in html  # the gold quote, beside the citations
    assert "未达到验收阈值" in html


def test_judge_scores_are_marked(three_results: list[QuestionResult]) -> None:
    report = build_report(three_results, {})
    report["judge"] = {"llm_judge": True, "model": "openai:qwen", "faithfulness": 0.75, "correctness": 0.5, "n": 1}
    html = render_html(report, three_results)
    assert "大模型评判" in html and "非确定性" in html and "openai:qwen" in html
