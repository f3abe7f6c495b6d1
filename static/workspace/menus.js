// Menu buttons of the workspace pane (WAI-ARIA menu button pattern): a button with
// aria-haspopup="menu" and aria-controls opens its menu of [role^=menuitem] buttons, the current
// value (aria-checked) focused; arrow keys, Home/End and type-ahead move, Escape closes and gives
// the focus back, Tab closes. The items are ordinary buttons (a property's are submit buttons of
// a POST form), so a click or Enter does what the item says.
function menuItems(menu) {
  return [...menu.querySelectorAll("[role^=menuitem]")];
}

export function openMenu(button, { last = false } = {}) {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  closeMenus();
  menu.hidden = false;
  button.setAttribute("aria-expanded", "true");
  const items = menuItems(menu);
  const checked = items.findIndex((item) => item.getAttribute("aria-checked") === "true");
  (items[last ? items.length - 1 : Math.max(checked, 0)] || items[0])?.focus();
}

export function closeMenus({ restore = false } = {}) {
  for (const button of document.querySelectorAll("[aria-haspopup=menu][aria-expanded=true]")) {
    button.setAttribute("aria-expanded", "false");
    const menu = document.getElementById(button.getAttribute("aria-controls"));
    if (menu) menu.hidden = true;
    if (restore) button.focus();
  }
}

export function setupMenus(scope) {
  for (const button of scope.querySelectorAll("[aria-haspopup=menu]")) {
    if (button.dataset.menuReady) continue;
    button.dataset.menuReady = "1";
    const menu = document.getElementById(button.getAttribute("aria-controls"));
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-expanded") === "true") closeMenus();
      else openMenu(button);
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        openMenu(button, { last: event.key === "ArrowUp" });
      }
    });
    menu?.addEventListener("keydown", (event) => {
      const items = menuItems(menu);
      const index = items.indexOf(document.activeElement);
      const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (move) {
        event.preventDefault();
        items[(index + move + items.length) % items.length].focus();
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        items[event.key === "Home" ? 0 : items.length - 1].focus();
      } else if (event.key === "Escape" || event.key === "Tab") {
        if (event.key === "Escape") event.preventDefault();
        event.stopPropagation();
        closeMenus({ restore: event.key === "Escape" });
      } else if (event.key.length === 1 && /\S/.test(event.key)) {
        // Type-ahead: the next item starting with the letter.
        const letter = event.key.toLowerCase();
        const order = [...items.slice(index + 1), ...items.slice(0, index + 1)];
        order.find((item) => item.textContent.trim().toLowerCase().startsWith(letter))?.focus();
      }
    });
  }
}
