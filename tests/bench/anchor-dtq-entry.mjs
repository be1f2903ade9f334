// Entry bundled for the page so the benchmark can compare with dom-anchor-text-quote.
export { toRange, fromRange } from 'dom-anchor-text-quote';
