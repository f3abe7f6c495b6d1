// The report's filters: menu buttons (the console's pattern, static/workspace/menus.js) for the
// date range and the choices, and typed dates (YYYY-MM-DD; the server says what is wrong).
// A range preset fills both dates and shows the report; "Custom dates" moves to the first date.
// A choice sets its hidden field and the button's text; "Show" applies them.
import { closeMenus, setupMenus } from "../workspace/menus.js";

const form = document.querySelector("[data-report-filters]");

function choose(item) {
  const menu = item.closest("[role=menu]");
  for (const other of menu.querySelectorAll("[role=menuitemradio]")) {
    other.setAttribute("aria-checked", other === item ? "true" : "false");
  }
  const filter = item.closest("[data-menu]");
  filter.querySelector("[data-current]").textContent = item.textContent.trim();
  closeMenus({ restore: true });
  if (item.dataset.start) {
    form.elements.start.value = item.dataset.start;
    form.elements.end.value = item.dataset.end;
    form.requestSubmit();
  } else if ("custom" in item.dataset) {
    form.elements.start.focus();
    form.elements.start.select();
  } else {
    filter.querySelector("[data-menu-value]").value = item.dataset.value;
  }
}

if (form) {
  setupMenus(form);
  form.addEventListener("click", (event) => {
    const item = event.target.closest("[role=menuitemradio]");
    if (item) choose(item);
  });
  // Enter and Space on a focused item are clicks already (they are buttons).
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-menu]")) closeMenus();
  });
  // Typing a date by hand makes the range "Custom dates".
  for (const name of ["start", "end"]) {
    form.elements[name].addEventListener("input", () => {
      const custom = form.querySelector("#ins-range-menu [data-custom]");
      for (const item of form.querySelectorAll("#ins-range-menu [role=menuitemradio]")) {
        item.setAttribute("aria-checked", item === custom ? "true" : "false");
      }
      form.querySelector("#ins-range-button [data-current]").textContent = custom.textContent.trim();
    });
  }
}
