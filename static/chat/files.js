// Files in chat messages, shared by the widget and the console: the checks the browser can make
// before uploading (how many, how large), and the text to show when the server refuses them.
// The server checks everything again, and the type from the bytes (only it can).

import { format } from "./text.js";

/**
 * The reason `files` cannot be sent, or "" when they can.
 * @param {File[]} files
 * @param {{maxFiles: number, maxFileBytes: number}} config
 * @param {object} strings  the page's translated strings
 */
export function checkFiles(files, config, strings) {
  if (files.length > config.maxFiles) return format(strings.too_many_files, { count: config.maxFiles });
  const large = files.find((file) => file.size > config.maxFileBytes);
  return large ? format(strings.file_too_large, { name: large.name }) : "";
}

/**
 * What to tell the sender when an upload failed, and whether trying again can help.
 * @param {{status: number, code: string, data: object}} result  from api.uploadFiles
 * @returns {{text: string, retry: boolean}}
 */
export function uploadFailure(result, strings) {
  if (result.status === 0) return { text: strings.network_error, retry: true };
  if (result.status === 429) return { text: strings.rate_limited_files, retry: true };
  if (result.status >= 500) return { text: strings.error, retry: true };
  // Refused files: the server names each one, in the page's language.
  const messages = Object.values(result.data.fields || {})
    .flat()
    .map((m) => (typeof m === "object" && m ? m.message : String(m)));
  return { text: messages.join(" ") || strings.not_sent, retry: false };
}
