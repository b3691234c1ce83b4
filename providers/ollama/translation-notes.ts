/**
 * What a translation noticed that the client's answer does not show, for a metric and a
 * log line. Returned beside a whole response (`notes` next to `response` and `usage`) and
 * read from a stream translator once it has ended (its `notes` getter).
 */
export interface TranslationNotes {
  /**
   * `tool_choice` asked for a call (`required`, a named function, `allowed_tools` with
   * mode `required`) and the model answered without one; the answer went back unaltered.
   */
  toolChoiceMissed: boolean;
}
