// JSON calls to the chat API (docs/chat-protocol.md, section 5). Never throws for HTTP errors:
// callers branch on `ok`, `status` and the API's error `code`.

import { cookie } from "./text.js";

/**
 * @param {string} url
 * @param {{method?: string, body?: object, token?: string}} options
 *   token: the conversation's customer token (X-Chat-Token); without it the session and the
 *   CSRF cookie authenticate the call.
 * @returns {Promise<{ok: boolean, status: number, data: object, code: string}>}
 */
export async function callApi(url, { method = "GET", body, token } = {}) {
  // X-Chat-Client is the CSRF defence that still works in a third-party iframe without cookies
  // (see chat/api.py); the CSRF token is sent too when the cookie is readable.
  const headers = { Accept: "application/json", "X-Chat-Client": "widget" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["X-Chat-Token"] = token;
  else if (method !== "GET" && cookie("csrftoken")) headers["X-CSRFToken"] = cookie("csrftoken");
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, status: 0, data: {}, code: "network" };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  return { ok: response.ok, status: response.status, data, code: data.error || "" };
}

/** A websocket URL on this page's host for a server path such as "/ws/agent/". */
export function socketUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
