package dev.mlops.cli;

/** What a command prints: readable text (the default) or the JSON of CLI-JSON.md. */
enum Format {
  TEXT,
  JSON
}
