/** One section of an essay, as a reader would see it in a table of contents. */
export interface Section {
  /** Stable across reloads and small edits of the page. */
  id: string;
  /** Relative level: the essay's top heading level is 1. The intro section has level 1. */
  level: number;
  /** Heading text as shown (decorations stripped, whitespace normalised). '' for the intro. */
  heading: string;
  /** The heading element in the page; null for the intro / whole-article section. */
  headingElement: Element | null;
}

export interface Outline {
  title: string;
  sections: Section[];
}
