// Insert text (a canned response) at the caret of a composer, on a line of its own, and tell
// listeners (autosize, "typing") the value changed. The ticket page and the inbox pane share it.
export function insertAtCursor(textarea, text) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const before = value.slice(0, start);
  const joiner = before && !before.endsWith("\n") ? "\n" : "";
  textarea.value = before + joiner + text + value.slice(end);
  const caret = (before + joiner + text).length;
  textarea.setSelectionRange(caret, caret);
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
  textarea.focus();
}
