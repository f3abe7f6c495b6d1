// Interactive elements smaller than 44 × 44 CSS px, as "tag "name" WxH" lines, searched in the
// document and in open shadow roots (the chat launcher). Read by tests/browser/test_accessibility.py.
// Exempt (docs/accessibility.md): links inside running text (article bodies, chat message
// bubbles), elements that take no room (hidden panels, visually hidden inputs whose label is
// the target) and the spam trap moved off the left edge for robots. A radio or checkbox is
// measured by the label that wraps or names it: that is what a finger taps.
() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  const hosts = [...document.querySelectorAll("*")].filter((element) => element.shadowRoot);
  const roots = [document, ...hosts.map((host) => host.shadowRoot)];
  const small = [];
  for (const root of roots) {
    for (const element of root.querySelectorAll(selector)) {
      if (element.closest(".faq-article__body, .chat-msg__bubble")) continue;
      let target = element;
      if (element.matches("input[type=radio], input[type=checkbox]")) {
        target = element.closest("label") || root.querySelector(`label[for="${element.id}"]`) || element;
      }
      const box = target.getBoundingClientRect();
      const takesNoRoom = box.width <= 1 || box.height <= 1 || box.right <= 0;
      if (takesNoRoom || getComputedStyle(target).visibility === "hidden") continue;
      if (box.width < 44 || box.height < 44) {
        const name = target.getAttribute("aria-label") || target.textContent || target.name || "";
        const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
        small.push(`${target.tagName.toLowerCase()} "${name.trim().slice(0, 40)}" ${size}`);
      }
    }
  }
  return small;
}
