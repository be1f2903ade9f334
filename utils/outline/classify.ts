import { hiddenByMarkup, UNRENDERED_TAGS } from '../hidden';

// General page-furniture heuristics: which elements are boilerplate (navigation,
// sidebars, share boxes, comments, ...) and which are visually hidden. These are
// conventions shared by most CMSs and frameworks, never one site's class names.

/**
 * Tags whose subtree is never article text: those never rendered as text at all
 * (`UNRENDERED_TAGS`, shared with anchoring), plus graphics, media, controls and
 * other non-prose the outline never takes a heading from.
 */
export const SKIP_TAGS: ReadonlySet<string> = new Set([
  ...UNRENDERED_TAGS,
  'svg', 'math', 'embed', 'canvas', 'video', 'audio', 'input', 'button', 'link',
  'meta', 'frame', 'frameset', 'map', 'datalist', 'option', 'dialog', 'slot',
]);

/** Inline tags: text inside them belongs to the nearest non-inline ancestor. */
export const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font',
  'i', 'ins', 'kbd', 'label', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span',
  'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'img', 'picture', 'source',
  'abbr', 'nobr', 'acronym', 'output',
]);

/** Landmark tags that are page furniture wherever they appear. */
const BOILER_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);

const BOILER_ROLES = new Set([
  'navigation', 'complementary', 'contentinfo', 'banner', 'search', 'dialog', 'alertdialog',
  'menu', 'menubar', 'toolbar', 'tablist', 'tooltip', 'feed',
]);

// Keywords matched at the start of a class/id token or after a - or _ inside it
// ("jp-relatedposts", "sd-sharing-enabled", "commentlist", "site-footer").
const BOILER_WORDS =
  'comment(?!ed|ing)|disqus|respond|replies|discussion|sidebar|side-bar|widget|share|sharing|social|related|' +
  'recommend|read-?next|up-?next|more-?stories|more-?from|most-?(?:read|popular)|popular|trending|' +
  'nav|menu|breadcrumb|footer|newsletter|subscri|signup|sign-up|optin|opt-in|mailing|' +
  'author-?(?:box|bio|info|card|profile)|about-?(?:the-)?author|bio-?box|toc|table-?of-?contents|' +
  'cookie|consent|gdpr|promo|advert|ads?(?=$|[-_])|sponsor|popup|modal|masthead|outbrain|taboola|' +
  'pagination|pager|post-?nav|skip-?link|rail|jump-?link|byline|dateline|kicker|eyebrow|' +
  'paywall|donate|tags?(?=$|[-_])';
// The essay's own figure furniture: it never holds the essay's headings, but what it holds
// belongs to the section it stands in.
const FIGURE_WORDS = 'caption|gallery|slideshow|carousel';
const BOILER_RE = new RegExp(`(?:^|[\\s_-])(?:${BOILER_WORDS}|${FIGURE_WORDS})`, 'i');
/** Furniture other than figures ("gallery-sidebar" is a sidebar). */
const NOT_FIGURE_RE = new RegExp(`(?:^|[\\s_-])(?:${BOILER_WORDS})`, 'i');
/** The subset for which a large share of the page's text is still no reason to keep it. */
const COMMENT_RE = /(?:^|[\s_-])(?:comment(?!ed|ing)|disqus|respond|replies|discussion)/i;
// Taxonomy classes ("tag-social-media", "category-sharing") describe the post, not the box.
const TAXONOMY_TOKEN = /(?:^|\s)(?:tag|category|categories|topic|topics|section|post-format|format)-\S*/gi;

const HIDDEN_RE =
  /(?:^|[\s_-])(?:sr-only|screen-?reader|visually-?hidden|visuallyhidden|element-?invisible|hidden-?visually|offscreen|a11y-?hidden|assistive-?text|hide-?text|u-hidden|is-hidden)(?:$|[\s_-])/i;

export type BoilerKind = 'none' | 'boiler' | 'comment' | 'figure';

/**
 * Whether `el` (tag, role, class or id) marks page furniture; 'comment' for comment
 * sections, 'figure' for a figure's caption, gallery or slideshow (no headings in it, but
 * part of the section it stands in).
 * Attributes already read may be passed; `itemprop` undefined means "read it from `el`".
 */
export function boilerKind(
  el: Element,
  tag: string,
  cls: string | null = el.getAttribute('class'),
  id: string | null = el.getAttribute('id'),
  role: string | null = el.getAttribute('role'),
  itemprop?: string | null,
): BoilerKind {
  if (BOILER_TAGS.has(tag)) return 'boiler';
  if (role && BOILER_ROLES.has(role.toLowerCase())) return 'boiler';
  let kind: BoilerKind = cls ? namesKind(cls) : 'none';
  if ((kind === 'none' || kind === 'figure') && id) {
    const byId = idKind(id);
    if (byId !== 'none' && (kind === 'none' || byId !== 'figure')) kind = byId;
  }
  if (kind === 'none' && (cls || id)) {
    if (itemprop === undefined) itemprop = el.getAttribute('itemprop');
    if (itemprop && /comment/i.test(itemprop)) return 'comment';
  }
  return kind;
}

