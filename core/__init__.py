"""The shared core every product app builds on: topics, business hours, stored files and the
one way of doing each cross-cutting thing (events to browsers, rate limits and the client
address, permission-checked downloads, bilingual columns, per-process memos, database fast
paths). It imports no product app and not the project package."""
