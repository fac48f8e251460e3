import {
  createContext,
  type FormEvent,
  type ReactNode,
  type Ref,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, NetworkError } from '../api';
import { useI18n } from '../context';
import { assignIssues, type FieldIssue, fieldLabelKey } from '../errors';

// ── page frame ────────────────────────────────────────────────────────────────────────────────────────────

export function PageHeader({
  title,
  intro,
  actions,
}: {
  title: string;
  intro?: string;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {intro ? <p className="intro">{intro}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const hid = useId();
  return (
    <section className="panel" aria-labelledby={hid} id={id}>
      <h2 id={hid}>{title}</h2>
      {children}
    </section>
  );
}

/** The page's success line: announced to screen readers, fades after a few seconds. */
export function Flash({ message }: { message: string | undefined }) {
  return (
    <div className="flash" role="status" aria-live="polite">
      {message ? <span>{message}</span> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" aria-busy="true">
      {t('app.loading')}
    </p>
  );
}

// ── errors ──────────────────────────────────────────────────────────────────────────────────────────────

/** The reason the server gave for one field, when the error names it. */
export const fieldError = (error: unknown, field: string): string | undefined =>
  error instanceof ApiError ? error.fieldError(field) : undefined;

/** The issues of an error that are about fields: none for a stale version or a suspended township. */
const fieldIssuesOf = (error: unknown): FieldIssue[] =>
  error instanceof ApiError && !error.stale && !error.errors.some((e) => e.reason === 'tenant suspended')
    ? error.errors
    : [];

interface IssueScopeValue {
  error: unknown;
  names: readonly string[];
  register(name: string): () => void;
}

const IssueScopeContext = createContext<IssueScopeValue | undefined>(undefined);

/**
 * A form whose fields show the API's issues under themselves. Each `Field` with a `name` inside takes the
 * issues that name it (`assignIssues`: `reason` takes `body.reason`), and an `ErrorBanner` inside shows only
 * what no field took, so a reason is never shown twice nor beside a raw key.
 */
export function IssueScope({ error, children }: { error: unknown; children: ReactNode }) {
  const [names, setNames] = useState<readonly string[]>([]);
  const register = useCallback((name: string) => {
    setNames((n) => [...n, name]);
    return () =>
      setNames((n) => {
        const i = n.indexOf(name);
        return i < 0 ? n : [...n.slice(0, i), ...n.slice(i + 1)];
      });
  }, []);
  const value = useMemo(() => ({ error, names, register }), [error, names, register]);
  return <IssueScopeContext.Provider value={value}>{children}</IssueScopeContext.Provider>;
}

/** The reasons the enclosing IssueScope's error gives for the field `name`, if any. */
function useScopedIssue(name: string | undefined): string | undefined {
  const scope = useContext(IssueScopeContext);
  const register = scope?.register;
  useLayoutEffect(() => (name && register ? register(name) : undefined), [name, register]);
  if (!name || !scope) return undefined;
  const issues = fieldIssuesOf(scope.error);
  if (!issues.length) return undefined;
  return assignIssues(issues, [...scope.names, name])
    .byField.get(name)
    ?.join('；');
}

/**
 * An error above a form or a table: the problem's title and detail, and every field error that no form field
 * shows, labelled with the field's name in words (`field.<name>`) or with nothing, never with the API's key.
 * Inside an IssueScope the fields with a `name` take theirs; `claimed` lists more fields shown next to their
 * field by hand. When the fields take every issue, there is no banner: each reason is under its field.
 * Server text is text, never HTML.
 */
export function ErrorBanner({
  error,
  claimed = [],
  onReload,
}: {
  error: unknown;
  claimed?: readonly string[];
  onReload?: () => void;
}) {
  const { t } = useI18n();
  const scope = useContext(IssueScopeContext);
  if (!error) return null;
  let title = t('error.unexpected');
  let detail: string | undefined;
  let rest: FieldIssue[] = [];
  let conflict = false;
  if (error instanceof NetworkError) title = t('error.network');
  else if (error instanceof ApiError) {
    conflict = error.stale;
    const suspended = error.status === 403 && error.errors.some((e) => e.reason === 'tenant suspended');
    const issues = fieldIssuesOf(error);
    ({ rest } = assignIssues(issues, [...(scope?.names ?? []), ...claimed]));
    const claimedAny = rest.length < issues.length;
    // Every reason is under its field: nothing left to say up here.
    if (claimedAny && !rest.length && error.status !== 403) return null;
    if (conflict) title = t('error.conflict');
    else if (suspended) title = t('error.suspended');
    else if (error.status === 403) title = t('error.forbidden');
    else if (claimedAny) title = t('error.fieldsBelow');
    else if (error.status === 409 && error.detail) {
      // A 409 that is not a stale version (a revoked link's poster…): its own sentence says what happened,
      // where the status's title would say that someone else changed the record.
      title = error.detail;
    } else {
      title = error.title;
      detail = error.detail && !error.title.includes(error.detail) ? error.detail : undefined;
    }
    // An issue that only repeats what the title or the detail already says needs no line of its own.
    rest = rest.filter((e) => !title.includes(e.reason) && !detail?.includes(e.reason));
  }
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      {detail ? <p>{detail}</p> : null}
      {rest.length ? (
        <ul>
          {rest.map((e) => {
            const key = fieldLabelKey(e.field);
            return <li key={`${e.field}:${e.reason}`}>{key ? `${t(key)}：${e.reason}` : e.reason}</li>;
          })}
        </ul>
      ) : null}
      {conflict && onReload ? (
        <button type="button" className="btn" onClick={onReload}>
          {t('common.reload')}
        </button>
      ) : null}
    </div>
  );
}

// ── form fields ─────────────────────────────────────────────────────────────────────────────────────────

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  required: boolean | undefined;
}

/** A choice of one among a few options, as radio buttons under a legend. */
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  className = 'checkbox-group',
}: {
  legend: string;
  name: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled multi-line text field: a `Field` around a textarea, its value as a string. */
export function TextAreaField({
  rows,
  maxLength,
  value,
  onChange,
  ...field
}: Omit<Parameters<typeof Field>[0], 'children'> & {
  rows: number;
  maxLength: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          maxLength={maxLength}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * A labelled control with its hint and its error, wired for assistive technology. The error is `error` when
 * given (a check of the form's own), else what the enclosing IssueScope's API error says about `name` (the
 * field as the API names it: `reason` for `body.reason`).
 */
export function Field({
  label,
  hint,
  error: own,
  name,
  required,
  optional,
  children,
  className,
}: {
  label: string;
  hint?: string;
  error?: string;
  /** The field's name in the API's issues (`text`, `admin.username`); its issues show here. */
  name?: string;
  required?: boolean;
  optional?: boolean;
  children: (props: ControlProps) => ReactNode;
  className?: string;
}) {
  const { t } = useI18n();
  const scoped = useScopedIssue(name);
  const error = own ?? scoped;
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional">{t('common.optionalNote')}</span> : null}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required })}
      {error ? (
        <p className="field-error" id={errId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

// ── dialogs ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A modal on the native <dialog>: focus is trapped by the browser, Esc closes it. It opens with the focus on
 * the element marked `data-autofocus` (else the browser's first focusable one), and when it closes, or is
 * taken away, the focus goes back to what had it before: the button that opened it.
 */
export function Modal({
  title,
  open,
  onClose,
  children,
  wide,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const hid = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (d.open) d.close();
      if (opener?.isConnected && !opener.closest('dialog:not([open])')) opener.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal-wide' : ''}`}
      aria-labelledby={hid}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={hid}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/**
 * After a refusal (`error`), the first field of the form marked invalid takes the focus: the clerk lands on what
 * to fix, and a screen reader reads its error with it. Put the ref on the <form>.
 */
export function useFocusFirstInvalid(error: unknown) {
  const form = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  return form;
}

/**
 * A form's sending: `run` does the request (and, on success, what follows: closing the dialog); while it runs
 * the form is `busy`, and what it throws is kept as `error` for the form to show, with the form usable again.
 */
export function useSubmit(run: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const form = useFocusFirstInvalid(error);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (e?.currentTarget instanceof HTMLFormElement) form.current = e.currentTarget;
    setBusy(true);
    setError(undefined);
    try {
      await run();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { busy, error, submit, setError };
}

/** The units of the township as a select's options, after whatever first option (全部, —) the select leads with. */
export function UnitOptions({ units }: { units: readonly { unitId: string; name: string }[] | undefined }) {
  return (
    <>
      {(units ?? []).map((u) => (
        <option key={u.unitId} value={u.unitId}>
          {u.name}
        </option>
      ))}
    </>
  );
}

/**
 * A form's two buttons: send and cancel. The send button says `label` (default 保存), and while `busy`,
 * `busyLabel` (default 正在保存…); `disabled` holds it back for a reason of the form's own (nothing chosen yet).
 */
export function FormActions({
  busy,
  label,
  busyLabel,
  danger,
  disabled,
  onCancel,
}: {
  busy: boolean;
  /** What the send button says; default 保存 / Save. */
  label?: string;
  /** What it says while busy; default 正在保存… / Saving…. */
  busyLabel?: string;
  danger?: boolean;
  /** Holds the send button back even when not busy. */
  disabled?: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button
        type="submit"
        className={danger ? 'btn btn-danger' : 'btn btn-primary'}
        disabled={busy || !!disabled}
      >
        {busy ? (busyLabel ?? t('common.saving')) : (label ?? t('common.save'))}
      </button>
      <button type="button" className="btn" onClick={onCancel} disabled={busy}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/**
 * A dialog that is one form (not validated by the browser): `intro` (a string stands as a paragraph), the error
 * banner (`banner`, else an ErrorBanner of `error`), the fields, and FormActions whose cancel is `onClose`;
 * the fields show their issues of `error` under themselves.
 */
export function DialogForm({
  title,
  wide,
  onClose,
  onSubmit,
  formRef,
  error,
  intro,
  banner,
  children,
  ...actions
}: {
  title: string;
  wide?: boolean;
  onClose: () => void;
  onSubmit: (e: FormEvent) => void;
  formRef?: Ref<HTMLFormElement>;
  error: unknown;
  intro?: ReactNode;
  /** In place of `<ErrorBanner error={error} />`. */
  banner?: ReactNode;
  children: ReactNode;
} & Omit<Parameters<typeof FormActions>[0], 'onCancel'>) {
  return (
    <Modal title={title} open onClose={onClose} wide={wide}>
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <IssueScope error={error}>
          {typeof intro === 'string' ? <p>{intro}</p> : intro}
          {banner ?? <ErrorBanner error={error} />}
          {children}
          <FormActions {...actions} onCancel={onClose} />
        </IssueScope>
      </form>
    </Modal>
  );
}

/** "Are you sure?" with the consequence spelled out; `onConfirm` may fail, and its error is shown in place. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit(onConfirm);
  return (
    <Modal title={title} open onClose={onClose}>
      <p>{message}</p>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button
          type="button"
          className={danger ? 'btn btn-danger' : 'btn btn-primary'}
          disabled={busy}
          onClick={() => void submit()}
        >
          {confirmLabel}
        </button>
        {/* A destructive confirm opens on the safe choice: Enter at once does not destroy. */}
        <button
          type="button"
          className="btn"
          onClick={onClose}
          disabled={busy}
          {...(danger ? { 'data-autofocus': true } : {})}
        >
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}

/**
 * Copies `text`. It says what it copies (`caption`: 复制短网址) where two copy buttons stand together, else
 * 复制; `label` names it for assistive technology.
 */
export function CopyButton({ text, label, caption }: { text: string; label?: string; caption?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
        aria-label={label}
      >
        {state === 'copied' ? t('common.copied') : (caption ?? t('common.copy'))}
      </button>
      <span className="sr-status" role="status">
        {state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}

/** A one-time credential: shown once, with a copy button, then gone. */
export function CredentialDialog({
  username,
  password,
  onClose,
}: {
  username: string;
  password: string | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal title={t('credential.title')} open onClose={onClose}>
      {password ? (
        <>
          <p>{t('credential.once', { username })}</p>
          <div className="credential">
            <span className="credential-label">{t('credential.password')}</span>
            <code className="credential-value">{password}</code>
            <CopyButton text={password} label={`${t('common.copy')} ${t('credential.password')}`} />
          </div>
        </>
      ) : (
        <p>{t('credential.none', { username })}</p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('credential.done')}
        </button>
      </div>
    </Modal>
  );
}

// ── tables ──────────────────────────────────────────────────────────────────────────────────────────────

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
  /** The header cell's aria-sort, for sortable columns. */
  sort?: 'ascending' | 'descending' | 'none';
}

/** A dense, captioned table that scrolls sideways on a phone instead of squeezing. */
export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  captionHidden = true,
  stackOnPhone = false,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: string;
  captionHidden?: boolean;
  /**
   * On a phone, each row as a card of its cells, each under its column's name, instead of a table scrolled
   * sideways: for a list whose point is a long text and the buttons after it (residents' feedback, form links).
   */
  stackOnPhone?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className={stackOnPhone ? 'table table-stack' : 'table'}>
        <caption className={captionHidden ? 'sr-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.className} aria-sort={c.sort}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? t('common.empty')}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={c.className}
                    data-label={stackOnPhone && typeof c.header === 'string' ? c.header : undefined}
                  >
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'ok' | 'warn' | 'muted' | 'info' | 'bad';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
