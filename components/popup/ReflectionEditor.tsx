import { useEffect, useRef, useState } from 'preact/hooks';
import { MarkdownView } from '@/components/MarkdownView';
import { PROMPT_CHIPS, insertPrompt, wordCount } from '@/utils/journal';

export interface ReflectionEditorProps {
  /** Accessible name, e.g. "Reflection on Therapy cannot give you certainty." */
  label: string;
  value: string;
  placeholder: string;
  onChange: (text: string) => void;
  onFocus?: () => void;
}

/**
 * A reflection: rendered Markdown when not editing, a textarea while editing. Every
 * change is passed up at once (autosave); the parent decides how to store it.
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
          <span>{words === 1 ? '1 word' : `${words} words`}</span>
          <button type="button" class="link" aria-label={`Edit ${props.label.toLowerCase()}`} onClick={startEditing}>
            Edit
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="reflection">
      <textarea
        ref={ref}
        aria-label={props.label}
        value={text}
        placeholder={props.placeholder}
        rows={3}
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
        <span class="chips" role="group" aria-label="Prompts">
          {PROMPT_CHIPS.map((p) => (
            <button
              key={p}
              type="button"
              class="chip"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                change(insertPrompt(text, p));
                ref.current?.focus();
              }}
            >
              {p}
            </button>
          ))}
        </span>
        <span aria-live="polite">{words === 0 ? '' : words === 1 ? '1 word' : `${words} words`}</span>
      </div>
    </div>
  );
}
