"""Chinese for the words gradio's page builds in English whatever the browser's language.

gradio translates most of its page (upload box, buttons) by the browser's language; some labels are
fixed English in its scripts: screen-reader labels ("chatbot conversation", "Select example 1: …",
"More tabs", "File upload") and toast titles ("Info", "Warning", "Error"). The script below, loaded in
the page head, rewrites those attributes and titles as gradio adds them (a MutationObserver), and
gradio's English busy message too. Labels of our own components are set in Chinese in web/ui.py.
"""

from __future__ import annotations

import json

# exact aria-label -> Chinese; "Select example N: text" is handled by a pattern in the script
ARIA_LABELS = {
    "chatbot conversation": "对话记录",
    "More tabs": "更多标签页",
    "File upload": "上传文件",
    "Click to upload or drop files": "点击上传或拖入文件",
    "Textbox": "输入框",
    "Clear": "清空",
    "Like": "赞(回答有帮助)",
    "Dislike": "踩(回答没有帮助)",
    "Copy": "复制",
    "Copy message": "复制消息",
    "Scroll down": "滚动到底部",
    "Retry": "重试",
    "Undo": "撤销",
    "Close": "关闭",
    "Remove": "移除",
    "Download": "下载",
    "Upload file": "上传文件",
    "Submit": "发送",
    "Loading": "加载中",
    "Dismiss": "关闭",
    "Remove All": "全部移除",
    "Remove all": "全部移除",
}
TOAST_TITLES = {"Info": "提示", "Warning": "注意", "Error": "出错了", "Success": "完成"}
BUSY_EN = "This application is currently busy"
BUSY_ZH = "系统繁忙,请稍后再试"
RETRY_EN = " Please try again."  # gradio appends it to every busy message, ours included

ARIA_SCRIPT = """
<script>
(function () {
  var LABELS = __LABELS__, TITLES = __TITLES__, BUSY_EN = __BUSY_EN__, BUSY_ZH = __BUSY_ZH__, RETRY_EN = __RETRY_EN__;
  var EXAMPLE = /^Select example (\\d+): ?/, MESSAGE = /^(user|bot)'s message: /;
  function fixLabels(root) {
    var els = root.querySelectorAll ? root.querySelectorAll('[aria-label],[title]') : [];
    for (var i = 0; i < els.length; i++) {
      var el = els[i], a = el.getAttribute('aria-label'), t = el.getAttribute('title');
      if (a !== null) {
        if (LABELS[a]) { el.setAttribute('aria-label', LABELS[a]); }
        else if (EXAMPLE.test(a)) { el.setAttribute('aria-label', a.replace(EXAMPLE, '示例问题 $1:')); }
        else if (MESSAGE.test(a)) {
          // gradio labels a chat message with its raw HTML: read its text instead
          var who = a.indexOf('user') === 0 ? '提问:' : '回答:';
          el.setAttribute('aria-label', who + (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 300));
        }
      }
      if (t !== null && LABELS[t]) { el.setAttribute('title', LABELS[t]); }
      // a choice's title is its internal value ("cloze", "easy"): use the words it shows instead
      else if (t && /^[\\x00-\\x7f]+$/.test(t)) {
        var shown = (el.textContent || (el.closest('label') && el.closest('label').textContent) || '').trim();
        if (/[\\u4e00-\\u9fff]/.test(shown)) { el.setAttribute('title', shown); }
      }
    }
  }
  function retext(root, from, to) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) { if (node.data.indexOf(from) >= 0) { node.data = node.data.split(from).join(to); } }
  }
  function fixToasts() {
    var bodies = document.querySelectorAll('[data-testid="toast-body"]');
    for (var i = 0; i < bodies.length; i++) {
      // the whole body: a group of toasts ("提示 (2)") lists its messages outside the first one's text element
      var text = bodies[i];
      var busy = text.textContent.indexOf(BUSY_EN) >= 0 || text.textContent.indexOf(BUSY_ZH) >= 0;
      if (busy) { retext(text, BUSY_EN, BUSY_ZH); retext(text, RETRY_EN, ''); retext(text, '.' + RETRY_EN.trim(), ''); }
      var title = bodies[i].querySelector('.toast-title');
      var key = title && title.textContent.trim();
      if (key && TITLES[key]) { retext(title, key, busy ? '提示' : TITLES[key]); }
    }
  }
  var pending = false;
  function fixAll() {
    pending = false; fixLabels(document); fixToasts();
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; setTimeout(fixAll, 0); }
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ['aria-label', 'title']});
  document.addEventListener('DOMContentLoaded', fixAll);
})();
</script>
""".replace("__LABELS__", json.dumps(ARIA_LABELS, ensure_ascii=False)).replace(
    "__TITLES__", json.dumps(TOAST_TITLES, ensure_ascii=False)).replace("__BUSY_EN__", json.dumps(BUSY_EN)).replace(
    "__BUSY_ZH__", json.dumps(BUSY_ZH, ensure_ascii=False)).replace("__RETRY_EN__", json.dumps(RETRY_EN))
