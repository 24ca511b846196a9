import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface Described {
  label: string;
  hint?: string;
  error?: string;
}

interface FieldProps extends Described, Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  children?: ReactNode;
}

type TextAreaProps = Described & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>;

/** The control's id and the attributes that tie its hint and error to it. */
function useDescribed(hint?: string, error?: string) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined };
  return { id, hintId, errorId, control };
}

function Frame({ id, label, hint, hintId, error, errorId, children }: Described & { id: string; hintId?: string; errorId?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with an optional hint and error, both tied to the input with aria-describedby. */
export function Field({ label, hint, error, ...input }: FieldProps) {
  const { control, ...ids } = useDescribed(hint, error);
  return (
    <Frame label={label} hint={hint} error={error} {...ids}>
      <input {...control} {...input} />
    </Frame>
  );
}

/** The textarea counterpart of `Field`. */
export function TextArea({ label, hint, error, ...area }: TextAreaProps) {
  const { control, ...ids } = useDescribed(hint, error);
  return (
    <Frame label={label} hint={hint} error={error} {...ids}>
      <textarea {...control} {...area} />
    </Frame>
  );
}
