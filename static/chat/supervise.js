// Supervisor tools in the chat console (docs/console.md, Supervisor tools): on a colleague's live
// chat, opened read-only (a watch), "Join" writes beside its agent and "Take over" makes it the
// supervisor's. Frames go over the console's own agent socket (console.js bridges it with the
// `agent-socket:send` event); the server answers `supervising` or `assigned`, which console.js
// shows, or an `error` (forbidden) for anyone who is not a supervisor.

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-supervise]");
  const pane = button?.closest(".cc-pane");
  if (!button || !pane?.dataset.conversation) return;
  const frame = { type: "supervise", conversation: Number(pane.dataset.conversation), action: button.dataset.supervise };
  document.dispatchEvent(new CustomEvent("agent-socket:send", { detail: frame }));
});
