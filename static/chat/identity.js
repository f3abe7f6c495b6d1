// Known customers (docs/api.md): the wallet's signed identity of its user, handed over by the
// page that embeds the chat (the launcher's data-identity attribute or hcChat.identify(),
// relayed to this frame by postMessage) or in the full-page chat's URL fragment
// (#identity=…, which browsers never send to a server), is exchanged once for the help
// center's session, so the chat that follows is that wallet user's.

import { callApi } from "./api.js";

/** The signed identity in this page's URL fragment, removed from the address bar; or "". */
export function identityFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const identity = fragment.get("identity") || "";
  if (identity) window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return identity;
}

/**
 * Exchange a signed identity for the help center's session (single use: the server refuses it
 * a second time). The customer ({name, email, ...}), or null when it was refused.
 * @param {string} identity
 */
export async function signIn(identity) {
  const result = await callApi("/api/v1/identity/exchange", {
    method: "POST",
    body: { identity, mode: "session" },
  });
  return result.ok ? result.data.customer : null;
}
