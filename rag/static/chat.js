// article-chat: selecting a [n] marker or a source brings its sentence into view and highlights it.
// Markers and sources are links to #<sentence id>; one delegated listener handles them all, and
// composedPath() also sees clicks inside a <gradio-app> web component.
() => {
  if (window.__articleChatCitations) return;
  window.__articleChatCitations = true;

  function findTarget(root, id) {
    const selector = `[data-sentence-id="${CSS.escape(id)}"]`;
    const roots = [root, document];
    for (const r of roots) {
      if (!r || !r.querySelectorAll) continue;
      const inArticle = r.querySelector(`.article-scroll ${selector}`);
      if (inArticle) return inArticle;
      const anywhere = r.querySelector(selector);
      if (anywhere) return anywhere;
    }
    return null;
  }

  function focusSentence(root, id) {
    const target = findTarget(root, id);
    if (!target) return false;
    const scope = target.getRootNode();
    for (const el of scope.querySelectorAll(".sentence-active")) el.classList.remove("sentence-active");
    target.classList.add("sentence-active");
    // Scroll only the article box (not the whole page) so the sentence sits in its middle.
    const box = target.closest(".article-scroll");
    if (box) {
      const outer = box.getBoundingClientRect();
      const inner = target.getBoundingClientRect();
      box.scrollTop += inner.top - outer.top - Math.max(0, (outer.height - inner.height) / 2);
      const now = box.getBoundingClientRect();
      if (now.bottom < 0 || now.top > window.innerHeight) box.scrollIntoView({ block: "nearest" });
    } else {
      target.scrollIntoView({ block: "nearest" });
    }
    target.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.composedPath().find(
      (el) => el instanceof Element && el.matches('a.cite[href^="#s-"], a.source-link[href^="#s-"]')
    );
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    focusSentence(link.getRootNode(), link.getAttribute("href").slice(1));
  }, true);
}
