/** W3C Web Annotation TextQuoteSelector. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector, offsets in the normalised page text. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** JSON-serialisable description of a highlighted passage. */
export interface Selectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** Section the passage starts in, or null when unknown. */
  sectionId: string | null;
  /**
   * Where the quote began in the root's `textContent` when it was described:
   * a hint that lets an unchanged passage be checked in place without building
   * the text index. Optional (older or imported selectors lack it); never
   * trusted without the quote and its context.
   */
  rawStart?: number;
}
