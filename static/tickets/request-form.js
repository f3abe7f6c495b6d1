// The request form: suggests FAQ articles while the subject is typed (deflection) and warns
// about too many or too large files before upload. Works without it; the server checks all.
const form = document.querySelector("[data-ticket-form]");
const strings = JSON.parse(document.getElementById("ticket-form-strings")?.textContent || "{}");

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function setupSuggestions() {
  const subject = form.querySelector("[name=subject]");
  const box = form.querySelector("[data-suggest]");
  const list = form.querySelector("[data-suggest-list]");
  let controller = null;

  const show = (results) => {
    list.replaceChildren(
      ...results.slice(0, 5).map((item) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.title;
        li.append(link);
        if (item.snippet) {
          const p = document.createElement("p");
          p.textContent = item.snippet;
          li.append(p);
        }
        return li;
      }),
    );
    box.hidden = results.length === 0;
  };

  const lookup = debounce(async () => {
    const q = subject.value.trim();
    if (q.length < 2) return show([]);
    controller?.abort();
    controller = new AbortController();
    const url = `${form.dataset.suggestUrl}?q=${encodeURIComponent(q)}&lang=${encodeURIComponent(form.dataset.lang)}`;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      // No suggestions service (or it is busy): the form simply works without suggestions.
      if (!response.ok) return show([]);
      const data = await response.json();
      show(Array.isArray(data.results) ? data.results : []);
    } catch (error) {
      if (error.name !== "AbortError") show([]);
    }
  }, 250);

  subject.addEventListener("input", lookup);
}

function setupFileWarning() {
  const input = form.querySelector("input[type=file]");
  const warning = form.querySelector("[data-file-warning]");
  if (!input || !warning) return;
  input.addEventListener("change", () => {
    const files = [...input.files];
    const large = files.find((f) => f.size > 10 * 1024 * 1024);
    let text = "";
    if (files.length > 5) text = strings.tooMany;
    else if (large) text = strings.tooLarge.replace("%(name)s", large.name);
    warning.textContent = text;
    warning.hidden = !text;
  });
}

if (form) {
  setupSuggestions();
  setupFileWarning();
}
