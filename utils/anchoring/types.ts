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
}