// Pages repeat the same class strings thousands of times: classify each string once.
const kindCache = new Map<string, BoilerKind>();
const hiddenCache = new Map<string, boolean>();
const idCache = new Map<string, BoilerKind>();

function idKind(id: string): BoilerKind {
  let kind = idCache.get(id);
  if (kind !== undefined) return kind;
  // Long ids are slugs of the section's own heading ("sharing-with-a-single-developer").
  kind = id.length < 40 && id.split(/[-_]/).length <= 3 ? namesKind(id) : 'none';
  if (idCache.size > 20_000) idCache.clear();
  idCache.set(id, kind);
  return kind;
}

function namesKind(names: string): BoilerKind {
  let kind = kindCache.get(names);
  if (kind !== undefined) return kind;
  let n = names;
  if (n.indexOf('-') >= 0) n = n.replace(TAXONOMY_TOKEN, ' ');
  kind = !BOILER_RE.test(n) ? 'none' : COMMENT_RE.test(n) ? 'comment' : NOT_FIGURE_RE.test(n) ? 'boiler' : 'figure';
  if (kindCache.size > 20_000) kindCache.clear();
  kindCache.set(names, kind);
  return kind;
}

// What a class or id string says, as bits: the furniture kind, whether it marks
// screen-reader-only text, and (classes only) the level of a class="hN" token.
export const NAMES_BOILER = 1;
export const NAMES_COMMENT = 2;
export const NAMES_HIDDEN = 4;
/** The class="hN" level sits above the other bits: `bits >> NAMES_LEVEL_SHIFT`. */
export const NAMES_LEVEL_SHIFT = 3;
// For the detector a figure is furniture like any other: it holds no headings.
const KIND_BITS: Record<BoilerKind, number> = { none: 0, boiler: NAMES_BOILER, comment: NAMES_COMMENT, figure: NAMES_BOILER };
const CLASS_LEVEL = /(?:^|\s)h([1-6])(?:\s|$)/;
const classBitsCache = new Map<string, number>();
const idBitsCache = new Map<string, number>();

/**
 * Everything the detector asks of a class string, from one cache lookup (pages repeat
 * the same class strings thousands of times): furniture kind, screen-reader-only, and the
 * level named by a class="hN" token (only in class strings shorter than 40 characters).
 */
export function classBits(cls: string): number {
  let bits = classBitsCache.get(cls);
  if (bits === undefined) {
    const m = cls.length < 40 ? CLASS_LEVEL.exec(cls) : null;
    bits =
      KIND_BITS[namesKind(cls)] | (namesHidden(cls) ? NAMES_HIDDEN : 0) | (m ? (m[1].charCodeAt(0) - 48) << NAMES_LEVEL_SHIFT : 0);
    if (classBitsCache.size > 20_000) classBitsCache.clear();
    classBitsCache.set(cls, bits);
  }
  return bits;
}

/** The same for an id: furniture kind (as boilerKind reads ids) and screen-reader-only. */
export function idBits(id: string): number {
  let bits = idBitsCache.get(id);
  if (bits === undefined) {
    bits = KIND_BITS[idKind(id)] | (namesHidden(id) ? NAMES_HIDDEN : 0);
    if (idBitsCache.size > 20_000) idBitsCache.clear();
    idBitsCache.set(id, bits);
  }
  return bits;
}

/** Whether a lowercased role names page furniture. */
export function isBoilerRole(role: string): boolean {
  return BOILER_ROLES.has(role);
}

function namesHidden(names: string): boolean {
  let hidden = hiddenCache.get(names);
  if (hidden === undefined) {
    hidden = HIDDEN_RE.test(names);
    if (hiddenCache.size > 20_000) hiddenCache.clear();
    hiddenCache.set(names, hidden);
  }
  return hidden;
}

/**
 * Cheap attribute-only check used during the walk (no style computation): hidden by
 * its markup, or `aria-hidden` (not part of the essay's structure either).
 */
export function isHiddenByAttributes(el: Element): boolean {
  return hiddenByMarkup(el) || el.getAttribute('aria-hidden') === 'true';
}

/**
 * Whether a candidate element is invisible to a sighted reader: uses layout and computed
 * style when the document has them (real browsers), the class conventions otherwise.
 */
export function isVisuallyHidden(el: Element, hasLayout: boolean): boolean {
  if (!hasLayout) return false;
  const anyEl = el as Element & { checkVisibility?: (o?: object) => boolean };
  const checked = typeof anyEl.checkVisibility === 'function';
  if (checked && !anyEl.checkVisibility!({ visibilityProperty: true, opacityProperty: true })) return true;
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const cs = view.getComputedStyle(el);
  // checkVisibility() has already answered for display and visibility, when it exists.
  if (!checked && (cs.visibility === 'hidden' || cs.display === 'none')) return true;
  // Screen-reader-only idioms take the element out of flow: only then measure it.
  if (cs.position !== 'absolute' && cs.position !== 'fixed') return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 2 || r.height <= 2) return true;
  // Off-screen positioning ("left: -9999px") is the other screen-reader-only idiom.
  if (r.right < -500 || r.bottom < -500) return true;
  return cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)';
}
