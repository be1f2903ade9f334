import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MarkdownView } from '@/components/MarkdownView';
import { PROMPT_CHIPS, insertPrompt, wordCount } from '@/utils/journal';
import { formatNumber, t } from '@/utils/i18n';

export interface ReflectionEditorProps {
  /** Accessible name, e.g. "Reflection on Therapy cannot give you certainty." */
  label: string;
  value: string;
  placeholder: string;
  onChange: (text: string) => void;
  onFocus?: () => void;
  /** Each new value asks for the editor to open and take the focus (the "R" key, "+ Reflect"). */
  focusToken?: number;
}

const wordsText = (n: number) => (n === 0 ? '' : n === 1 ? t('journalWordOne') : t('journalWords', formatNumber(n)));

/**
 * True where CSS sizes a textarea to its content (`field-sizing: content` in popup.css;
 * Chromium): no script then, since reading scrollHeight forces a layout of the whole
 * journal per editor, which was most of the popup's first-render time.
 */
let cssSizes: boolean | undefined;
const cssSizesFields = () => (cssSizes ??= typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content'));

/** Sets a textarea's height to its content's, so no line scrolls out of view while writing. */
function grow(el: HTMLTextAreaElement | null) {
  if (!el || cssSizesFields()) return;
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + 2}px`;
}

/**
 * A reflection: rendered Markdown when not editing, a textarea that grows with its text
 * while editing. Every change is passed up at once (autosave); the parent decides how to
 * store it.
 */
export function ReflectionEditor(props: ReflectionEditorProps) {
  const [text, setText] = useState(props.value);
  const [editing, setEditing] = useState(!props.value);
  const ref = useRef<HTMLTextAreaElement>(null);
  const focused = useRef(false);

  // Take stored changes (another tab, an import) only while the reader is not typing here.
  useEffect(() => {
    if (!focused.current) {
      setText(props.value);
      if (!props.value) setEditing(true);
    }
  }, [props.value]);

  useEffect(() => {
    if (!props.focusToken) return;
    setEditing(true);
    setTimeout(() => ref.current?.focus(), 0);
  }, [props.focusToken]);

  useLayoutEffect(() => grow(ref.current), [text, editing]);

  const change = (next: string) => {
    setText(next);
    props.onChange(next);
  };

  const startEditing = () => {
    setEditing(true);
    setTimeout(() => ref.current?.focus(), 0);
  };

  const words = wordCount(text);
  if (!editing && text) {
    return (
      <div class="reflection">
        <MarkdownView markdown={text} class="rendered" />
        <div class="reflection-meta">
          <span>{wordsText(words)}</span>
          <button type="button" class="link" aria-label={t('journalEditLabel', props.label)} onClick={startEditing}>
            {t('journalEdit')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="reflection">
      <textarea
        ref={ref}
        class="grow"
        dir="auto"
        aria-label={props.label}
        value={text}
        placeholder={props.placeholder}
        rows={2}
        onFocus={() => {
          focused.current = true;
          props.onFocus?.();
        }}
        onBlur={() => {
          focused.current = false;
          if (text.trim()) setEditing(false);
        }}
        onInput={(e) => change((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <div class="reflection-meta">
        <span class="chips" role="group" aria-label={t('journalPrompts')}>
          {PROMPT_CHIPS.map((p) => (
            <button
              key={p}
              type="button"
              class="chip"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                change(insertPrompt(text, t(p)));
                ref.current?.focus();
              }}
            >
              {t(p)}
            </button>
          ))}
        </span>
        <span aria-live="polite">{wordsText(words)}</span>
      </div>
    </div>
  );
}
