// JSON calls to the chat API (docs/chat-protocol.md, section 5). Never throws for HTTP errors:
// callers branch on `ok`, `status` and the API's error `code`.

import { cookie } from "./text.js";

/** The headers every call carries; `token` is the conversation's customer token. */
function authHeaders(method, token) {
  // X-Chat-Client is the CSRF defence that still works in a third-party iframe without cookies
  // (see chat/api.py); the CSRF token is sent too when the cookie is readable.
  const headers = { Accept: "application/json", "X-Chat-Client": "widget" };
  if (token) headers["X-Chat-Token"] = token;
  else if (method !== "GET" && cookie("csrftoken")) headers["X-CSRFToken"] = cookie("csrftoken");
  return headers;
}

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin" });
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

/**
 * @param {string} url
 * @param {{method?: string, body?: object, token?: string}} options
 *   token: the conversation's customer token (X-Chat-Token); without it the session and the
 *   CSRF cookie authenticate the call.
 * @returns {Promise<{ok: boolean, status: number, data: object, code: string}>}
 */
export async function callApi(url, { method = "GET", body, token } = {}) {
  const headers = authHeaders(method, token);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * Send files (multipart/form-data): the message-with-files upload. No Content-Type header: the
 * browser writes the multipart boundary itself.
 * @param {string} url
 * @param {{fields?: object, files: File[], token?: string}} options
 * @returns {Promise<{ok: boolean, status: number, data: object, code: string}>}
 */
export async function uploadFiles(url, { fields = {}, files, token }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append("files", file, file.name);
  return send(url, { method: "POST", headers: authHeaders("POST", token), body });
}

/**
 * A private file (a chat attachment) fetched with the token header and kept as a `blob:` URL,
 * so the token is never in a URL (an <img> cannot send a header). "" when it cannot be loaded.
 * @param {string} url  the download path
 * @param {string} token  the conversation's customer token
 * @returns {Promise<string>}
 */
export async function fileObjectUrl(url, token) {
  try {
    const response = await fetch(url, { headers: authHeaders("GET", token), credentials: "same-origin" });
    return response.ok ? URL.createObjectURL(await response.blob()) : "";
  } catch {
    return "";
  }
}

/** A websocket URL on this page's host for a server path such as "/ws/agent/". */
export function socketUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
